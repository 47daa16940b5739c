"""The targets: Plan → Project → Indicator, with django-simple-history on all three.

Decimal columns hold amounts for sorting and sums; ``written`` keeps the digits as
published ("96.00"), because the database column has a fixed scale and docs/formats.md
promises money exactly as written (docs/formats.md). ``services.mapping`` reconciles the
two.

Workflow: a plan moves through the states of ``jixiao.core.workflow.State``. An
adjustment (调整) of an approved plan is a new ``Plan`` row with ``previous`` pointing at
the version it adjusts and ``version_no`` one higher; ``is_current`` marks the newest version of a unit and year (the one lists show). The
approved version stays in force until its adjustment is approved, then it is marked
``superseded_at``. Transitions, review comments, notifications and deadlines live in
``models.review``. Who may see a plan is ``Plan.objects.visible_to(user)``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jixiao.core.workflow import STATE_LABELS, State
from jixiao.web.choices import choices_of
from jixiao.web.orgs.access import RestrictedQuerySet
from jixiao.web.orgs.models import AnyUser, Unit

#: Statuses in which the plan may still be changed: submitting locks it for the unit,
#: approving for everyone; a return goes back to draft (``core.workflow.can_edit``).
EDITABLE_STATUSES = frozenset({State.DRAFT.value})


class PlanQuerySet(RestrictedQuerySet["Plan"]):
    def current(self) -> PlanQuerySet:
        """The newest version of each unit and year (what overviews list)."""
        return self.filter(is_current=True)

    def editable_by(self, user: AnyUser) -> PlanQuerySet:
        """Plans ``user`` may change now: drafts of the units they write for."""
        return self.in_writable_units(user).filter(status__in=EDITABLE_STATUSES)


class Plan(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="plans", verbose_name=_("单位")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    money_unit = models.CharField(_("金额单位"), max_length=8, blank=True, default="万元")
    overall: models.JSONField[Any] = models.JSONField(
        _("部门整体绩效目标"), encoder=DjangoJSONEncoder, null=True, blank=True
    )
    region_info: models.JSONField[Any] = models.JSONField(
        encoder=DjangoJSONEncoder, default=dict, blank=True
    )
    department_info: models.JSONField[Any] = models.JSONField(
        encoder=DjangoJSONEncoder, default=dict, blank=True
    )
    status = models.CharField(
        _("状态"), max_length=32, choices=choices_of(STATE_LABELS), default=State.DRAFT.value
    )
    # ``version`` counts saves (optimistic locking of forms); ``version_no`` counts
    # adjustments (第 1 版 is the original target, 第 2 版 its first adjustment …).
    version = models.PositiveIntegerField(_("修改次数"), default=1)
    version_no = models.PositiveSmallIntegerField(_("版本号"), default=1)
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adjustments",
        verbose_name=_("调整前版本"),
    )
    is_current = models.BooleanField(_("最新版本"), default=True)
    adjustment_reason = models.TextField(_("调整原因"), blank=True, default="")
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("批复时间"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("被调整替代时间"), null=True, blank=True)
    # An adjustment the unit withdrew stays, marked, with its history and review.
    cancelled_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
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
    # Check results cached by services.refresh_findings (overview pages list hundreds of
    # plans; running every rule per page view would not scale).
    error_count = models.PositiveIntegerField(_("错误"), default=0)
    warning_count = models.PositiveIntegerField(_("警告"), default=0)
    checked_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    extra: models.JSONField[Any] = models.JSONField(
        encoder=DjangoJSONEncoder, default=dict, blank=True
    )

    history = HistoricalRecords(excluded_fields=["error_count", "warning_count", "checked_at"])

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("绩效目标")
        verbose_name_plural = _("绩效目标")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=models.Q(is_current=True),
                name="plan_unique_current_unit_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "version_no"], name="plan_unique_unit_year_version"
            ),
        ]

    def __str__(self) -> str:
        if self.version_no > 1:
            return f"{self.unit} {self.year}年（第{self.version_no}版）"
        return f"{self.unit} {self.year}年"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES and self.cancelled_at is None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_adjustment(self) -> bool:
        return self.previous_id is not None

    @property
    def in_force(self) -> bool:
        """Approved and not yet replaced by an approved adjustment."""
        return self.status == State.APPROVED and self.superseded_at is None


class Project(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="projects", verbose_name=_("绩效目标")
    )
    position = models.PositiveIntegerField(_("序号"), default=0)
    code = models.CharField(_("项目编码"), max_length=64, blank=True, null=True)
    name = models.CharField(_("项目名称"), max_length=300, blank=True, null=True)
    budget_total = models.DecimalField(
        _("预算数"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    budget_fiscal = models.DecimalField(
        _("财政资金"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    budget_other = models.DecimalField(
        _("其他资金"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    budget_extra: models.JSONField[Any] = models.JSONField(
        encoder=DjangoJSONEncoder, default=dict, blank=True
    )
    purpose = models.TextField(_("资金用途"), blank=True, null=True)
    spending_plan: models.JSONField[Any] = models.JSONField(
        _("资金支出计划"), encoder=DjangoJSONEncoder, default=list, blank=True
    )
    goals: models.JSONField[Any] = models.JSONField(
        _("绩效目标"), encoder=DjangoJSONEncoder, default=list, blank=True
    )
    written: models.JSONField[Any] = models.JSONField(
        encoder=DjangoJSONEncoder, default=dict, blank=True
    )
    extra: models.JSONField[Any] = models.JSONField(
        encoder=DjangoJSONEncoder, default=dict, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["plan", "position", "id"]
        indexes = [models.Index(fields=["plan", "position"])]

    def __str__(self) -> str:
        return self.name or self.code or f"项目 {self.position + 1}"

    @property
    def key(self) -> str | None:
        """How findings name the project (docs/formats.md#3-findings): its code, else its name."""
        return self.code or self.name


class Indicator(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("项目")
    )
    position = models.PositiveIntegerField(_("序号"), default=0)
    level1 = models.CharField(_("一级指标"), max_length=50, blank=True, null=True)
    level2 = models.CharField(_("二级指标"), max_length=50, blank=True, null=True)
    name = models.CharField(_("三级指标"), max_length=300, blank=True, null=True)
    description = models.TextField(_("绩效指标描述"), blank=True, null=True)
    target = models.CharField(_("指标值"), max_length=300, blank=True, null=True)
    basis = models.TextField(_("指标值确定依据"), blank=True, null=True)
    points = models.DecimalField(_("分值"), max_digits=18, decimal_places=6, null=True, blank=True)
    written: models.JSONField[Any] = models.JSONField(
        encoder=DjangoJSONEncoder, default=dict, blank=True
    )
    extra: models.JSONField[Any] = models.JSONField(
        encoder=DjangoJSONEncoder, default=dict, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("绩效指标")
        verbose_name_plural = _("绩效指标")
        ordering = ["project", "position", "id"]
        indexes = [models.Index(fields=["project", "position"])]

    def __str__(self) -> str:
        return self.name or f"指标 {self.position + 1}"
