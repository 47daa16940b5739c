"""The self-evaluation's record: every change (who, when, old → new) and every transition.

Both tables are append-only: nothing in the app updates or deletes a row, and the
foreign keys protect them (docs/selfeval.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao.core.workflow import ACTION_LABELS, STATE_LABELS
from jixiao.web.choices import choices_of
from jixiao.web.selfeval.models.evaluation import EvalRow, SelfEvaluation

__all__ = ["Change", "EvalTransition"]


def _user() -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )


class Change(models.Model):
    evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.PROTECT, related_name="changes", verbose_name=_("自评")
    )
    row = models.ForeignKey(
        EvalRow,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("自评指标"),
    )
    field = models.CharField(_("字段"), max_length=64)
    label = models.CharField(_("内容"), max_length=100)
    old = models.TextField(_("原值"), blank=True, default="")
    new = models.TextField(_("新值"), blank=True, default="")
    user = _user()
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("自评修改记录")
        verbose_name_plural = _("自评修改记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.label}：{self.old} → {self.new}"


class EvalTransition(models.Model):
    evaluation = models.ForeignKey(
        SelfEvaluation,
        on_delete=models.PROTECT,
        related_name="transitions",
        verbose_name=_("自评"),
    )
    action = models.CharField(_("操作"), max_length=32, choices=choices_of(ACTION_LABELS))
    from_state = models.CharField(_("原状态"), max_length=32, choices=choices_of(STATE_LABELS))
    to_state = models.CharField(_("新状态"), max_length=32, choices=choices_of(STATE_LABELS))
    user = _user()
    comment = models.TextField(_("意见"), blank=True, default="")
    # A return from 复核 carries the departures the reviewer saw (docs/formats.md#3-findings).
    findings: models.JSONField[Any] = models.JSONField(
        _("复核差异"), encoder=DjangoJSONEncoder, default=list, blank=True
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("自评流转")
        verbose_name_plural = _("自评流转")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.evaluation} {self.get_action_display()}"
