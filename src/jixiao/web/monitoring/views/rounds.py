"""A unit's monitoring rounds and one round's page: per project the budget lamp, the
execution against the plan line (chart), indicator lamps and findings — all from the
core's report — the review bar, the history; and the 绩效运行监控表 export."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jixiao.core import workflow as wf
from jixiao.core.monitoring.workbook import write_monitor_xlsx
from jixiao.web.common.ui import count_severities, findings_by_indicator
from jixiao.web.monitoring.access import can_edit_round, get_round_for_user
from jixiao.web.monitoring.forms.monitoring import ActionForm, TransitionForm
from jixiao.web.monitoring.models import FinanceAction, LedgerImport, MonitoringRound
from jixiao.web.monitoring.models.ledger import LedgerStatus
from jixiao.web.monitoring.pages import chart_data, percent, round_buttons
from jixiao.web.monitoring.services.actions import can_answer, can_record
from jixiao.web.monitoring.services.history import round_history
from jixiao.web.monitoring.services.results import flagged_projects, round_report
from jixiao.web.monitoring.services.rounds import available_round_actions, transition_round
from jixiao.web.orgs.access import get_unit_for_user
from jixiao.web.plans.services.audit import ServiceError

__all__ = ["export_xlsx", "round_detail", "round_transition", "unit_rounds"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def unit_rounds(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Every monitoring round of a unit, newest first, with its lamps."""
    unit = get_unit_for_user(request.user, unit_id)
    rounds = (
        MonitoringRound.objects.visible_to(request.user)
        .filter(plan__unit=unit)
        .select_related("plan")
        .order_by("-plan__year", "-as_of")
    )
    return render(request, "monitoring/unit_rounds.html", {"unit": unit, "rounds": rounds})


@login_required
@require_GET
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    rnd = get_round_for_user(request, round_id)
    report, document = round_report(rnd)
    rows = list(rnd.plan.projects.order_by("position", "id"))
    projects: list[dict[str, Any]] = []
    for row, doc, result in zip(rows, document.projects, report.projects, strict=True):
        by_index, general = findings_by_indicator(report.findings, result.project_key)
        projects.append(
            {
                "row": row,
                "r": result,
                "rate": percent(result.execution_rate),
                "time": percent(result.time_progress),
                "planned": percent(result.planned),
                "gap": percent(result.plan_gap),
                "indicators": [(i, by_index.get(i.index, [])) for i in result.indicators],
                "general": general,
                "counts": count_severities(result.findings),
                "chart": chart_data(doc, result, report.month),
                "chart_id": f"chart-{row.pk}",
            }
        )
    by_project: dict[int, list[FinanceAction]] = {}
    for a in rnd.actions.select_related("created_by", "responded_by").order_by("created_at", "id"):
        by_project.setdefault(a.project_id, []).append(a)
    flagged = flagged_projects(rnd)
    for p in projects:
        p["actions"] = by_project.get(p["row"].pk, [])
        p["flagged"] = p["row"].pk in flagged
    overall_by_index, _general = findings_by_indicator(report.findings, None)
    ledger = LedgerImport.objects.filter(round=rnd, status=LedgerStatus.ACTIVE).first()
    return render(
        request,
        "monitoring/round_detail.html",
        {
            "rnd": rnd,
            "plan": rnd.plan,
            "report": report,
            "total_rate": percent(report.total.execution_rate),
            "total_time": percent(report.total.time_progress),
            "projects": projects,
            "overall": [(i, overall_by_index.get(i.index, [])) for i in report.overall],
            "counts": count_severities(report.findings),
            "ledger": ledger,
            "can_edit": can_edit_round(request.user, rnd),
            "overdue": rnd.is_editable and rnd.due is not None and rnd.due < timezone.localdate(),
            "can_record": can_record(request.user, rnd),
            "can_answer": can_answer(request.user, rnd),
            "action_form": ActionForm(),
            "actions": round_buttons(available_round_actions(request.user, rnd)),
            "transitions": rnd.transitions.select_related("user"),
            "history": round_history(rnd, limit=50),
        },
    )


@login_required
@require_POST
def round_transition(request: HttpRequest, round_id: int) -> HttpResponse:
    """Submit, withdraw, approve or return a round (the core's state machine decides)."""
    rnd = get_round_for_user(request, round_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return redirect("monitoring:round", rnd.pk)
    action = form.cleaned_data["action"]
    try:
        offered = wf.Action(action) in available_round_actions(request.user, rnd)
    except ValueError:
        offered = False
    if not offered:
        raise PermissionDenied(_("您无权对此监控轮次执行此操作"))
    try:
        transition_round(
            rnd,
            action,
            user=request.user,
            comment=form.cleaned_data["comment"] or "",
            expected_version=form.cleaned_data["version"],
        )
    except (wf.TransitionError, ServiceError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已{action}。").format(
            action=wf.ACTION_LABELS[wf.Action(action)]))  # fmt: skip
    return redirect("monitoring:round", rnd.pk)


@login_required
@require_GET
def export_xlsx(request: HttpRequest, round_id: int) -> HttpResponse:
    """The 绩效运行监控表 as units submit it, written by the core."""
    rnd = get_round_for_user(request, round_id)
    report, document = round_report(rnd)
    out = io.BytesIO()
    write_monitor_xlsx(report, document, out)
    name = f"{rnd.plan.unit.name}{rnd.plan.year}年1~{rnd.as_of.month}月绩效运行监控表.xlsx"
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename=\"monitoring-{rnd.pk}.xlsx\"; filename*=UTF-8''{quote(name)}"
    )
    return response
