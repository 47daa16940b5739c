"""In-app notifications about monitoring, through the targets' notification list (the
bell and the to-do page): a round scheduled (with its due date), submitted (for whoever
reviews next), approved or returned (for the unit), a correction required (for the
unit)."""

from __future__ import annotations

from jixiao.core import workflow as wf
from jixiao.web.monitoring.models import FinanceAction, MonitoringRound, RoundTransition
from jixiao.web.orgs.models import display_name
from jixiao.web.plans.models import NotificationKind
from jixiao.web.plans.review.notifications import (
    finance_users,
    notify,
    supervisor_users,
    unit_users,
)

__all__ = ["notify_correction", "notify_round_transition", "notify_scheduled"]


def _name(rnd: MonitoringRound) -> str:
    return f"{rnd.plan.unit.name} {rnd.plan.year}年{rnd.label}运行监控"


def notify_scheduled(rnd: MonitoringRound) -> None:
    due = f"，请于 {rnd.due.isoformat()} 前报送" if rnd.due else ""
    notify(unit_users(rnd.plan.unit), rnd.plan, NotificationKind.DEADLINE,
           f"已安排{_name(rnd)}（截至 {rnd.as_of.isoformat()}）{due}")  # fmt: skip


def notify_round_transition(rnd: MonitoringRound, action: wf.Action, step: RoundTransition) -> None:
    unit = rnd.plan.unit
    name = _name(rnd)
    if action is wf.Action.SUBMIT:
        reviewers = supervisor_users(unit) if unit.parent_id else finance_users(unit)
        notify(reviewers, rnd.plan, NotificationKind.REVIEW, f"{name} 已提交，待您审核")
    elif action is wf.Action.SUPERVISOR_APPROVE:
        notify(finance_users(unit), rnd.plan, NotificationKind.REVIEW,
               f"{name} 主管部门已审核，待财政审核")  # fmt: skip
        notify(unit_users(unit), rnd.plan, NotificationKind.APPROVED,
               f"{name} 已通过主管部门审核")  # fmt: skip
    elif action is wf.Action.FINANCE_APPROVE:
        notify(unit_users(unit), rnd.plan, NotificationKind.APPROVED, f"{name} 已由财政审核通过")
    elif action is wf.Action.RETURN:
        who = display_name(step.user) or "系统"
        notify(unit_users(unit), rnd.plan, NotificationKind.RETURNED,
               f"{name} 被{who}退回：{step.comment}")  # fmt: skip


def notify_correction(action: FinanceAction) -> None:
    rnd = action.round
    due = action.due.isoformat() if action.due else ""
    notify(unit_users(rnd.plan.unit), rnd.plan, NotificationKind.COMMENT,
           f"{_name(rnd)}：项目“{action.project}”须整改（期限 {due}）：{action.text}")  # fmt: skip
