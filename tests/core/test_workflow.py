"""Every allowed and every forbidden transition of the target workflow, per role."""

from __future__ import annotations

import itertools

import pytest

from jixiao.core.findings import Finding
from jixiao.core.workflow import (
    Action,
    Actor,
    Role,
    State,
    TransitionError,
    allowed_actions,
    can_edit,
    next_state,
)

EDITOR = Actor(Role.UNIT_EDITOR, own_unit=True, in_region=True)
LEADER = Actor(Role.UNIT_LEADER, own_unit=True, in_region=True)
OTHER_EDITOR = Actor(Role.UNIT_EDITOR, own_unit=False, in_region=True)
SUPERVISOR = Actor(Role.SUPERVISOR_REVIEWER, supervises=True, in_region=True)
OTHER_SUPERVISOR = Actor(Role.SUPERVISOR_REVIEWER, supervises=False, in_region=True)
FINANCE = Actor(Role.FINANCE_REVIEWER, in_region=True)
OTHER_FINANCE = Actor(Role.FINANCE_REVIEWER, in_region=False)
AUDITOR = Actor(Role.AUDITOR, in_region=True)
ADMIN = Actor(Role.ADMIN, in_region=True)
ACTORS = {
    "editor": EDITOR,
    "leader": LEADER,
    "other_editor": OTHER_EDITOR,
    "supervisor": SUPERVISOR,
    "other_supervisor": OTHER_SUPERVISOR,
    "finance": FINANCE,
    "other_finance": OTHER_FINANCE,
    "auditor": AUDITOR,
    "admin": ADMIN,
}

D, S, SA, A = State.DRAFT, State.SUBMITTED, State.SUPERVISOR_APPROVED, State.APPROVED
# (actor, state, has_supervisor) → allowed actions and where they lead; all else refused.
EXPECTED: dict[tuple[str, State, bool], dict[Action, State]] = {
    ("editor", D, True): {Action.SUBMIT: S},
    ("editor", D, False): {Action.SUBMIT: S},
    ("leader", D, True): {Action.SUBMIT: S},
    ("leader", D, False): {Action.SUBMIT: S},
    ("editor", S, True): {Action.WITHDRAW: D},
    ("editor", S, False): {Action.WITHDRAW: D},
    ("leader", S, True): {Action.WITHDRAW: D},
    ("leader", S, False): {Action.WITHDRAW: D},
    ("supervisor", S, True): {Action.SUPERVISOR_APPROVE: SA, Action.RETURN: D},
    ("finance", SA, True): {Action.FINANCE_APPROVE: A, Action.RETURN: D},
    ("finance", SA, False): {Action.FINANCE_APPROVE: A, Action.RETURN: D},
    # A unit without a supervising department goes straight to finance.
    ("finance", S, False): {Action.FINANCE_APPROVE: A, Action.RETURN: D},
    ("editor", A, True): {Action.ADJUST: D},
    ("editor", A, False): {Action.ADJUST: D},
    ("leader", A, True): {Action.ADJUST: D},
    ("leader", A, False): {Action.ADJUST: D},
}


@pytest.mark.parametrize(
    ("who", "state", "has_supervisor", "action"),
    list(itertools.product(ACTORS, State, (True, False), Action)),
)
def test_transition_matrix(who: str, state: State, has_supervisor: bool, action: Action) -> None:
    expected = EXPECTED.get((who, state, has_supervisor), {})
    actor = ACTORS[who]
    assert set(allowed_actions(state, actor, has_supervisor=has_supervisor)) == set(expected)
    if action in expected:
        result = next_state(state, action, actor, has_supervisor=has_supervisor, comment="意见")
        assert result is expected[action]
    else:
        with pytest.raises(TransitionError, match="无权"):
            next_state(state, action, actor, has_supervisor=has_supervisor, comment="意见")


def test_errors_block_submission_and_say_why() -> None:
    finding = Finding(
        "cost-direction", "error", "P1", 4, "成本指标应为反向指标（≤），此处为“≥96万元”"
    )
    with pytest.raises(TransitionError, match="≥96万元"):
        next_state(D, Action.SUBMIT, EDITOR, has_supervisor=True, findings=[finding])


def test_warnings_do_not_block_submission() -> None:
    finding = Finding("vague-indicator", "warning", "P1", 6, "指标含义笼统")
    assert next_state(D, Action.SUBMIT, EDITOR, has_supervisor=True, findings=[finding]) is S


@pytest.mark.parametrize("action", [Action.RETURN])
def test_return_needs_a_comment(action: Action) -> None:
    with pytest.raises(TransitionError, match="退回意见"):
        next_state(S, action, SUPERVISOR, has_supervisor=True, comment="  ")


def test_adjustment_needs_a_reason_and_only_one_at_a_time() -> None:
    with pytest.raises(TransitionError, match="调整原因"):
        next_state(A, Action.ADJUST, EDITOR, has_supervisor=True)
    assert Action.ADJUST not in allowed_actions(
        A, EDITOR, has_supervisor=True, has_pending_adjustment=True
    )


@pytest.mark.parametrize(("who", "actor"), ACTORS.items())
@pytest.mark.parametrize("state", list(State))
def test_only_the_units_editor_or_admin_edit_and_only_drafts(
    who: str, actor: Actor, state: State
) -> None:
    expected = state is D and who in {"editor", "admin"}
    assert can_edit(state, actor) is expected


def test_an_admin_edits_only_in_their_region() -> None:
    assert not can_edit(D, Actor(Role.ADMIN, in_region=False))


@pytest.mark.parametrize(("who", "actor"), ACTORS.items())
@pytest.mark.parametrize("state", list(State))
def test_only_the_unit_cancels_its_draft_adjustment(who: str, actor: Actor, state: State) -> None:
    allowed = allowed_actions(state, actor, has_supervisor=True, is_adjustment=True)
    may = state is D and who in {"editor", "leader"}
    assert (Action.CANCEL_ADJUSTMENT in allowed) is may
    if may:
        assert (
            next_state(state, Action.CANCEL_ADJUSTMENT, actor, has_supervisor=True,
                       is_adjustment=True, comment="不再调整")
            is A
        )  # fmt: skip
        with pytest.raises(TransitionError, match="撤销原因"):
            next_state(state, Action.CANCEL_ADJUSTMENT, actor, has_supervisor=True,
                       is_adjustment=True)  # fmt: skip
    else:
        with pytest.raises(TransitionError, match="无权"):
            next_state(state, Action.CANCEL_ADJUSTMENT, actor, has_supervisor=True,
                       is_adjustment=True, comment="不再调整")  # fmt: skip
