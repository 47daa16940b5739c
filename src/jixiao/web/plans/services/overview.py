"""The region overview's queries: filters, sorts, one page of rows, totals, chart, export.

Everything that grows with the region is done by the database: filtering and sorting
(indexed columns), totals and chart data (aggregates), and only one page of plans is
turned into model instances. The number of queries does not depend on how many plans
the region holds (tests/web/test_overview_scale.py asserts it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import QueryDict

from jixiao.core import workflow as wf
from jixiao.web.orgs.models import AnyUser, Region, Unit
from jixiao.web.plans.models import Plan, Project
from jixiao.web.plans.review.todo import awaiting_review, with_last_action

__all__ = [
    "FILTER_KEYS",
    "PER_PAGE",
    "RETURNED",
    "SORTS",
    "OverviewQuery",
    "chart_by_region",
    "chart_by_supervisor",
    "export_rows",
    "filtered_plans",
    "page_of",
    "region_breakdown",
    "supervisors_of",
    "totals_of",
]

#: Rows per page (a county has 300+ units; a province tens of thousands of plans).
PER_PAGE = 50
#: The status filter's extra choice: drafts whose last transition was a return (被退回).
RETURNED = "returned"
FILTER_KEYS = ("year", "status", "supervisor", "problems", "q", "review", "region")

#: Sort keys → ORM ordering. Units sort by 单位编码 or by pinyin (``Unit.name_pinyin``),
#: never by character code.
SORTS: dict[str, tuple[str, ...]] = {
    "code": ("unit__code", "unit__name_pinyin"),
    "unit": ("unit__name_pinyin",),
    "supervisor": ("unit__parent__name_pinyin", "unit__name_pinyin"),
    "year": ("year", "unit__name_pinyin"),
    "status": ("status", "unit__name_pinyin"),
    "budget": ("budget", "unit__name_pinyin"),
    "errors": ("error_count", "warning_count"),
    "warnings": ("warning_count", "error_count"),
    "updated": ("updated_at",),
}
DEFAULT_SORT = "-errors"
#: Sort columns that may be NULL (no supervisor, no projects): NULLs go last either way.
#: The others are NOT NULL and are ordered plainly, so the indexes of ``Plan.Meta`` match.
NULLABLE = frozenset({"unit__parent__name_pinyin", "budget"})


@dataclass
class OverviewQuery:
    """The overview's filters and sort, as they stand in the URL."""

    filters: dict[str, str] = field(default_factory=dict)
    sort: str = DEFAULT_SORT
    page: str = "1"

    @classmethod
    def from_params(cls, params: QueryDict) -> OverviewQuery:
        sort = params.get("sort", DEFAULT_SORT)
        if sort.lstrip("-") not in SORTS:
            sort = DEFAULT_SORT
        return cls(
            filters={k: params.get(k, "").strip() for k in FILTER_KEYS},
            sort=sort,
            page=params.get("page", "1"),
        )

    def ordering(self) -> list[Any]:
        desc = self.sort.startswith("-")
        keys = SORTS[self.sort.lstrip("-")]
        out = [
            (F(k).desc(nulls_last=True) if desc else F(k).asc(nulls_last=True))
            if k in NULLABLE
            else (F(k).desc() if desc else F(k).asc())
            for k in keys
        ]
        return [*out, F("pk").desc() if desc else F("pk").asc()]


def filtered_plans(user: AnyUser, query: OverviewQuery) -> QuerySet[Plan]:
    """The current plans ``user`` may see, narrowed by the query's filters (all in SQL)."""
    f = query.filters
    plans: QuerySet[Plan] = Plan.objects.visible_to(user).current()
    if f.get("year", "").isdigit():
        plans = plans.filter(year=int(f["year"]))
    if f.get("region", "").isdigit():
        region = Region.objects.filter(pk=int(f["region"])).first()
        plans = plans.filter(unit__region__path__startswith=region.path) if region else plans
    status = f.get("status", "")
    if status == RETURNED:
        # ``last_action`` is an annotation (the stubs' lookup check does not see it in kwargs).
        plans = with_last_action(plans).filter(
            Q(status=wf.State.DRAFT) & Q(last_action=wf.Action.RETURN.value)
        )
    elif status:
        plans = plans.filter(status=status)
    if f.get("review") == "mine":
        plans = plans.filter(pk__in=awaiting_review(user).values("pk"))
    supervisor = f.get("supervisor", "")
    if supervisor == "none":
        plans = plans.filter(unit__parent__isnull=True)
    elif supervisor.isdigit():
        plans = plans.filter(Q(unit__parent_id=int(supervisor)) | Q(unit_id=int(supervisor)))
    problems = f.get("problems", "")
    if problems == "errors":
        plans = plans.filter(error_count__gt=0)
    elif problems == "warnings":
        plans = plans.filter(error_count=0, warning_count__gt=0)
    elif problems == "clean":
        plans = plans.filter(error_count=0, warning_count=0)
    elif problems == "unchecked":
        plans = plans.filter(checked_at__isnull=True)
    if f.get("q"):
        q = f["q"]
        plans = plans.filter(
            Q(unit__name__icontains=q) | Q(unit__code=q) | Q(unit__name_pinyin__icontains=q)
        )
    return plans


