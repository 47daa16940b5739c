"""A project's progress table, laid out like the target editor: one row per indicator
(1~N月实际完成值, 全年预计完成值, 完成目标可能性, 偏差原因, 纠偏措施) and the budget
line (with 1~N月执行数 where the round has no ledger), each saved on its own; and the
same table for the department's own promises. A row the core finds in error (M4, M5,
M11) is refused with the core's message in the row."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jixiao.web.common.ui import findings_by_indicator
from jixiao.web.monitoring.access import can_edit_round, get_round_for_user
from jixiao.web.monitoring.forms.monitoring import ProgressForm
from jixiao.web.monitoring.models import MonitoringRound, ProgressEntry
from jixiao.web.monitoring.models.progress import BUDGET_LINE
from jixiao.web.monitoring.pages import percent
from jixiao.web.monitoring.services.inputs import has_ledger
from jixiao.web.monitoring.services.progress import ProgressInput, save_progress
from jixiao.web.monitoring.services.results import round_report
from jixiao.web.orgs.access import get_visible_or_404
from jixiao.web.plans.models import Project
from jixiao.web.plans.services.audit import ServiceError, StaleEditError

__all__ = ["department_progress", "project_progress"]


@login_required
@require_http_methods(["GET", "POST"])
def project_progress(request: HttpRequest, round_id: int, project_id: int) -> HttpResponse:
    rnd = get_round_for_user(request, round_id, write=request.method == "POST")
    project = get_visible_or_404(rnd.plan.projects.all(), project_id, "项目不存在或无权查看")
    return _page(request, rnd, project)


@login_required
@require_http_methods(["GET", "POST"])
def department_progress(request: HttpRequest, round_id: int) -> HttpResponse:
    """The department's own promises (部门整体, the quantified phrases of part 1)."""
    rnd = get_round_for_user(request, round_id, write=request.method == "POST")
    return _page(request, rnd, None)


def _values(d: dict[str, Any], budget_line: bool) -> ProgressInput:
    return ProgressInput(
        current=d["current"], projected=d["projected"], likelihood=d["likelihood"],
        deviation_reason=d["deviation_reason"], corrective_measure=d["corrective_measure"],
        projected_executed=d["projected_executed"] if budget_line else None,
        adjusted_budget=d["adjusted_budget"] if budget_line else None,
        executed=d["executed"] if budget_line else None,
    )  # fmt: skip


def _page(request: HttpRequest, rnd: MonitoringRound, project: Project | None) -> HttpResponse:
    refused: dict[int, str] = {}
    posted: dict[int, Any] = {}
    if request.method == "POST":
        form = ProgressForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            index = d["index"]
            try:
                save_progress(rnd, project, index, _values(d, index == BUDGET_LINE),
                              user=request.user, expected_version=d["version"])  # fmt: skip
            except StaleEditError as exc:
                messages.error(request, exc.message)
                return redirect(request.path)
            except ServiceError as exc:
                refused[index] = exc.message
                posted[index] = d
            else:
                messages.success(request, _("已保存。"))
                return redirect(f"{request.path}#row-{index}")
        else:
            raw = request.POST.get("index", "")
            index = int(raw) if raw.isdigit() else -1
            refused[index] = "；".join(str(e) for errs in form.errors.values() for e in errs)
            posted[index] = request.POST
    report, _doc = round_report(rnd)
    if project is None:
        result = None
        indicators = report.overall
        by_index, general = findings_by_indicator(report.findings, None)
        general = [f for f in general if f.indicator is None]
    else:
        position = list(rnd.plan.projects.order_by("position", "id")).index(project)
        result = report.projects[position]
        indicators = result.indicators
        by_index, general = findings_by_indicator(report.findings, result.project_key)
    entries = {e.index: e for e in ProgressEntry.objects.filter(round=rnd, project=project)}
    rows = [
        {"i": i, "entry": posted.get(i.index) or entries.get(i.index),
         "findings": by_index.get(i.index, []), "refused": refused.get(i.index)}
        for i in indicators
    ]  # fmt: skip
    return render(
        request,
        "monitoring/progress.html",
        {
            "rnd": rnd, "project": project, "r": result, "rows": rows,
            "budget_entry": posted.get(BUDGET_LINE) or entries.get(BUDGET_LINE),
            "budget_refused": refused.get(BUDGET_LINE), "general": general,
            "rate": percent(result.execution_rate) if result else None,
            "money_unit": report.money_unit, "has_ledger": has_ledger(rnd),
            "can_edit": can_edit_round(request.user, rnd),
        },
        status=422 if refused else 200,
    )  # fmt: skip
