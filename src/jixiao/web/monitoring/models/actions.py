"""What the finance bureau does about what it sees (M1): key monitoring, a correction
(整改要求, with a deadline, answered by the unit with 整改结果) and funding measures
(暂缓拨付 / 调减 / 收回), each with its reason, on one project of a round.

Append-only: an action is never deleted or rewritten; lifting key monitoring is a new
action, and the unit's answer to a correction is kept with its history (who, when).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jixiao.web.orgs.access import RestrictedQuerySet


class ActionKind(models.TextChoices):
    KEY = "key", _("列为重点监控")
    KEY_LIFTED = "key_lifted", _("解除重点监控")
    CORRECTION = "correction", _("整改要求")
    SUSPEND = "suspend", _("暂缓拨付")
    REDUCE = "reduce", _("调减预算")
    WITHDRAW = "withdraw", _("收回资金")


#: Kinds that are funding measures (M1: suspension, reduction, withdrawal).
FUNDING = frozenset({ActionKind.SUSPEND, ActionKind.REDUCE, ActionKind.WITHDRAW})


class ActionQuerySet(RestrictedQuerySet["FinanceAction"]):
    unit_path = "round__plan__unit"


class FinanceAction(models.Model):
    round = models.ForeignKey(
        "monitoring.MonitoringRound", on_delete=models.PROTECT, related_name="actions",
        verbose_name=_("监控轮次"),
    )  # fmt: skip
    project = models.ForeignKey(
        "plans.Project", on_delete=models.PROTECT, related_name="+", verbose_name=_("项目")
    )
    kind = models.CharField(_("措施"), max_length=16, choices=ActionKind.choices)
    text = models.TextField(_("原因或要求"))
    due = models.DateField(_("整改期限"), null=True, blank=True)
    amount = models.DecimalField(
        _("金额（万元）"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("提出人"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    response = models.TextField(_("整改结果"), blank=True, default="")
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("答复人"),
    )  # fmt: skip
    responded_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("财政监控措施")
        verbose_name_plural = _("财政监控措施")
        ordering = ["round", "project", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.project}"

    @property
    def open_correction(self) -> bool:
        return self.kind == ActionKind.CORRECTION and not self.response
