"""The project page and its indicator-table editor.

Each row saves on change (htmx): the answer replaces the row's state cell and, out of
band, its parsed value, the findings beside it, the plan summary and the plan version, so
the inputs the user may still be typing in are never overwritten. Adding, deleting and
moving rows re-render the whole table. Without JavaScript the same URLs answer a redirect.

Every write goes through ``services.editing`` with the plan version the user saw; a stale version
is refused with a clear message and the typed values stay in the row.
"""

from __future__ import annotations

from typing import Any, Literal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jixiao.core.classification import EDITOR_PAIRS, canon_label
from jixiao.core.findings import Finding
from jixiao.web.common.ui import count_severities, findings_by_indicator, htmx_partial
from jixiao.web.plans.access import can_edit_plan, get_indicator_for_user, get_project_for_user
from jixiao.web.plans.forms.base import VersionForm
from jixiao.web.plans.forms.indicator import IndicatorForm
from jixiao.web.plans.models import Indicator, Plan, Project
from jixiao.web.plans.pages import comments_for_project
from jixiao.web.plans.review.comments import can_comment
from jixiao.web.plans.services import editing
from jixiao.web.plans.services.audit import ServiceError, StaleEditError
from jixiao.web.plans.services.findings import plan_findings

__all__ = [
    "indicator_add",
    "indicator_delete",
    "indicator_move",
    "indicator_update",
    "project_detail",
]


def _pairs() -> dict[str, list[str]]:
    return {k: list(v) for k, v in EDITOR_PAIRS.items()}


def _row_options(ind: Indicator, pairs: dict[str, list[str]]) -> dict[str, Any]:
    """The level selects of one row: the allowed pairs, with the row's own spelling kept.

    A stored "产出指标" selects the allowed "产出" option but keeps its published spelling as
    the value; a label outside the list stays selectable, marked as non-standard.
    """
    cur1, cur2 = ind.level1 or "", ind.level2 or ""
    l1_opts: list[dict[str, Any]] = []
    found1 = not cur1
    for l1 in pairs:
        match = bool(cur1) and canon_label(l1) == canon_label(cur1)
        found1 = found1 or match
        l1_opts.append(
            {
                "value": cur1 if match else l1,
                "label": l1,
                "key": canon_label(l1),
                "selected": match,
            }
        )
    if not found1:
        l1_opts.append(
            {"value": cur1, "label": cur1, "key": canon_label(cur1), "selected": True, "odd": True}
        )
    l2_opts: list[dict[str, Any]] = []
    found2 = not cur2
    for l1, l2s in pairs.items():
        in_group = canon_label(l1) == canon_label(cur1)
        for l2 in l2s:
            match = in_group and bool(cur2) and canon_label(l2) == canon_label(cur2)
            found2 = found2 or match
            l2_opts.append(
                {
                    "value": cur2 if match else l2,
                    "label": l2,
                    "key": canon_label(l1),
                    "selected": match,
                }
            )
    if not found2:
        l2_opts.append(
            {"value": cur2, "label": cur2, "key": canon_label(cur1), "selected": True, "odd": True}
        )
    return {"l1": l1_opts, "l2": l2_opts}


def _editor_context(
    request: HttpRequest, project: Project, findings: list[Finding] | None = None
) -> dict[str, Any]:
    plan: Plan = project.plan
    if findings is None:
        findings = plan_findings(plan)
    indicators = list(project.indicators.order_by("position", "id"))
    by_row, general = findings_by_indicator(findings, project.key)
    comments, project_comments = comments_for_project(project)
    pairs = _pairs()
    rows = [
        {
            "ind": ind,
            "index": i,
            "findings": by_row.get(i, []),
            "comments": comments.get(ind.pk, []),
            "opts": _row_options(ind, pairs),
        }
        for i, ind in enumerate(indicators, start=1)
    ]
    # Findings that name a row number beyond the table (should not happen) stay visible.
    orphans = [f for i, fs in by_row.items() if i > len(indicators) for f in fs]
    return {
        "plan": plan,
        "project": project,
        "rows": rows,
        "general": general + orphans,
        "project_counts": count_severities([f for f in findings if f.project == project.key]),
        "plan_counts": count_severities(findings),
        "plan_findings_n": len(findings),
        "pairs": pairs,
        "can_edit": can_edit_plan(request.user, plan),
        "can_comment": plan.is_current and can_comment(request.user, plan),
        "comment_open": _int(request.GET.get("comment")),
        "project_comments": project_comments,
        "version": plan.version,
    }


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_GET
def project_detail(request: HttpRequest, plan_id: int, project_id: int) -> HttpResponse:
    project = get_project_for_user(request, plan_id, project_id)
    ctx = _editor_context(request, project)
    ctx["spending"] = project.spending_plan or []
    siblings = list(
        project.plan.projects.order_by("position", "id").only("pk", "plan_id", "name", "code")
    )
    at = next(i for i, p in enumerate(siblings) if p.pk == project.pk)
    ctx["previous"] = siblings[at - 1] if at > 0 else None
    ctx["next"] = siblings[at + 1] if at + 1 < len(siblings) else None
    ctx["position"] = (at + 1, len(siblings))
    return render(request, "plans/project_detail.html", ctx)


def _editor_response(
    request: HttpRequest, project: Project, *, focus: int | None = None
) -> HttpResponse:
    """The whole editor (after add/delete/move), or a redirect without htmx."""
    if not htmx_partial(request):
        return redirect("pages:project", project.plan_id, project.pk)
    project.plan.refresh_from_db()
    ctx = _editor_context(request, project)
    ctx["focus"] = focus
    html = render_to_string("htmx/editor.html", ctx, request=request)
    html += render_to_string("htmx/findings_summary.html", {**ctx, "oob": True}, request=request)
    return HttpResponse(html)


