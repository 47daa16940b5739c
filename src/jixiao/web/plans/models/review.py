"""What the targets' review records: transitions, review comments, notifications, deadlines.

Transitions and comments are append-only: never edited or deleted, and a plan that has
any cannot be deleted (``on_delete=PROTECT``: a plan that ever left draft has a
transition). Notifications are only marked read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao.core.workflow import ACTION_LABELS
from jixiao.web.choices import choices_of
from jixiao.web.orgs.models import Region, Unit


class Transition(models.Model):
    """One move of a plan between states: who, when, from → to, and the comment given."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="transitions", verbose_name=_("计划")
    )
    action = models.CharField(_("操作"), max_length=32, choices=choices_of(ACTION_LABELS))
    from_state = models.CharField(_("原状态"), max_length=32)
    to_state = models.CharField(_("新状态"), max_length=32)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("意见"), blank=True, default="")

    class Meta:
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")
        ordering = ["plan", "at", "id"]
        indexes = [models.Index(fields=["plan", "at"])]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.from_state} → {self.to_state}"


class ReviewComment(models.Model):
    """A reviewer's (or the unit's reply) comment on a plan, one project or one indicator.

    ``subject`` keeps a readable label of what was commented on, so the comment stays
    legible in the history even after the unit deletes the indicator it concerned.
    """

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="comments", verbose_name=_("计划")
    )
    project = models.ForeignKey(
        "plans.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("项目"),
    )
    indicator = models.ForeignKey(
        "plans.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("指标"),
    )
    subject = models.CharField(_("意见对象"), max_length=400, blank=True, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("提出人"),
    )
    transition = models.ForeignKey(
        Transition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("随流转提出"),
    )
    text = models.TextField(_("意见"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审核意见")
        verbose_name_plural = _("审核意见")
        ordering = ["plan", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class NotificationKind(models.TextChoices):
    REVIEW = "review", _("待审核")
    RETURNED = "returned", _("被退回")
    APPROVED = "approved", _("已通过")
    COMMENT = "comment", _("审核意见")
    DEADLINE = "deadline", _("截止日期")
    REMINDER = "reminder", _("催报")


class Notification(models.Model):
    """An item of a user's to-do list inside the application (no e-mail in county networks)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("接收人"),
    )
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("计划"),
    )
    kind = models.CharField(_("类型"), max_length=16, choices=NotificationKind.choices)
    message = models.CharField(_("通知内容"), max_length=500)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message


class Deadline(models.Model):
    """目标申报截止日期 of a region and year: plans not submitted by then are overdue."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("地区")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    due = models.DateField(_("申报截止日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("申报截止日期")
        verbose_name_plural = _("申报截止日期")
        ordering = ["region", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="deadline_unique_region_year")
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}年 {self.due}"


class Reminder(models.Model):
    """A 催报: the finance bureau reminded an overdue unit to submit a year's targets.

    Append-only like transitions (who, when, how many people were told, how many by
    e-mail); the deadlines page shows the last one per unit, the plan's history all.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("单位")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("催报人"),
    )
    sent_at = models.DateTimeField(_("时间"), auto_now_add=True)
    message = models.CharField(_("催报内容"), max_length=500)
    recipients = models.PositiveIntegerField(_("通知人数"), default=0)
    emailed = models.PositiveIntegerField(_("邮件人数"), default=0)

    class Meta:
        verbose_name = _("催报")
        verbose_name_plural = _("催报")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.sent_at:%Y-%m-%d}"
