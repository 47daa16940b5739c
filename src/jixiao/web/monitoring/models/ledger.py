"""Payment ledgers (支付明细) imported into a monitoring round, and their payments (元).

An upload is read by the core (``core.monitoring.read_ledger``, all or nothing) and
stored as a *pending* import the user previews; confirming makes it the round's active
ledger and marks the previous one superseded (kept, never deleted: the history of what
was counted). A ledger export is the year to date, so one active import holds all the
payments a round counts. Ledgers belong to the round, not the plan: a round that was
submitted and approved keeps the figures it was approved with.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao.web.orgs.access import RestrictedQuerySet


class LedgerStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    ACTIVE = "active", _("在用")
    SUPERSEDED = "superseded", _("已被替换")


class LedgerQuerySet(RestrictedQuerySet["LedgerImport"]):
    unit_path = "round__plan__unit"


class LedgerImport(models.Model):
    round = models.ForeignKey(
        "monitoring.MonitoringRound", on_delete=models.PROTECT, related_name="ledgers",
        verbose_name=_("监控轮次"),
    )  # fmt: skip
    filename = models.CharField(_("文件名"), max_length=255)
    status = models.CharField(
        _("状态"), max_length=16, choices=LedgerStatus.choices, default=LedgerStatus.PENDING
    )
    rows = models.PositiveIntegerField(_("行数"), default=0)
    payment_count = models.PositiveIntegerField(_("支付笔数"), default=0)
    duplicate_count = models.PositiveIntegerField(_("重复笔数"), default=0)
    money_unit = models.CharField(_("金额单位"), max_length=8, default="元")
    # What the preview shows: columns recognised, per-project totals, duplicates.
    summary: models.JSONField[Any] = models.JSONField(
        encoder=DjangoJSONEncoder, default=dict, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("导入人"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("替换时间"), null=True, blank=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("支付明细导入")
        verbose_name_plural = _("支付明细导入")
        ordering = ["round", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round"], condition=models.Q(status="active"),
                name="ledger_one_active_per_round",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class LedgerPayment(models.Model):
    ledger = models.ForeignKey(
        LedgerImport, on_delete=models.CASCADE, related_name="payments", verbose_name=_("导入")
    )
    project_key = models.CharField(_("项目"), max_length=300)
    date = models.DateField(_("支付日期"))
    amount = models.DecimalField(_("金额（元）"), max_digits=18, decimal_places=2)
    voucher = models.CharField(_("凭证号"), max_length=100, blank=True, default="")
    row = models.PositiveIntegerField(_("行号"), null=True)

    class Meta:
        verbose_name = _("支付记录")
        verbose_name_plural = _("支付记录")
        ordering = ["ledger", "date", "id"]
        indexes = [models.Index(fields=["ledger", "project_key", "date"])]

    def __str__(self) -> str:
        return f"{self.project_key} {self.date} {self.amount}"
