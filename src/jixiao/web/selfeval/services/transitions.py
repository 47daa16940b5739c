"""Moving a self-evaluation through review: submit → 主管部门 → 财政复核 (approve/return).

The same machinery as the targets: the core state machine decides (``core.workflow``,
asked once with the acting user described by ``plans.access.actor_for``); this module
applies the effect and records it. A targets-only action (调整) is never offered here.
On submit, rows the unit left without a score take the rules' score (recorded as
changes); a return carries the reviewer's comment and the departures seen at the time.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jixiao.core import workflow as wf
from jixiao.web.plans.services.audit import AnyUser, acting_user
from jixiao.web.selfeval.access import evaluation_actor
from jixiao.web.selfeval.models import EvalTransition, SelfEvaluation
from jixiao.web.selfeval.services.audit import bump, lock, record
from jixiao.web.selfeval.services.scoring import refresh, scored

__all__ = ["ACTIONS", "available_actions", "transition"]

#: The review actions of a self-evaluation (no adjustment: it is a year-end record).
ACTIONS = frozenset(
    {
        wf.Action.SUBMIT,
        wf.Action.WITHDRAW,
        wf.Action.SUPERVISOR_APPROVE,
        wf.Action.FINANCE_APPROVE,
        wf.Action.RETURN,
    }
)


def _has_supervisor(ev: SelfEvaluation) -> bool:
    return ev.unit.parent_id is not None


def available_actions(user: AnyUser, ev: SelfEvaluation) -> list[wf.Action]:
    actor = evaluation_actor(user, ev)
    if actor is None:
        return []
    allowed = wf.allowed_actions(wf.State(ev.status), actor, has_supervisor=_has_supervisor(ev))
    return [a for a in allowed if a in ACTIONS]


def _fill_scores(ev: SelfEvaluation, user: AnyUser) -> None:
    """Rows (and the execution item) the unit left blank take the rules' scores."""
    result = scored(ev)
    rows = list(ev.rows.order_by("position", "id"))
    for row, res in zip(rows, result.report.indicators, strict=True):
        if row.score is None and res.score is not None:
            record(ev, row, {"score": res.score}, user)
    if ev.execution_score is None and result.report.execution.score is not None:
        record(ev, ev, {"execution_score": result.report.execution.score}, user)


@transaction.atomic
def transition(
    ev: SelfEvaluation,
    action: wf.Action | str,
    *,
    user: AnyUser,
    comment: str = "",
    expected_version: int | None = None,
) -> SelfEvaluation:
    """Apply ``action`` as ``user``; ``TransitionError`` (Chinese) if refused."""
    try:
        act = wf.Action(action)
    except ValueError:
        raise wf.TransitionError(f"未知操作：{action}") from None
    lock(ev, expected_version, editable=False)
    actor = evaluation_actor(user, ev)
    if actor is None or act not in ACTIONS:
        raise wf.TransitionError("您无权对此自评执行此操作")
    state = wf.State(ev.status)
    findings = []
    if act is wf.Action.SUBMIT:
        # Check that submitting is the actor's move before filling anything in.
        if act not in wf.allowed_actions(state, actor, has_supervisor=_has_supervisor(ev)):
            wf.next_state(state, act, actor, has_supervisor=_has_supervisor(ev))
        _fill_scores(ev, user)
        findings = scored(ev).blocking
    new_state = wf.next_state(
        state,
        act,
        actor,
        has_supervisor=_has_supervisor(ev),
        findings=findings,
        comment=comment,
    )
    attached = []
    if act is wf.Action.RETURN:
        attached = [f.to_dict() for f in scored(ev).departures]
    now = timezone.now()
    ev.status = new_state.value
    if act is wf.Action.SUBMIT:
        ev.submitted_at = now
    if new_state is wf.State.APPROVED:
        ev.approved_at = now
    bump(ev, user)
    EvalTransition.objects.create(
        evaluation=ev,
        action=act.value,
        from_state=state.value,
        to_state=new_state.value,
        user=acting_user(user),
        comment=comment.strip(),
        findings=attached,
    )
    refresh(ev)
    return ev
