"""A monitoring round: one plan monitored at one as-of date (1~N月, docs/rules.md#m2).

The finance bureau sets the schedule (as-of date and due date); each current plan of the
region and year gets a round. The round moves through the targets' workflow states
(``jixiao.core.workflow``): the unit submits, the supervising department and the finance
bureau approve or return. ``RoundTransition`` is the append-only record of those moves.
``ProjectStatus`` caches the core's result per project (lamp, rate, key monitoring) so
that the county overview is SQL aggregates, refreshed on every write
(``services.results.refresh_results``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jixiao.core.workflow import ACTION_LABELS, STATE_LABELS, State
from jixiao.web.choices import choices_of
from jixiao.web.orgs.access import RestrictedQuerySet

LAMP_CHOICES = [("red", _("红灯")), ("yellow", _("黄灯")), ("green", _("绿灯"))]


class RoundQuerySet(RestrictedQuerySet["MonitoringRound"]):
    unit_path = "plan__unit"


class MonitoringRound(models.Model):
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="monitoring_rounds",
        verbose_name=_("绩效目标"),
    )  # fmt: skip
    as_of = models.DateField(_("监控截止日期"))
    due = models.DateField(_("报送截止日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=32, choices=choices_of(STATE_LABELS), default=State.DRAFT.value
    )
    version = models.PositiveIntegerField(_("修改次数"), default=1)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("更新人"),
    )  # fmt: skip
    # The core's result, cached (services.results): the county overview sums these.
    red = models.PositiveIntegerField(_("红灯"), default=0)
    yellow = models.PositiveIntegerField(_("黄灯"), default=0)
    green = models.PositiveIntegerField(_("绿灯"), default=0)
    key_count = models.PositiveIntegerField(_("重点监控"), default=0)
    error_count = models.PositiveIntegerField(_("错误"), default=0)
    budget = models.DecimalField(_("预算数"), max_digits=18, decimal_places=6, default=0)
    executed = models.DecimalField(_("执行数"), max_digits=18, decimal_places=6, default=0)
    lamp = models.CharField(_("整体预警"), max_length=8, choices=LAMP_CHOICES, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)

    history = HistoricalRecords(
        excluded_fields=[
            "red", "yellow", "green", "key_count", "error_count", "budget", "executed",
            "lamp", "computed_at",
        ]
    )  # fmt: skip

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("监控轮次")
        verbose_name_plural = _("监控轮次")
        ordering = ["-as_of", "plan__unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "as_of"], name="round_unique_plan_as_of")
        ]

    def __str__(self) -> str:
        return f"{self.plan} 1~{self.as_of.month}月"

    @property
    def label(self) -> str:
        return f"1~{self.as_of.month}月"

    @property
    def is_editable(self) -> bool:
        return self.status == State.DRAFT.value


class RoundTransition(models.Model):
    """One move of a round between states: who, when, from → to, the comment (append-only)."""

    round = models.ForeignKey(
        MonitoringRound, on_delete=models.PROTECT, related_name="transitions",
        verbose_name=_("监控轮次"),
    )  # fmt: skip
    action = models.CharField(_("操作"), max_length=32, choices=choices_of(ACTION_LABELS))
    from_state = models.CharField(_("原状态"), max_length=32)
    to_state = models.CharField(_("新状态"), max_length=32)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("操作人"),
    )  # fmt: skip
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("意见"), blank=True, default="")

    class Meta:
        verbose_name = _("监控流转记录")
        verbose_name_plural = _("监控流转记录")
        ordering = ["round", "at", "id"]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.from_state} → {self.to_state}"


class ProjectStatusQuerySet(RestrictedQuerySet["ProjectStatus"]):
    unit_path = "round__plan__unit"


class ProjectStatus(models.Model):
    """The core's result for one project of a round (a cache, rebuilt on every write)."""

    round = models.ForeignKey(
        MonitoringRound, on_delete=models.CASCADE, related_name="statuses",
        verbose_name=_("监控轮次"),
    )  # fmt: skip
    project = models.ForeignKey(
        "plans.Project", on_delete=models.CASCADE, related_name="+", verbose_name=_("项目")
    )
    lamp = models.CharField(_("预警"), max_length=8, choices=LAMP_CHOICES, blank=True)
    budget = models.DecimalField(_("预算数"), max_digits=18, decimal_places=6, null=True)
    executed = models.DecimalField(_("执行数"), max_digits=18, decimal_places=6, default=0)
    execution_rate = models.DecimalField(_("执行率"), max_digits=12, decimal_places=4, null=True)
    ratio = models.DecimalField(_("比值"), max_digits=12, decimal_places=2, null=True)
    key = models.BooleanField(_("重点监控"), default=False)
    # Selected by the finance bureau (M1) rather than by the rule (M12); ``key`` is either.
    flagged = models.BooleanField(_("财政指定重点监控"), default=False)
    error_count = models.PositiveIntegerField(_("错误"), default=0)

    objects = ProjectStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目监控结果")
        verbose_name_plural = _("项目监控结果")
        ordering = ["round", "project__position", "id"]
        indexes = [models.Index(fields=["round", "lamp"]), models.Index(fields=["key", "round"])]

    def __str__(self) -> str:
        return f"{self.project} {self.lamp}"
