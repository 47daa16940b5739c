"""Review of a self-evaluation: the workflow buttons, the 复核 page, the Excel table.

The 复核 page shows, per row, the unit's score beside the rules' score and its
explanation, and lists each departure (R1–R7); the finance bureau returns it with a
comment and the departures are attached to the return (``services.transitions``).
"""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.core import workflow as wf
from jixiao.core.writers.excel_selfeval import write_selfeval_xlsx
from jixiao.web.plans.services.audit import ServiceError
from jixiao.web.selfeval.access import evaluation_actor, get_selfeval_for_user
from jixiao.web.selfeval.pages import evaluation_context
from jixiao.web.selfeval.services.scoring import scored
from jixiao.web.selfeval.services.transitions import available_actions, transition

__all__ = ["evaluation_transition", "export_xlsx", "recheck"]


@login_required
@require_POST
def evaluation_transition(request: HttpRequest, selfeval_id: int) -> HttpResponse:
    ev = get_selfeval_for_user(request, selfeval_id)
    action = request.POST.get("action", "")
    if evaluation_actor(request.user, ev) is None or action not in {
        a.value for a in available_actions(request.user, ev)
    }:
        raise PermissionDenied("无权对此自评执行此操作")
    version = request.POST.get("version", "")
    try:
        transition(
            ev,
            action,
            user=request.user,
            comment=request.POST.get("comment", ""),
            expected_version=int(version) if version.isdigit() else None,
        )
    except (wf.TransitionError, ServiceError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已" + wf.ACTION_LABELS[wf.Action(action)])
    if action in {wf.Action.RETURN, wf.Action.FINANCE_APPROVE, wf.Action.SUPERVISOR_APPROVE}:
        return redirect("selfeval:recheck", ev.pk)
    return redirect("selfeval:detail", ev.pk)


@login_required
@require_GET
def recheck(request: HttpRequest, selfeval_id: int) -> HttpResponse:
    ev = get_selfeval_for_user(request, selfeval_id)
    return render(request, "selfeval/recheck.html", evaluation_context(request, ev))


@login_required
@require_GET
def export_xlsx(request: HttpRequest, selfeval_id: int) -> HttpResponse:
    """The 项目支出绩效自评表 as the unit scored it (the core writer, 10号 附件1 layout)."""
    ev = get_selfeval_for_user(request, selfeval_id)
    result = scored(ev)
    result.doc.published_total = result.claimed
    result.doc.published_grade = result.claimed_grade
    out = BytesIO()
    write_selfeval_xlsx(result.doc, result.report, out, scores="published")
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"{ev.project}-{ev.year}年自评表.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
