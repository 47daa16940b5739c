"""What a unit reports in a round per indicator and per project budget line (M3).

One row per (project, indicator index); ``index`` 0 is the project's budget line
(全年预计执行数, 调整后预算数, the reason and measure a red or yellow lamp asks for, M11,
and 1~N月执行数 where the unit has no ledger to import);
``project`` null is the department's own promises. Every change is kept by
django-simple-history (who, when, old → new).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jixiao.web.orgs.access import RestrictedQuerySet

#: ``index`` of a project's budget line.
BUDGET_LINE = 0


class ProgressQuerySet(RestrictedQuerySet["ProgressEntry"]):
    unit_path = "round__plan__unit"


class ProgressEntry(models.Model):
    round = models.ForeignKey(
        "monitoring.MonitoringRound", on_delete=models.PROTECT, related_name="progress",
        verbose_name=_("监控轮次"),
    )  # fmt: skip
    project = models.ForeignKey(
        "plans.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("项目"),
    )  # fmt: skip
    index = models.PositiveSmallIntegerField(_("指标序号"))
    current = models.CharField(_("1~N月实际完成值"), max_length=300, blank=True, default="")
    projected = models.CharField(_("全年预计完成值"), max_length=300, blank=True, default="")
    likelihood = models.CharField(_("完成目标可能性"), max_length=8, blank=True, default="")
    deviation_category = models.CharField(_("偏差原因类别"), max_length=50, blank=True, default="")
    deviation_reason = models.TextField(_("偏差原因"), blank=True, default="")
    corrective_measure = models.TextField(_("纠偏措施"), blank=True, default="")
    projected_executed = models.DecimalField(
        _("全年预计执行数"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    adjusted_budget = models.DecimalField(
        _("调整后预算数"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    # 1~N月执行数 typed by a unit that has no ledger to import (plan's money unit); used
    # only while the round has no ledger (services.inputs.payments_of).
    executed = models.DecimalField(
        _("1~N月执行数"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("填报人"),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    objects = ProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("监控填报")
        verbose_name_plural = _("监控填报")
        ordering = ["round", "project", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "project", "index"], name="progress_unique_project_row"
            ),
            models.UniqueConstraint(
                fields=["round", "index"], condition=models.Q(project__isnull=True),
                name="progress_unique_department_row",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.round_id} {self.project_id} #{self.index}"
