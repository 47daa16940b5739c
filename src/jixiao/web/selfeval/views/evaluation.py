"""The self-evaluation list, starting one from approved targets, and the fill-in page.

The fill-in page saves each row on change (htmx) and answers with the row's state; out of
band it replaces every row's rules' score and explanation, the findings beside the rows,
the totals and the version, so inputs being typed in are never overwritten. Without
JavaScript the same URLs redirect back to the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jixiao.core import workflow as wf
from jixiao.web.common.ui import htmx_partial, viewer_of
from jixiao.web.orgs.access import get_visible_or_404
from jixiao.web.orgs.models import Unit
from jixiao.web.plans.models import Plan, Project
from jixiao.web.plans.services.audit import ServiceError, StaleEditError
from jixiao.web.selfeval.access import get_row_for_user, get_selfeval_for_user
from jixiao.web.selfeval.forms.fill import FundsForm, RowForm
from jixiao.web.selfeval.models import SelfEvaluation
from jixiao.web.selfeval.pages import evaluation_context
from jixiao.web.selfeval.services import editing

__all__ = ["evaluation_detail", "evaluation_list", "funds_update", "row_update", "start"]


@login_required
@require_GET
def evaluation_list(request: HttpRequest) -> HttpResponse:
    """The user's self-evaluations, and the approved projects they may start one for."""
    evaluations = (
        SelfEvaluation.objects.visible_to(request.user)
        .select_related("unit", "project")
        .order_by("-year", "unit__name", "project__position", "id")
    )
    startable = (
        Project.objects.filter(
            plan__in=Plan.objects.in_writable_units(request.user).filter(
                status=wf.State.APPROVED, superseded_at__isnull=True
            ),
            selfevaluation__isnull=True,
        )
        .select_related("plan", "plan__unit")
        .order_by("-plan__year", "plan__unit__name", "position")
    )
    approved = list(
        Plan.objects.in_writable_units(request.user)
        .filter(status=wf.State.APPROVED, superseded_at__isnull=True)
        .select_related("unit")[:200]
    )
    taken = set(
        Plan.objects.filter(unit__in={p.unit_id for p in approved}).values_list("unit_id", "year")
    )
    next_plans = [p for p in approved if (p.unit_id, p.year + 1) not in taken]
    return render(
        request,
        "selfeval/evaluation_list.html",
        {
            "evaluations": evaluations[:500],
            "startable": startable[:500],
            "sees_region": viewer_of(request).sees_region,
            "sees_overview": viewer_of(request).sees_overview,
            "next_plans": next_plans,
        },
    )


@login_required
@require_POST
def start(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_visible_or_404(
        Project.objects.filter(plan__in=Plan.objects.visible_to(request.user)).select_related(
            "plan", "plan__unit"
        ),
        project_id,
        "项目不存在或无权查看",
    )
    if not Unit.objects.writable_by(request.user).filter(pk=project.plan.unit_id).exists():
        raise PermissionDenied("无权为此单位开展自评")
    try:
        ev = editing.start(project, user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("selfeval:list")
    return redirect("selfeval:detail", ev.pk)


@login_required
@require_GET
def evaluation_detail(request: HttpRequest, selfeval_id: int) -> HttpResponse:
    ev = get_selfeval_for_user(request, selfeval_id)
    return render(request, "selfeval/evaluation_detail.html", evaluation_context(request, ev))


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _updated(request: HttpRequest, ev: SelfEvaluation, state: dict[str, str]) -> HttpResponse:
    if not htmx_partial(request):
        if state.get("error"):
            messages.error(request, state["error"])
        return redirect("selfeval:detail", ev.pk)
    ev.refresh_from_db()
    ctx = {**evaluation_context(request, ev), **state}
    html = render_to_string("selfeval/htmx/row_state.html", ctx, request=request)
    html += render_to_string("selfeval/htmx/scores_oob.html", ctx, request=request)
    return HttpResponse(html)


def _refused(request: HttpRequest, ev: SelfEvaluation, exc: ServiceError) -> HttpResponse:
    if isinstance(exc, StaleEditError):
        msg = _("保存未成功：此自评已被他人修改或已流转。您输入的内容仍在页面上，请刷新后再保存。")
        status = 409
    else:
        msg, status = exc.message, 422
    if not htmx_partial(request):
        messages.error(request, msg)
        return redirect("selfeval:detail", ev.pk)
    html = render_to_string("selfeval/htmx/row_state.html", {"error": msg}, request=request)
    return HttpResponse(html, status=status)


@login_required
@require_POST
def row_update(request: HttpRequest, selfeval_id: int, row_id: int) -> HttpResponse:
    row = get_row_for_user(request, selfeval_id, row_id, write=True)
    ev = row.evaluation
    form = RowForm(request.POST)
    if not form.is_valid():
        return _refused(request, ev, ServiceError(form.first_error()))
    try:
        editing.edit_row(row, form.changes(), user=request.user, expected_version=_version(request))
    except ServiceError as exc:
        return _refused(request, ev, exc)
    return _updated(request, ev, {"saved": "1"})


@login_required
@require_POST
def funds_update(request: HttpRequest, selfeval_id: int) -> HttpResponse:
    ev = get_selfeval_for_user(request, selfeval_id, write=True)
    form = FundsForm(request.POST)
    if not form.is_valid():
        return _refused(request, ev, ServiceError(form.first_error()))
    try:
        editing.edit_funds(
            ev, form.changes(), user=request.user, expected_version=_version(request)
        )
    except ServiceError as exc:
        return _refused(request, ev, exc)
    return _updated(request, ev, {"saved": "1"})
