"""The overview pages: where each role's work is, a unit's plans, the region's plans.

Reads through the ORM with annotated counts (no N+1); findings come from the stored
counts; re-checking goes through ``services.findings``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jixiao.core import workflow as wf
from jixiao.core.workflow import Role
from jixiao.web.choices import choices_of
from jixiao.web.common.ui import count_severities, viewer_of
from jixiao.web.orgs.access import get_unit_for_user
from jixiao.web.orgs.models import Unit, UnitKind
from jixiao.web.plans.models import Deadline, Plan
from jixiao.web.plans.review.todo import awaiting_review, with_declared, with_last_action
from jixiao.web.plans.services.findings import refresh_findings

__all__ = ["check_all", "dashboard", "finance_overview", "unit_overview"]

#: Sort keys of the finance overview → ORM ordering.
FINANCE_SORTS = {
    "unit": ("unit__name",),
    "supervisor": ("unit__parent__name", "unit__name"),
    "year": ("year", "unit__name"),
    "status": ("status", "unit__name"),
    "budget": ("budget", "unit__name"),
    "errors": ("error_count", "warning_count"),
    "warnings": ("warning_count", "error_count"),
    "updated": ("updated_at",),
}


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
            "children": unit.children.order_by("name") if unit.kind == "supervisor" else [],
            "deadline": banner,
        },
    )


#: The status filter's extra choice: drafts whose last transition was a return (被退回).
RETURNED = "returned"


def _finance_filters(
    params: QueryDict, plans: QuerySet[Plan], user: Any = None
) -> tuple[QuerySet[Plan], dict[str, str]]:
    """The overview's filters, from the query string (GET) or the check-all form (POST)."""
    keys = ("year", "status", "supervisor", "problems", "q", "review")
    f = {k: params.get(k, "").strip() for k in keys}
    plans = with_last_action(plans)
    if f["year"].isdigit():
        plans = plans.filter(year=int(f["year"]))
    if f["status"] == RETURNED:
        # ``last_action`` is an annotation (the stubs' lookup check does not see it in kwargs).
        plans = plans.filter(Q(status=wf.State.DRAFT) & Q(last_action=wf.Action.RETURN.value))
    elif f["status"]:
        plans = plans.filter(status=f["status"])
    if f["review"] == "mine" and user is not None:
        plans = plans.filter(pk__in=awaiting_review(user).values("pk"))
    if f["supervisor"] == "none":
        plans = plans.filter(unit__parent__isnull=True)
    elif f["supervisor"].isdigit():
        plans = plans.filter(
            Q(unit__parent_id=int(f["supervisor"])) | Q(unit_id=int(f["supervisor"]))
        )
    if f["problems"] == "errors":
        plans = plans.filter(error_count__gt=0)
    elif f["problems"] == "warnings":
        plans = plans.filter(error_count=0, warning_count__gt=0)
    elif f["problems"] == "clean":
        plans = plans.filter(error_count=0, warning_count=0)
    elif f["problems"] == "unchecked":
        plans = plans.filter(checked_at__isnull=True)
    if f["q"]:
        plans = plans.filter(unit__name__icontains=f["q"])
    return plans, f


def _require_overview(request: HttpRequest) -> None:
    viewer = viewer_of(request)
    if not viewer.sees_overview:
        raise PermissionDenied(_("仅财政部门和主管部门可查看总览。"))


@login_required
@require_GET
def finance_overview(request: HttpRequest) -> HttpResponse:
    """Every visible unit's plan: status, budget, errors, warnings; sortable and filterable."""
    _require_overview(request)
    visible = Plan.objects.visible_to(request.user).current()
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    plans, filters = _finance_filters(request.GET, visible, request.user)
    sort = request.GET.get("sort", "-errors")
    order = FINANCE_SORTS.get(sort.lstrip("-"), FINANCE_SORTS["errors"])
    desc = sort.startswith("-")
    ordering = [(F(o).desc(nulls_last=True) if desc else F(o).asc(nulls_first=True)) for o in order]
    rows = list(
        _with_totals(plans).select_related("unit", "unit__parent").order_by(*ordering, "pk")
    )
    totals = {
        "plans": len(rows),
        "budget": sum((getattr(r, "budget", None) or Decimal(0) for r in rows), Decimal(0)),
        "errors": sum(r.error_count for r in rows),
        "warnings": sum(r.warning_count for r in rows),
        "with_errors": sum(1 for r in rows if r.error_count),
        "unchecked": sum(1 for r in rows if r.checked_at is None),
    }
    supervisors = Unit.objects.filter(
        pk__in=visible.exclude(unit__parent__isnull=True).values("unit__parent")
    ).order_by("name")
    viewer = viewer_of(request)
    chart = _chart_by_supervisor(rows)
    can_batch = viewer.role in (Role.SUPERVISOR_REVIEWER, Role.FINANCE_REVIEWER)
    awaiting: set[int] = set()
    if can_batch:
        awaiting = set(awaiting_review(request.user).values_list("pk", flat=True))
    for r in rows:
        r.reviewable = r.pk in awaiting  # type: ignore[attr-defined]
    return render(
        request,
        "plans/finance_overview.html",
        {
            "rows": rows,
            "totals": totals,
            "filters": filters,
            "years": years,
            "statuses": [*choices_of(wf.STATE_LABELS), (RETURNED, _("已退回（草稿）"))],
            "supervisors": supervisors,
            "sort": sort,
            "chart": chart,
            "can_check": viewer.can_recheck,
            "can_batch": can_batch,
            "awaiting": len(awaiting),
            "reviewable_rows": sum(1 for r in rows if r.pk in awaiting),
            "sees_deadlines": viewer.sees_region and viewer.unit is not None,
            "region": viewer.unit.region if viewer.unit else None,
        },
    )


def _chart_by_supervisor(rows: list[Plan]) -> dict[str, Any]:
    """Errors and warnings per supervising department, for the small bar chart."""
    agg: dict[str, list[int]] = {}
    for r in rows:
        name = r.unit.parent.name if r.unit.parent else r.unit.name
        a = agg.setdefault(name, [0, 0])
        a[0] += r.error_count
        a[1] += r.warning_count
    top = sorted(agg.items(), key=lambda kv: (-kv[1][0], -kv[1][1]))[:12]
    return {
        "labels": [k for k, _v in top],
        "errors": [v[0] for _k, v in top],
        "warnings": [v[1] for _k, v in top],
        "error_label": _("错误"),
        "warning_label": _("警告"),
    }


@login_required
@require_POST
def check_all(request: HttpRequest) -> HttpResponse:
    """Re-run the checks on every visible plan (filters applied) and store the counts."""
    _require_overview(request)
    if not viewer_of(request).can_recheck:
        raise PermissionDenied(_("只有财政绩效科和管理员可以重新审核。"))
    plans, _f = _finance_filters(
        request.POST, Plan.objects.visible_to(request.user).current(), request.user
    )
    n = errors = warnings = 0
    for plan in plans.select_related("unit"):
        counts = count_severities(refresh_findings(plan))
        n += 1
        errors += counts["error"]
        warnings += counts["warning"]
    messages.success(
        request,
        _("已重新审核 {n} 份绩效目标：错误 {errors} 条，警告 {warnings} 条。").format(
            n=n, errors=errors, warnings=warnings
        ),
    )
    query = request.POST.get("query", "")
    return redirect(reverse("pages:finance") + (f"?{query}" if query else ""))
