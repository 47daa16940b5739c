"""The target workflow (目标编报 → 审核 → 批复) as a pure state machine.

States and who may move a plan between them live here, not in views, so that the web
pages, the API and management commands all refuse the same forged transitions. The web
layer describes the acting user relative to the plan with an ``Actor`` and applies the
returned state inside its own transaction.

    草稿 draft ──submit──▶ 已提交 submitted ──supervisor_approve──▶ 主管部门已审 supervisor_approved
        ▲                      │   (no 主管部门: finance acts here)          │
        └──────return──────────┴──────────────return──────────────────────┤
                                                                          ▼
                                                 已批复 approved ◀──finance_approve

An approved plan is changed only through an adjustment (调整): a new version that starts
as a draft and goes through the same review while the approved one stays in force.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from jixiao.core.findings import Finding
from jixiao.core.i18n import gettext_noop

__all__ = [
    "ACTION_LABELS",
    "ROLE_LABELS",
    "STATE_LABELS",
    "Action",
    "Actor",
    "Role",
    "State",
    "TransitionError",
    "allowed_actions",
    "can_edit",
    "next_state",
]


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SUPERVISOR_APPROVED = "supervisor_approved"
    APPROVED = "approved"


class Action(StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    SUPERVISOR_APPROVE = "supervisor_approve"
    FINANCE_APPROVE = "finance_approve"
    RETURN = "return"
    ADJUST = "adjust"
    CANCEL_ADJUSTMENT = "cancel_adjustment"


class Role(StrEnum):
    UNIT_EDITOR = "unit_editor"
    UNIT_LEADER = "unit_leader"
    SUPERVISOR_REVIEWER = "supervisor_reviewer"
    FINANCE_REVIEWER = "finance_reviewer"
    AUDITOR = "auditor"
    ADMIN = "admin"


STATE_LABELS: dict[State, str] = {
    State.DRAFT: gettext_noop("草稿"),
    State.SUBMITTED: gettext_noop("已提交"),
    State.SUPERVISOR_APPROVED: gettext_noop("主管部门已审"),
    State.APPROVED: gettext_noop("已批复"),
}

ACTION_LABELS: dict[Action, str] = {
    Action.SUBMIT: gettext_noop("提交"),
    Action.WITHDRAW: gettext_noop("撤回"),
    Action.SUPERVISOR_APPROVE: gettext_noop("主管部门审核通过"),
    Action.FINANCE_APPROVE: gettext_noop("财政批复"),
    Action.RETURN: gettext_noop("退回"),
    Action.ADJUST: gettext_noop("申请调整"),
    Action.CANCEL_ADJUSTMENT: gettext_noop("撤销调整"),
}


ROLE_LABELS: dict[Role, str] = {
    Role.UNIT_EDITOR: gettext_noop("单位填报"),
    Role.UNIT_LEADER: gettext_noop("单位负责人"),
    Role.SUPERVISOR_REVIEWER: gettext_noop("主管部门审核"),
    Role.FINANCE_REVIEWER: gettext_noop("财政绩效科"),
    Role.AUDITOR: gettext_noop("只读"),
    Role.ADMIN: gettext_noop("管理员"),
}


class TransitionError(Exception):
    """A transition the actor may not make now; the message says why, in Chinese."""


@dataclass(frozen=True, slots=True)
class Actor:
    """The acting user as seen from one plan.

    ``own_unit``: the user belongs to the plan's unit. ``supervises``: the user's unit is
    the plan unit's 主管部门. ``in_region``: the user's unit is in the plan's region.
    """

    role: Role
    own_unit: bool = False
    supervises: bool = False
    in_region: bool = False


def _reviewer(actor: Actor, state: State, has_supervisor: bool) -> Action | None:
    """Which approval this actor may give in ``state``, if any."""
    if (
        state is State.SUBMITTED
        and has_supervisor
        and actor.role is Role.SUPERVISOR_REVIEWER
        and actor.supervises
    ):
        return Action.SUPERVISOR_APPROVE
    finance_turn = state is State.SUPERVISOR_APPROVED or (
        state is State.SUBMITTED and not has_supervisor
    )
    if finance_turn and actor.role is Role.FINANCE_REVIEWER and actor.in_region:
        return Action.FINANCE_APPROVE
    return None


def allowed_actions(
    state: State,
    actor: Actor,
    *,
    has_supervisor: bool,
    has_pending_adjustment: bool = False,
    is_adjustment: bool = False,
) -> list[Action]:
    """The actions ``actor`` may take on a plan in ``state`` (for buttons and checks).

    ``is_adjustment``: the plan is an adjustment version; while it is a draft the unit may
    cancel it (the approved version it adjusts then stays the current one).
    """
    unit_member = actor.own_unit and actor.role in {Role.UNIT_EDITOR, Role.UNIT_LEADER}
    actions: list[Action] = []
    if state is State.DRAFT and unit_member:
        actions.append(Action.SUBMIT)
        if is_adjustment:
            actions.append(Action.CANCEL_ADJUSTMENT)
    if state is State.SUBMITTED and unit_member:
        actions.append(Action.WITHDRAW)
    approval = _reviewer(actor, state, has_supervisor)
    if approval is not None:
        actions += [approval, Action.RETURN]
    if state is State.APPROVED and unit_member and not has_pending_adjustment:
        actions.append(Action.ADJUST)
    return actions


def next_state(
    state: State,
    action: Action,
    actor: Actor,
    *,
    has_supervisor: bool,
    findings: Iterable[Finding] = (),
    comment: str = "",
    has_pending_adjustment: bool = False,
    is_adjustment: bool = False,
) -> State:
    """The state after ``action``, or ``TransitionError`` saying why it is refused.

    For ``ADJUST`` the returned state is that of the new adjustment version (draft); the
    approved version itself does not change. For ``CANCEL_ADJUSTMENT`` it is the state of
    the version that is current again (approved).
    """
    allowed = allowed_actions(
        state,
        actor,
        has_supervisor=has_supervisor,
        has_pending_adjustment=has_pending_adjustment,
        is_adjustment=is_adjustment,
    )
    if action not in allowed:
        raise TransitionError(
            f"当前状态“{STATE_LABELS[state]}”下，您无权执行“{ACTION_LABELS[action]}”操作"
        )
    if action is Action.SUBMIT:
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            raise TransitionError(
                f"存在 {len(errors)} 个必须修改的问题（错误），修改后才能提交：" + errors[0].message
            )
        return State.SUBMITTED
    reasons = {
        Action.RETURN: "退回意见",
        Action.ADJUST: "调整原因",
        Action.CANCEL_ADJUSTMENT: "撤销原因",
    }
    if action in reasons and not comment.strip():
        raise TransitionError(f"请填写{reasons[action]}")
    return {
        Action.WITHDRAW: State.DRAFT,
        Action.RETURN: State.DRAFT,
        Action.SUPERVISOR_APPROVE: State.SUPERVISOR_APPROVED,
        Action.FINANCE_APPROVE: State.APPROVED,
        Action.ADJUST: State.DRAFT,
        Action.CANCEL_ADJUSTMENT: State.APPROVED,
    }[action]


def can_edit(state: State, actor: Actor) -> bool:
    """Submitting locks a plan for the unit; approving locks it for everyone."""
    if state is not State.DRAFT:
        return False
    if actor.role is Role.ADMIN:
        return actor.in_region
    return actor.own_unit and actor.role is Role.UNIT_EDITOR
