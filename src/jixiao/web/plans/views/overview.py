"""The overview pages: where each role's work is, a unit's plans, the region's plans.

Reads through the ORM with annotated counts (no N+1); findings come from the stored
counts; re-checking goes through ``services.findings``.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jixiao.core import workflow as wf
from jixiao.core.workflow import Role
from jixiao.web.choices import choices_of
from jixiao.web.common.ui import viewer_of
from jixiao.web.jobs.models import Job, JobState
from jixiao.web.jobs.services import enqueue
from jixiao.web.orgs.access import get_unit_for_user
from jixiao.web.orgs.models import Region, UnitKind
from jixiao.web.plans.jobs import RECHECK_ALL
from jixiao.web.plans.models import Deadline, Plan
from jixiao.web.plans.review.todo import awaiting_review, with_declared, with_last_action
from jixiao.web.plans.services import overview as ov
from jixiao.web.plans.services.overview_export import overview_workbook

__all__ = ["check_all", "dashboard", "finance_export", "finance_overview", "unit_overview"]


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Send each role where its work is: the region to finance, the unit to its own plans."""
    viewer = viewer_of(request)
    if viewer.sees_overview:
        return redirect("pages:finance")
    if viewer.unit is not None:
        return redirect("pages:unit", viewer.unit.pk)
    return render(request, "plans/no_unit.html")


