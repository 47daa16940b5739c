"""Monitoring rounds: the finance bureau's schedule, the edit lock, and the workflow.

Rounds move through the targets' states with the targets' rules: ``transition_round``
asks the core state machine (``core.workflow.next_state``) once, with the acting user
described relative to the plan's unit and the round's error findings (a round with an
error — a red lamp without reason, M11; 有可能 without measure, M4 — cannot be
submitted), and records the move (``RoundTransition``, append-only).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from jixiao.core import workflow as wf
from jixiao.core.findings import Finding
from jixiao.web.monitoring.models import MonitoringRound, RoundTransition
from jixiao.web.monitoring.services.notices import notify_round_transition, notify_scheduled
from jixiao.web.monitoring.services.results import refresh_results
from jixiao.web.orgs.models import Region
from jixiao.web.plans.access import actor_for
from jixiao.web.plans.models import Plan
from jixiao.web.plans.services.audit import (
    AnyUser,
    ServiceError,
    StaleEditError,
    acting_user,
    save_row,
)

__all__ = [
    "ROUND_ACTIONS",
    "available_round_actions",
    "bump_round",
    "lock_round",
    "schedule_rounds",
    "transition_round",
]

#: The targets' actions that apply to a round (no adjustment: a new round is the update).
ROUND_ACTIONS = frozenset(
    {
        wf.Action.SUBMIT,
        wf.Action.WITHDRAW,
        wf.Action.SUPERVISOR_APPROVE,
        wf.Action.FINANCE_APPROVE,
        wf.Action.RETURN,
    }
)


def lock_round(rnd: MonitoringRound, expected_version: int | None) -> MonitoringRound:
    """The round row locked for this transaction; a stale page is refused."""
    fresh = (
        MonitoringRound.objects.select_for_update()
        .select_related("plan", "plan__unit")
        .get(pk=rnd.pk)
    )
    if expected_version is not None and fresh.version != expected_version:
        raise StaleEditError("监控填报已被他人修改或已流转，请刷新页面后重试")
    return fresh


def bump_round(rnd: MonitoringRound, user: AnyUser, reason: str) -> None:
    """Count a change of the round (optimistic locking) and record who made it and why."""
    rnd.version += 1
    rnd.updated_by = acting_user(user)
    save_row(rnd, user, reason)


@transaction.atomic
def schedule_rounds(
    region: Region, year: int, as_of: date, due: date | None, *, user: AnyUser
) -> list[MonitoringRound]:
    """A round at ``as_of`` for every current plan of ``region`` and ``year`` that has
    none yet (the finance bureau's schedule: 1~6月 due 7月15日 …); returns the new ones."""
    if as_of.year != year:
        raise ServiceError(f"监控截止日期 {as_of.isoformat()} 不在 {year} 年度内")
    if due is not None and due < as_of:
        raise ServiceError("报送截止日期不能早于监控截止日期")
    plans = Plan.objects.current().filter(unit__region=region, year=year, cancelled_at=None)
    have = set(
        MonitoringRound.objects.filter(plan__in=plans, as_of=as_of).values_list(
            "plan_id", flat=True
        )
    )
    created = []
    for plan in plans.select_related("unit"):
        if plan.pk in have:
            continue
        rnd = MonitoringRound(plan=plan, as_of=as_of, due=due, updated_by=acting_user(user))
        save_row(rnd, user, "财政部门安排监控")
        refresh_results(rnd)
        notify_scheduled(rnd)
        created.append(rnd)
    return created


def available_round_actions(user: AnyUser, rnd: MonitoringRound) -> list[wf.Action]:
    """The actions to offer ``user`` on ``rnd`` now."""
    actor = actor_for(user, rnd.plan) if user is not None else None
    if actor is None:
        return []
    actions = wf.allowed_actions(
        wf.State(rnd.status), actor, has_supervisor=rnd.plan.unit.parent_id is not None
    )
    return [a for a in actions if a in ROUND_ACTIONS]


@transaction.atomic
def transition_round(
    rnd: MonitoringRound,
    action: wf.Action | str,
    *,
    user: AnyUser,
    comment: str = "",
    expected_version: int | None = None,
) -> MonitoringRound:
    """Apply ``action`` to ``rnd`` as ``user``; ``TransitionError`` (Chinese) if refused."""
    try:
        act = wf.Action(action)
    except ValueError:
        raise wf.TransitionError(f"未知操作：{action}") from None
    if act not in ROUND_ACTIONS:
        raise wf.TransitionError(f"监控轮次没有“{wf.ACTION_LABELS[act]}”操作")
    fresh = lock_round(rnd, expected_version)
    actor = actor_for(user, fresh.plan) if user is not None else None
    if actor is None:
        raise wf.TransitionError("您无权对此监控轮次执行此操作")
    findings: tuple[Finding, ...] = ()
    if act is wf.Action.SUBMIT:
        findings = tuple(refresh_results(fresh).findings)
    state = fresh.status
    new_state = wf.next_state(
        wf.State(state),
        act,
        actor,
        has_supervisor=fresh.plan.unit.parent_id is not None,
        findings=findings,
        comment=comment,
    )
    fresh.status = new_state.value
    if act is wf.Action.SUBMIT:
        fresh.submitted_at = timezone.now()
    bump_round(fresh, user, wf.ACTION_LABELS[act])
    step = RoundTransition.objects.create(
        round=fresh,
        action=act.value,
        from_state=state,
        to_state=new_state.value,
        user=acting_user(user),
        comment=comment.strip(),
    )
    notify_round_transition(fresh, act, step)
    rnd.refresh_from_db()
    return fresh