def _stale_response(
    request: HttpRequest, project: Project, exc: ServiceError, *, table: bool = False
) -> HttpResponse:
    """A refused write: stale version (409) or a rule of the service (422); inputs stay.

    ``table``: the request came from a table-wide button, so the message goes above the
    table instead of replacing it.
    """
    if not isinstance(exc, StaleEditError):
        return _refused(request, project, exc.message, 422, table=table)
    msg = _(
        "保存未成功：此计划已被他人修改（您看到的是旧版本）。您输入的内容仍保留在页面上，请复制后刷新页面再保存。"
    )
    return _refused(request, project, msg, 409, table=table)


def _refused(
    request: HttpRequest, project: Project, msg: str, status: int, *, table: bool = False
) -> HttpResponse:
    if not htmx_partial(request):
        messages.error(request, msg)
        return redirect("pages:project", project.plan_id, project.pk)
    response = HttpResponse(
        render_to_string("htmx/row_state.html", {"error": msg}, request=request), status=status
    )
    if table:
        response["HX-Retarget"] = "#editor-message"
        response["HX-Reswap"] = "innerHTML"
    return response


def _indicator(request: HttpRequest, plan_id: int, indicator_id: int) -> Indicator:
    """A writable indicator that belongs to the plan in the URL (else 404; read-only 403)."""
    indicator = get_indicator_for_user(request, indicator_id, write=True)
    if indicator.project.plan_id != plan_id:
        raise Http404
    return indicator


@login_required
@require_POST
def indicator_update(request: HttpRequest, plan_id: int, indicator_id: int) -> HttpResponse:
    """Save one row; answer its state, parsed value, findings, summary and version."""
    indicator = _indicator(request, plan_id, indicator_id)
    project = indicator.project
    form = IndicatorForm(
        request.POST,
        current=(indicator.level1, indicator.level2),
    )
    if not form.is_valid():
        errors = [str(e) for errs in form.errors.values() for e in errs]
        if not htmx_partial(request):
            messages.error(request, "；".join(errors))
            return redirect("pages:project", project.plan_id, project.pk)
        return _refused(request, project, "；".join(errors), 422)
    data = form.values()
    if "points" not in request.POST:
        data["points"] = indicator.points  # the editor does not show points; keep them
    try:
        editing.update_indicator(
            indicator, data, user=request.user, expected_version=form.cleaned_data["version"]
        )
    except ServiceError as exc:
        return _stale_response(request, project, exc)
    if not htmx_partial(request):
        messages.success(request, _("已保存。"))
        return redirect("pages:project", project.plan_id, project.pk)
    project.plan.refresh_from_db()
    indicator.refresh_from_db()
    ctx = _editor_context(request, project)
    row = next(r for r in ctx["rows"] if r["ind"].pk == indicator.pk)
    parts = [
        render_to_string("htmx/row_state.html", {"saved": True}, request=request),
        render_to_string("htmx/row_oob.html", {**ctx, "row": row, "oob": True}, request=request),
        render_to_string("htmx/findings_summary.html", {**ctx, "oob": True}, request=request),
    ]
    return HttpResponse("".join(parts))


def _version(request: HttpRequest) -> int:
    """The plan version the page was loaded with; a write without it is refused as stale
    (optimistic locking cannot be skipped by leaving the field out)."""
    form = VersionForm(request.POST)
    if not form.is_valid():
        raise StaleEditError(_("请求缺少版本号，请刷新页面后重试。"))
    version: int = form.cleaned_data["version"]
    return version


@login_required
@require_POST
def indicator_add(request: HttpRequest, plan_id: int, project_id: int) -> HttpResponse:
    """Append a row; it inherits the last row's level1/level2 (rows come in groups)."""
    project = get_project_for_user(request, plan_id, project_id, write=True)
    last = project.indicators.order_by("-position", "-id").first()
    data: dict[str, Any] = {
        "level1": last.level1 if last else canon_label(next(iter(_pairs()), "")) or None,
        "level2": last.level2 if last else None,
    }
    try:
        new = editing.add_indicator(
            project, data, user=request.user, expected_version=_version(request)
        )
    except ServiceError as exc:
        return _stale_response(request, project, exc, table=True)
    return _editor_response(request, project, focus=new.pk)


@login_required
@require_POST
def indicator_delete(request: HttpRequest, plan_id: int, indicator_id: int) -> HttpResponse:
    indicator = _indicator(request, plan_id, indicator_id)
    project = indicator.project
    try:
        editing.delete_indicator(indicator, user=request.user, expected_version=_version(request))
    except ServiceError as exc:
        return _stale_response(request, project, exc, table=True)
    return _editor_response(request, project)


@login_required
@require_POST
def indicator_move(request: HttpRequest, plan_id: int, indicator_id: int) -> HttpResponse:
    indicator = _indicator(request, plan_id, indicator_id)
    project = indicator.project
    direction: Literal["up", "down"]
    if request.POST.get("direction") == "up":
        direction = "up"
    elif request.POST.get("direction") == "down":
        direction = "down"
    else:
        return HttpResponse(_("方向应为 up 或 down。"), status=400)
    try:
        editing.move_indicator(
            indicator, direction, user=request.user, expected_version=_version(request)
        )
    except ServiceError as exc:
        return _stale_response(request, project, exc, table=True)
    return _editor_response(request, project)