def _budget_subquery() -> Subquery:
    """A plan's budget total as a correlated subquery (sorting by budget only)."""
    sums = (
        Project.objects.filter(plan=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(total=Sum("budget_total"))
        .values("total")
    )
    return Subquery(sums[:1])


def page_of(plans: QuerySet[Plan], query: OverviewQuery, user: AnyUser) -> Page[Plan]:
    """One page of plans, in order, with unit, supervisor, budget, projects, last action.

    Three queries whatever the region's size: the count, the page's ids (an index walk for
    the usual sorts), and the page's rows with their per-plan annotations.
    """
    ordered = plans
    if query.sort.lstrip("-") == "budget":
        ordered = ordered.annotate(budget=_budget_subquery())
    ordered = ordered.order_by(*query.ordering())
    paginator = Paginator(ordered.values_list("pk", flat=True), PER_PAGE)
    page = paginator.get_page(query.page)
    ids = list(page.object_list)
    rows = {
        p.pk: p
        for p in with_last_action(Plan.objects.filter(pk__in=ids))
        .annotate(
            budget=Sum("projects__budget_total"), project_count=Count("projects", distinct=True)
        )
        .select_related("unit", "unit__parent")
    }
    awaiting = set(awaiting_review(user).filter(pk__in=ids).values_list("pk", flat=True))
    for p in rows.values():
        p.reviewable = p.pk in awaiting  # type: ignore[attr-defined]
    page.object_list = [rows[pk] for pk in ids if pk in rows]  # type: ignore[misc]
    return page  # type: ignore[return-value]  # ids in, plans out


def totals_of(plans: QuerySet[Plan]) -> dict[str, Any]:
    """Figures over every filtered plan, in two aggregate queries."""
    agg = plans.order_by().aggregate(
        plans=Count("pk"),
        errors=Coalesce(Sum("error_count"), 0),
        warnings=Coalesce(Sum("warning_count"), 0),
        with_errors=Count("pk", filter=Q(error_count__gt=0)),
        unchecked=Count("pk", filter=Q(checked_at__isnull=True)),
    )
    budget = Project.objects.filter(plan__in=plans.order_by().values("pk")).aggregate(
        total=Sum("budget_total")
    )["total"]
    return {**agg, "budget": budget or Decimal(0)}


def chart_by_supervisor(plans: QuerySet[Plan], limit: int = 12) -> dict[str, Any]:
    """Errors and warnings per supervising department (top ``limit``), grouped in SQL."""
    top = (
        plans.order_by()
        .annotate(group=Coalesce(F("unit__parent__name"), F("unit__name")))
        .values("group")
        .annotate(errors=Sum("error_count"), warnings=Sum("warning_count"))
        .order_by("-errors", "-warnings", "group")[:limit]
    )
    rows = list(top)
    return {
        "labels": [r["group"] for r in rows],
        "errors": [r["errors"] for r in rows],
        "warnings": [r["warnings"] for r in rows],
    }


def region_breakdown(plans: QuerySet[Plan], user: AnyUser, within: Region | None) -> list[Any]:
    """Per sub-region of ``within`` (the regions one level below): plans, errors, budget.

    Empty for a county (no sub-regions). Each row links to the overview filtered to that
    sub-region (drill-down); the counts are one grouped query over the filtered plans.
    """
    if within is None:
        return []
    children = list(Region.objects.filter(parent=within).order_by("code", "name"))
    if not children:
        return []
    depth = within.path.count("/") + 1
    # Grouped by the units' region id (no join to regions); each region's path prefix of
    # ``depth`` segments names the child it lies under.
    by_child: dict[str, dict[str, Any]] = {c.path: {"region": c} for c in children}
    grouped = list(
        plans.order_by()
        .values("unit__region_id")
        .annotate(
            n=Count("pk"),
            errors=Coalesce(Sum("error_count"), 0),
            warnings=Coalesce(Sum("warning_count"), 0),
            with_errors=Count("pk", filter=Q(error_count__gt=0)),
        )
    )
    paths = dict(
        Region.objects.filter(pk__in=[g["unit__region_id"] for g in grouped]).values_list(
            "pk", "path"
        )
    )
    for g in grouped:
        key = "/".join(paths[g["unit__region_id"]].split("/")[:depth]) + "/"
        row = by_child.get(key)
        if row is None:
            continue
        for k in ("n", "errors", "warnings", "with_errors"):
            row[k] = row.get(k, 0) + g[k]
    return [r for r in by_child.values() if r.get("n")]


def chart_by_region(subregions: list[dict[str, Any]], limit: int = 12) -> dict[str, Any]:
    """Above a county the chart compares sub-regions (already aggregated), not departments."""
    top = sorted(subregions, key=lambda r: (-r["errors"], -r["warnings"]))[:limit]
    return {
        "labels": [r["region"].name for r in top],
        "errors": [r["errors"] for r in top],
        "warnings": [r["warnings"] for r in top],
    }


def export_rows(plans: QuerySet[Plan], query: OverviewQuery) -> Iterator[dict[str, Any]]:
    """Every filtered plan in the page's order, as plain values (streamed in chunks)."""
    ordered = plans
    if query.sort.lstrip("-") == "budget":
        ordered = ordered.annotate(budget=_budget_subquery())
    values = (
        with_last_action(ordered)
        .annotate(
            budget_sum=_budget_subquery(),
            unit_code=F("unit__code"),
            unit_name=F("unit__name"),
            supervisor_name=F("unit__parent__name"),
        )
        .order_by(*query.ordering())
        .values(
            "unit_code",
            "unit_name",
            "supervisor_name",
            "year",
            "status",
            "last_action",
            "budget_sum",
            "money_unit",
            "error_count",
            "warning_count",
            "checked_at",
            "updated_at",
        )
    )
    for row in values.iterator(chunk_size=2000):
        yield dict(row)


def supervisors_of(plans: QuerySet[Plan]) -> QuerySet[Unit]:
    """Supervising departments of the visible plans' units (the filter's choices)."""
    return Unit.objects.filter(
        pk__in=plans.exclude(unit__parent__isnull=True).order_by().values("unit__parent")
    ).order_by("name_pinyin")