def _with_totals(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """Budget total and project count per plan, in the same query (no N+1)."""
    return plans.annotate(
        budget=Sum("projects__budget_total"), project_count=Count("projects", distinct=True)
    )


@login_required
@require_GET
def unit_overview(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    plans = list(
        _with_totals(with_declared(with_last_action(Plan.objects.current().filter(unit=unit))))
        .select_related("updated_by")
        .order_by("-year")
    )
    deadlines = {d.year: d for d in Deadline.objects.filter(region_id=unit.region_id)}
    today = timezone.localdate()
    for p in plans:
        d = deadlines.get(p.year)
        p.deadline = d  # type: ignore[attr-defined]
        p.late = bool(d and not p.declared and d.due < today)  # type: ignore[attr-defined]
    banner = None
    if unit.kind == UnitKind.UNIT and deadlines:
        latest = deadlines[max(deadlines)]
        plan = next((p for p in plans if p.year == latest.year), None)
        banner = {
            "deadline": latest,
            "days": (latest.due - today).days,
            "late_days": (today - latest.due).days,
            "plan": plan,
            "declared": plan is not None and plan.declared,  # type: ignore[attr-defined]
            "returned": plan is not None and plan.last_action == wf.Action.RETURN,  # type: ignore[attr-defined]
        }
    viewer = viewer_of(request)
    can_import = viewer.can_import and (
        viewer.superuser or viewer.role == Role.ADMIN or viewer.unit == unit
    )
    return render(
        request,
        "plans/unit_overview.html",
        {
            "unit": unit,
            "plans": plans,
            "can_import": can_import,
            "children": unit.children.order_by("name_pinyin") if unit.kind == "supervisor" else [],
            "deadline": banner,
        },
    )


def _require_overview(request: HttpRequest) -> None:
    viewer = viewer_of(request)
    if not viewer.sees_overview:
        raise PermissionDenied(_("仅财政部门和主管部门可查看总览。"))


def _current_region(request: HttpRequest, query: ov.OverviewQuery) -> Region | None:
    """The region the overview is about: the drill-down filter, else the user's own."""
    viewer = viewer_of(request)
    own = viewer.unit.region if viewer.unit else None
    rid = query.filters.get("region", "")
    if rid.isdigit():
        picked = Region.objects.filter(pk=int(rid)).first()
        if picked is not None and (own is None or picked.path.startswith(own.path)):
            return picked
    return own


@login_required
@require_GET
def finance_overview(request: HttpRequest) -> HttpResponse:
    """One page of the visible plans: status, budget, errors, warnings; sortable, filterable.

    Filters, sort and page live in the URL; totals, chart and sub-region figures are
    aggregates over every filtered plan (``services.overview``).
    """
    _require_overview(request)
    query = ov.OverviewQuery.from_params(request.GET)
    visible = Plan.objects.visible_to(request.user).current()
    plans = ov.filtered_plans(request.user, query)
    page = ov.page_of(plans, query, request.user)
    viewer = viewer_of(request)
    region = _current_region(request, query)
    can_batch = viewer.role in (Role.SUPERVISOR_REVIEWER, Role.FINANCE_REVIEWER)
    awaiting = awaiting_review(request.user).count() if can_batch else 0
    params = request.GET.copy()
    params.pop("page", None)
    subregions = ov.region_breakdown(plans, request.user, region)
    chart = ov.chart_by_region(subregions) if subregions else ov.chart_by_supervisor(plans)
    chart.update(error_label=_("错误"), warning_label=_("警告"))
    return render(
        request,
        "plans/finance_overview.html",
        {
            "page": page,
            "rows": page.object_list,
            "totals": ov.totals_of(plans),
            "filters": query.filters,
            "years": list(visible.order_by("-year").values_list("year", flat=True).distinct()),
            "statuses": [*choices_of(wf.STATE_LABELS), (ov.RETURNED, _("已退回（草稿）"))],
            # A county's supervising departments; above a county, drill down first.
            "supervisors": ov.supervisors_of(visible) if not subregions else [],
            "sort": query.sort,
            "chart": chart,
            "chart_title": _("各下级地区的问题数（前 12）") if subregions else None,
            "can_check": viewer.can_recheck,
            "can_batch": can_batch,
            "awaiting": awaiting,
            "reviewable_rows": sum(1 for r in page.object_list if getattr(r, "reviewable", False)),
            "sees_deadlines": viewer.sees_region and viewer.unit is not None,
            "region": region,
            "subregions": subregions,
            "query_without_page": params.urlencode(),
            "job": _recent_job(request),
            "job_label": _("全部重新审核"),
        },
    )


@login_required
@require_GET
def finance_export(request: HttpRequest) -> HttpResponse:
    """The filtered list, every page, as an Excel 汇总表 (same filters and order as the page)."""
    _require_overview(request)
    query = ov.OverviewQuery.from_params(request.GET)
    plans = ov.filtered_plans(request.user, query)
    region = _current_region(request, query)
    title = _("绩效目标汇总表") + (f" · {region.name}" if region else "")
    body = overview_workbook(ov.export_rows(plans, query), title)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="overview-{stamp}.xlsx"; '
        f"filename*=UTF-8''{quote(_('绩效目标汇总表'))}-{stamp}.xlsx"
    )
    return response


@login_required
@require_POST
def check_all(request: HttpRequest) -> HttpResponse:
    """Re-check every visible plan (filters applied) as a background job.

    The job's progress and result show on the overview (htmx polling). Asking again
    while the same re-check runs returns that job (idempotent).
    """
    _require_overview(request)
    if not viewer_of(request).can_recheck:
        raise PermissionDenied(_("只有财政绩效科和管理员可以重新审核。"))
    query = ov.OverviewQuery.from_params(request.POST)
    filters = {k: v for k, v in query.filters.items() if v}
    key = f"recheck:{request.user.pk}:{urlencode(sorted(filters.items()))}"
    job = enqueue(RECHECK_ALL, user=request.user, key=key, params={"filters": filters})
    if job.state == JobState.DONE and job.result:
        messages.success(request, job.result["message"])
    back = request.POST.get("query", "")
    return redirect(reverse("pages:finance") + (f"?{back}" if back else ""))


def _recent_job(request: HttpRequest) -> Job | None:
    """The user's latest re-check, if still running or finished in the last 10 minutes."""
    job = (
        Job.objects.filter(user_id=request.user.pk or 0, kind=RECHECK_ALL)
        .order_by("-created_at")
        .first()
    )
    if job is None or (job.finished and job.finished_at and
                       timezone.now() - job.finished_at > timedelta(minutes=10)):  # fmt: skip
        return None
    return job
