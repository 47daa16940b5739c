"""Adjustments (调整): an approved plan changes only through a new version, reviewed again.

These are the effects of the ADJUST and CANCEL_ADJUSTMENT actions; ``transitions.
transition`` has already asked the state machine and holds the plan row locked.
"""

from __future__ import annotations

from django.db import IntegrityError
from django.db.models import F
from django.utils import timezone

from jixiao.core import workflow as wf
from jixiao.core.diff import PlanDiff, diff_plans
from jixiao.web.plans.models import Plan, Transition
from jixiao.web.plans.services.audit import AnyUser, acting_user, bump_version, save_row
from jixiao.web.plans.services.editing import create_projects
from jixiao.web.plans.services.findings import refresh_findings
from jixiao.web.plans.services.mapping import plan_fields, plan_to_core

__all__ = ["cancel_adjustment", "compare_versions", "open_adjustment", "versions_of"]


def open_adjustment(
    plan: Plan, act: wf.Action, new_state: wf.State, user: AnyUser, reason: str
) -> Plan:
    """A new draft version of the approved ``plan``; the approved one stays in force.

    The content is copied row by row, so the history of the new version starts with what
    was approved and shows each change the unit then makes.
    """
    document = plan_to_core(plan)
    # The old version stops being current and its pages go stale (a second click refused).
    Plan.objects.filter(pk=plan.pk).update(is_current=False, version=F("version") + 1)
    new = Plan(
        unit=plan.unit,
        year=plan.year,
        previous=plan,
        # After a cancelled adjustment the numbers go on: 第2版 (撤销) stays 第2版.
        version_no=_next_version_no(plan),
        adjustment_reason=reason,
        status=new_state.value,
        **plan_fields(document),
    )
    new.updated_by = acting_user(user)
    try:
        save_row(new, user, f"调整（第{new.version_no}版）")
    except IntegrityError:  # a concurrent adjustment won the race
        raise wf.TransitionError("此计划已有进行中的调整") from None
    create_projects(new, document.projects, user, "调整")
    refresh_findings(new)
    Transition.objects.create(
        plan=new,
        action=act.value,
        from_state=plan.status,
        to_state=new_state.value,
        user=acting_user(user),
        comment=reason,
    )
    return new


def cancel_adjustment(
    plan: Plan, act: wf.Action, new_state: wf.State, user: AnyUser, reason: str
) -> Plan:
    """Withdraw a draft adjustment: it is marked cancelled (never deleted: its rows, its
    history, its review stay), and the approved version it adjusted is current again.
    The cancellation is recorded on both versions."""
    assert plan.previous_id is not None  # the state machine allows this for adjustments only
    previous = Plan.objects.select_for_update().get(pk=plan.previous_id)
    plan.cancelled_at = timezone.now()
    plan.is_current = False
    bump_version(plan, user, f"撤销调整（第{plan.version_no}版）")
    Plan.objects.filter(pk=previous.pk).update(is_current=True, version=F("version") + 1)
    Transition.objects.create(
        plan=previous,
        action=act.value,
        from_state=plan.status,
        to_state=new_state.value,
        user=acting_user(user),
        comment=f"第{plan.version_no}版调整已撤销：{reason}",
    )
    previous.refresh_from_db()
    return previous


def _next_version_no(plan: Plan) -> int:
    last = (
        Plan.objects.filter(unit_id=plan.unit_id, year=plan.year)
        .order_by("-version_no")
        .values_list("version_no", flat=True)
        .first()
    )
    return (last or plan.version_no) + 1


def versions_of(plan: Plan) -> list[Plan]:
    """Every version of the plan's unit and year, oldest first."""
    return list(
        Plan.objects.filter(unit_id=plan.unit_id, year=plan.year)
        .select_related("unit")
        .order_by("version_no")
    )


def compare_versions(old: Plan, new: Plan) -> PlanDiff:
    """What changed between two versions (the same diff as the import preview)."""
    return diff_plans(plan_to_core(old), plan_to_core(new))
