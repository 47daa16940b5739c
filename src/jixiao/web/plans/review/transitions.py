"""Moving a plan through the workflow: one transition function for every action.

``transition`` locks the plan, describes the acting user to the core state machine, asks
it once (``jixiao.core.workflow.next_state``: may this actor do this now, and what state
follows) and then runs the action's effects: a status change with its record and
notifications, or opening / cancelling an adjustment (a new version).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from jixiao.core import workflow as wf
from jixiao.web.plans.access import actor_for
from jixiao.web.plans.models import Plan, ReviewComment, Transition
from jixiao.web.plans.review import adjustments
from jixiao.web.plans.review.notifications import handled, notify_transition
from jixiao.web.plans.review.signals import plan_approved
from jixiao.web.plans.services.audit import (
    AnyUser,
    ServiceError,
    StaleEditError,
    acting_user,
    bump_version,
)
from jixiao.web.plans.services.findings import refresh_findings

__all__ = ["BatchResult", "available_actions", "batch_transition", "transition"]


def available_actions(user: AnyUser, plan: Plan) -> list[wf.Action]:
    """The actions to offer ``user`` on ``plan`` now (buttons; the API's ``actions``)."""
    actor = actor_for(user, plan)
    if actor is None or not plan.is_current:
        return []  # no role, or an older version: only the newest version moves
    return wf.allowed_actions(
        wf.State(plan.status),
        actor,
        has_supervisor=plan.unit.parent_id is not None,
        # Opening an adjustment makes the new version the current one: an older version
        # is exactly one with an adjustment pending or approved.
        has_pending_adjustment=not plan.is_current,
        is_adjustment=plan.previous_id is not None,
    )


def _locked(plan: Plan, expected_version: int | None) -> Plan:
    """The plan row locked for this transaction; a stale page is refused."""
    fresh = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise StaleEditError("计划已被他人修改或已流转，请刷新页面后重试")
    return fresh


@transaction.atomic
def transition(
    plan: Plan,
    action: wf.Action | str,
    *,
    user: AnyUser,
    comment: str = "",
    expected_version: int | None = None,
) -> Plan:
    """Apply ``action`` to ``plan`` as ``user``; ``TransitionError`` (Chinese) if refused.

    Everything happens in one transaction with the plan row locked: two reviewers clicking
    at once cannot both approve, and a refused action changes nothing. ``ADJUST`` returns
    the new adjustment version and ``CANCEL_ADJUSTMENT`` the version current again;
    otherwise the plan itself.
    """
    try:
        act = wf.Action(action)
    except ValueError:
        raise wf.TransitionError(f"未知操作：{action}") from None
    fresh = _locked(plan, expected_version)
    actor = actor_for(user, fresh)
    if actor is None or (not fresh.is_current and act is not wf.Action.ADJUST):
        raise wf.TransitionError("您无权对此计划执行此操作")
    state = wf.State(fresh.status)
    new_state = wf.next_state(
        state,
        act,
        actor,
        has_supervisor=fresh.unit.parent_id is not None,
        findings=refresh_findings(fresh) if act is wf.Action.SUBMIT else (),
        comment=comment,
        has_pending_adjustment=not fresh.is_current,
        is_adjustment=fresh.previous_id is not None,
    )
    result = _EFFECTS.get(act, _move)(fresh, act, new_state, user, comment.strip())
    if act is not wf.Action.CANCEL_ADJUSTMENT:  # a cancelled adjustment no longer exists
        handled(user, fresh)
        plan.refresh_from_db()
    return result


Effect = Callable[[Plan, wf.Action, wf.State, AnyUser, str], Plan]


def _move(plan: Plan, act: wf.Action, new_state: wf.State, user: AnyUser, comment: str) -> Plan:
    """A status change: timestamps, the record (history, transition, comment), news."""
    state = plan.status
    now = timezone.now()
    plan.status = new_state.value
    if act is wf.Action.SUBMIT:
        plan.submitted_at = now
    if new_state is wf.State.APPROVED:
        plan.approved_at = now
        if plan.previous_id is not None:
            Plan.objects.filter(pk=plan.previous_id).update(superseded_at=now)
    bump_version(plan, user, wf.ACTION_LABELS[act])
    step = Transition.objects.create(
        plan=plan,
        action=act.value,
        from_state=state,
        to_state=new_state.value,
        user=acting_user(user),
        comment=comment,
    )
    if comment:
        ReviewComment.objects.create(
            plan=plan, author=step.user, transition=step, subject="整体", text=comment
        )
    notify_transition(plan, act, step)
    if new_state is wf.State.APPROVED:
        plan_approved.send(Plan, plan=plan, step=step, user=user, comment=comment)
    return plan


_EFFECTS: Mapping[wf.Action, Effect] = {
    wf.Action.ADJUST: adjustments.open_adjustment,
    wf.Action.CANCEL_ADJUSTMENT: adjustments.cancel_adjustment,
}


@dataclass(frozen=True, slots=True)
class BatchResult:
    plan: Plan
    ok: bool
    message: str


def batch_transition(
    plans: Iterable[Plan],
    action: wf.Action | str,
    *,
    user: AnyUser,
    comment: str = "",
    expected_versions: Mapping[int, int] | None = None,
) -> list[BatchResult]:
    """The same action on many plans (finance's batch approve/return).

    Each plan is its own transaction: one refused plan does not undo the others, and the
    result says, per plan, what happened and why. ``expected_versions`` (plan id → the
    ``version`` the reviewer saw with its findings) refuses a plan changed since then, so
    a batch never approves content nobody looked at.
    """
    expected = expected_versions or {}
    results = []
    for plan in plans:
        try:
            transition(
                plan, action, user=user, comment=comment, expected_version=expected.get(plan.pk)
            )
        except (wf.TransitionError, ServiceError) as exc:
            results.append(BatchResult(plan, False, str(exc)))
        else:
            results.append(BatchResult(plan, True, "已" + wf.ACTION_LABELS[wf.Action(action)]))
    return results
