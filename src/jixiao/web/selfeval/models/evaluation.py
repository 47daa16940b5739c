"""A project's 自评: one ``SelfEvaluation`` per project of an approved plan, its rows.

Rows are copied from the approved targets when the self-evaluation starts (level1/level2,
name, target; points by the region's policy), so later adjustments of the plan do not
rewrite a year-end record. The unit types 实际完成值, its own 得分 and, where a row falls
short, 未完成原因及改进措施. The rules' scores are never stored as the unit's: they are
computed by the core (``services.scoring``) and only cached for lists (``total``,
``grade``, ``departures``). Who may see one is ``SelfEvaluation.objects.visible_to(user)``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao.core.scoring.policy import PolicyError, policy_from_overrides
from jixiao.core.workflow import STATE_LABELS, State
from jixiao.web.choices import choices_of
from jixiao.web.orgs.access import RestrictedQuerySet
from jixiao.web.orgs.models import Region, Unit
from jixiao.web.plans.models import Indicator, Project

__all__ = ["EvalRow", "RegionPolicy", "SelfEvaluation"]


def _money(label: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(label, max_digits=18, decimal_places=6, null=True, blank=True)


class RegionPolicy(models.Model):
    """The scoring policy of a region: override keys on ``mof-2020`` (docs/scoring.md)."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="scoring_policy", verbose_name=_("地区")
    )
    overrides: models.JSONField[Any] = models.JSONField(
        _("评分规则"), encoder=DjangoJSONEncoder, default=dict, blank=True
    )

    class Meta:
        verbose_name = _("评分规则")
        verbose_name_plural = _("评分规则")

    def __str__(self) -> str:
        return f"{self.region} 评分规则"

    def clean(self) -> None:
        """Refuse what the core would refuse (unknown keys, sums ≠ 100 …), in Chinese."""
        try:
            policy_from_overrides(self.overrides or {}, source=str(self.region))
        except PolicyError as exc:
            raise ValidationError({"overrides": str(exc)}) from None


class SelfEvaluationQuerySet(RestrictedQuerySet["SelfEvaluation"]):
    pass


class SelfEvaluation(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="selfevaluations", verbose_name=_("单位")
    )
    project = models.OneToOneField(
        Project, on_delete=models.PROTECT, related_name="selfevaluation", verbose_name=_("项目")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    # The policy as override keys (None: mof-2020), copied from the region at start so
    # that a later change of the region's policy does not rescore a submitted table.
    policy: models.JSONField[Any] = models.JSONField(
        _("评分规则"), encoder=DjangoJSONEncoder, null=True, blank=True
    )
    status = models.CharField(
        _("状态"), max_length=32, choices=choices_of(STATE_LABELS), default=State.DRAFT.value
    )
    version = models.PositiveIntegerField(_("修改次数"), default=1)
    funds_initial = _money(_("年初预算数"))
    funds_annual = _money(_("全年预算数"))
    funds_executed = _money(_("全年执行数"))
    execution_points = _money(_("预算执行率分值"))
    execution_score = _money(_("预算执行率得分"))
    goal = models.TextField(_("年度总体目标"), blank=True, default="")
    goal_actual = models.TextField(_("总体目标实际完成情况"), blank=True, default="")
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("复核通过时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("更新人"),
    )
    # Cached by services.scoring.refresh (lists and the county page show hundreds).
    total = _money(_("总分（按规则）"))
    grade = models.CharField(_("等级（按规则）"), max_length=8, blank=True, default="")
    claimed_total = _money(_("总分（单位自评）"))
    departures = models.PositiveIntegerField(_("复核差异"), default=0)

    objects = SelfEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("绩效自评")
        verbose_name_plural = _("绩效自评")
        ordering = ["-year", "unit__name", "project__position", "id"]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return f"{self.project} {self.year}年自评"


class EvalRow(models.Model):
    evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.CASCADE, related_name="rows", verbose_name=_("自评")
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("绩效指标"),
    )
    position = models.PositiveIntegerField(_("序号"), default=0)
    level1 = models.CharField(_("一级指标"), max_length=50, blank=True, default="")
    level2 = models.CharField(_("二级指标"), max_length=50, blank=True, default="")
    name = models.CharField(_("三级指标"), max_length=300, blank=True, default="")
    target = models.CharField(_("年度指标值"), max_length=300, blank=True, default="")
    points = _money(_("分值"))
    actual = models.CharField(_("实际完成值"), max_length=300, blank=True, default="")
    score = _money(_("得分"))
    reason = models.TextField(_("未完成原因及改进措施"), blank=True, default="")

    class Meta:
        verbose_name = _("自评指标")
        verbose_name_plural = _("自评指标")
        ordering = ["evaluation", "position", "id"]

    def __str__(self) -> str:
        return self.name or f"指标 {self.position + 1}"
