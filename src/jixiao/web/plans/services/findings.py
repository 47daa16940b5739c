"""Findings of stored plans: the core checker run on the mapped plan, counts cached.

No rule lives in the web layer. Overview pages list hundreds of plans, so each plan's
error and warning counts are stored (``refresh_findings``) whenever it changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from jixiao.core.checks import check_plan
from jixiao.core.findings import Finding
from jixiao.web.plans.models import Indicator, Plan, Project
from jixiao.web.plans.services.mapping import plan_header_to_core, plan_to_core, project_to_core

__all__ = ["RecheckTotals", "check_all", "plan_findings", "recheck", "refresh_findings"]


def plan_findings(plan: Plan) -> list[Finding]:
    """Run the core checks on the stored plan."""
    return check_plan(plan_to_core(plan))


def refresh_findings(plan: Plan, findings: Sequence[Finding] | None = None) -> list[Finding]:
    """Recompute and store the plan's error/warning counts; return the findings."""
    found = list(plan_findings(plan) if findings is None else findings)
    plan.error_count = sum(1 for f in found if f.severity == "error")
    plan.warning_count = sum(1 for f in found if f.severity == "warning")
    plan.checked_at = timezone.now()
    # Plain UPDATE: counts are derived data, not an edit (no history row, no version bump).
    Plan.objects.filter(pk=plan.pk).update(
        error_count=plan.error_count, warning_count=plan.warning_count, checked_at=plan.checked_at
    )
    return found


def check_all(plans: Iterable[Plan]) -> int:
    """Re-run the checks on ``plans`` (finance's batch "check all"); return how many."""
    n = 0
    for plan in plans:
        refresh_findings(plan)
        n += 1
    return n


@dataclass
class RecheckTotals:
    plans: int = 0
    errors: int = 0
    warnings: int = 0


#: Plans loaded, checked and written per round trip (memory stays flat at a province).
RECHECK_BATCH = 500


def recheck(
    plans: QuerySet[Plan], progress: Callable[[int, int], None] | None = None
) -> RecheckTotals:
    """Re-run the checks on every plan of ``plans``, in batches, and store the counts.

    Per batch: one query for the plans (with unit and region), one for their projects,
    one for their indicators, one bulk UPDATE — instead of three queries per plan.
    ``progress(done, total)`` is called after each batch.
    """
    ids = list(plans.order_by("pk").values_list("pk", flat=True))
    totals = RecheckTotals()
    indicators = Prefetch("indicators", queryset=Indicator.objects.order_by("position", "id"))
    projects = Prefetch(
        "projects",
        queryset=Project.objects.order_by("position", "id").prefetch_related(indicators),
    )
    for start in range(0, len(ids), RECHECK_BATCH):
        batch = list(
            Plan.objects.filter(pk__in=ids[start : start + RECHECK_BATCH])
            .select_related("unit__region")
            .prefetch_related(projects)
        )
        now = timezone.now()
        for plan in batch:
            document = plan_header_to_core(plan)
            document.projects = [
                project_to_core(p, p.indicators.all()) for p in plan.projects.all()
            ]
            found = check_plan(document)
            plan.error_count = sum(1 for f in found if f.severity == "error")
            plan.warning_count = sum(1 for f in found if f.severity == "warning")
            plan.checked_at = now
            totals.errors += plan.error_count
            totals.warnings += plan.warning_count
        Plan.objects.bulk_update(batch, ["error_count", "warning_count", "checked_at"])
        totals.plans += len(batch)
        if progress is not None:
            progress(totals.plans, len(ids))
    return totals
