"""The plan page: department targets, projects, findings, review panel and history;
and the plan's exports (JSON, Excel)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jixiao.core.model import Overall
from jixiao.web.common.ui import count_severities, findings_by_project
from jixiao.web.plans.access import can_edit_plan, get_plan_for_user
from jixiao.web.plans.models import Plan, Project, Reminder
from jixiao.web.plans.pages import SEVERITY_ORDER, workflow_context
from jixiao.web.plans.services import exporting
from jixiao.web.plans.services.findings import plan_findings
from jixiao.web.plans.services.history import condense_history, merge_review_history, plan_history

__all__ = ["export_json", "export_xlsx", "plan_detail"]

#: History lines shown before "show all" (an import adds one line per row).
HISTORY_SHORT = 15
#: History lines per page of "show all".
HISTORY_PAGE = 100


@login_required
@require_GET
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Department targets, projects with budget and finding counts, findings, history."""
    plan = get_plan_for_user(request, plan_id)
    projects = list(
        plan.projects.annotate(
            indicator_count=Count("indicators", distinct=True),
            comment_count=Count("comments", distinct=True),
        ).order_by("position", "id")
    )
    findings = plan_findings(plan)
    by_project = findings_by_project(findings)
    for p in projects:
        counts = count_severities(by_project.get(p.key, []))
        p.error_n = counts["error"]  # type: ignore[attr-defined]
        p.warning_n = counts["warning"]  # type: ignore[attr-defined]
    groups: list[dict[str, Any]] = []
    labels: dict[str | None, Project] = {p.key: p for p in projects}
    for key, fs in by_project.items():
        ordered = sorted(fs, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.indicator or 0))
        groups.append(
            {
                "key": key,
                "project": labels.get(key),
                "findings": ordered,
                "counts": count_severities(fs),
            }
        )
    groups.sort(key=lambda g: (g["key"] is not None, g["project"].position if g["project"] else 0))
    overall = Overall.from_dict(plan.overall) if plan.overall else None
    review = workflow_context(request, plan, findings)
    history = merge_review_history(
        condense_history(plan_history(plan)),
        plan,
        review["transitions"],
        review["plan_comments"],
        Reminder.objects.filter(unit_id=plan.unit_id, year=plan.year).select_related("sent_by"),
    )
    show_all = request.GET.get("history") == "all"
    page = Paginator(history, HISTORY_PAGE).get_page(request.GET.get("page")) if show_all else None
    return render(
        request,
        "plans/plan_detail.html",
        {
            **review,
            "plan": plan,
            "overall": overall,
            "projects": projects,
            "budget_total": sum((p.budget_total or Decimal(0) for p in projects), Decimal(0)),
            "counts": count_severities(findings),
            "groups": groups,
            "history": list(page) if page is not None else history[:HISTORY_SHORT],
            "history_page": page,
            "history_total": len(history),
            "history_all": show_all,
            "can_edit": can_edit_plan(request.user, plan),
        },
    )


@login_required
@require_GET
def export_json(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id)
    data = exporting.plan_json_bytes(plan)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = _attachment(plan, "json")
    return response


@login_required
@require_GET
def export_xlsx(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id)
    data = exporting.plan_xlsx_bytes(plan)
    response = HttpResponse(data, content_type=exporting.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(plan, "xlsx")
    return response


def _attachment(plan: Plan, ext: str) -> str:
    name = exporting.export_filename(plan, ext)
    return f"attachment; filename=\"plan-{plan.pk}.{ext}\"; filename*=UTF-8''{quote(name)}"
