"""A background job: what was asked, by whom, how far it got, and how it ended."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


#: States of a job that is still to finish (one per idempotency key at a time).
ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)


class Job(models.Model):
    kind = models.CharField(_("任务类型"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="jobs",
        verbose_name=_("发起人"),
    )
    #: Same key → same work: asking again while it runs returns the running job.
    key = models.CharField(_("幂等键"), max_length=200)
    params: models.JSONField[Any] = models.JSONField(
        _("参数"), encoder=DjangoJSONEncoder, default=dict, blank=True
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=JobState.choices, default=JobState.QUEUED
    )
    done = models.PositiveIntegerField(_("已处理"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    result: models.JSONField[Any] = models.JSONField(
        _("结果"), encoder=DjangoJSONEncoder, null=True, blank=True
    )
    #: Shown to the user, in Chinese; the traceback goes to the log.
    error = models.TextField(_("错误信息"), blank=True, default="")
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    #: Last sign of life of a running job (progress writes it); a stale one is resumed.
    heartbeat_at = models.DateTimeField(_("最近进度"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(state__in=["queued", "running"]),
                name="job_one_active_per_key",
            )
        ]
        indexes = [models.Index(fields=["user", "kind", "-created_at"], name="job_user_kind")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
