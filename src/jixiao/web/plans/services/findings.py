"""Findings of stored plans: the core checker run on the mapped plan, counts cached.

No rule lives in the web layer. Overview pages list hundreds of plans, so each plan's
error and warning counts are stored (``refresh_findings``) whenever it changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils import timezone

from jixiao.core.checks import check_plan
from jixiao.core.findings import Finding
from jixiao.web.plans.models import Plan
from jixiao.web.plans.services.mapping import plan_to_core

__all__ = ["check_all", "plan_findings", "refresh_findings"]


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
