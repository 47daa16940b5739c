"""In-app notifications: who is told what when a plan moves, is commented on, or a
deadline is set (county networks often have no e-mail)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Q, QuerySet
from django.utils import timezone

from jixiao.core import workflow as wf
from jixiao.core.workflow import Role
from jixiao.web.orgs.models import UNIT_ROLES, Membership, Unit, display_name
from jixiao.web.plans.models import Notification, NotificationKind, Plan, Transition
from jixiao.web.plans.services.audit import AnyUser, acting_user

__all__ = [
    "finance_users",
    "handled",
    "mark_read",
    "notify",
    "notify_transition",
    "supervisor_users",
    "unit_users",
    "unread_count",
    "users_where",
]


def users_where(q: Q) -> QuerySet[Membership]:
    """Active users' memberships matching ``q``."""
    return Membership.objects.filter(q).select_related("user").filter(user__is_active=True)


def unit_users(unit: Unit) -> list[AnyUser]:
    return [m.user for m in users_where(Q(unit=unit, role__in=UNIT_ROLES))]


def supervisor_users(unit: Unit) -> list[AnyUser]:
    if unit.parent_id is None:
        return []
    return [m.user for m in users_where(Q(unit_id=unit.parent_id, role=Role.SUPERVISOR_REVIEWER))]


def finance_users(unit: Unit) -> list[AnyUser]:
    return [
        m.user for m in users_where(Q(unit__region_id=unit.region_id, role=Role.FINANCE_REVIEWER))
    ]


def notify(users: Sequence[AnyUser], plan: Plan | None, kind: str, message: str) -> None:
    """One notification per user; ``plan`` None for news about no plan (a deadline)."""
    Notification.objects.bulk_create(
        Notification(user=acting_user(u), plan=plan, kind=kind, message=message[:500])
        for u in users
        if u is not None
    )


def notify_transition(plan: Plan, action: wf.Action, step: Transition) -> None:
    """Tell whoever acts next, and the unit when its plan was approved or returned."""
    unit = plan.unit
    who = display_name(step.user) or "系统"
    if action is wf.Action.SUBMIT:
        # Only whoever may act next: a unit with a 主管部门 waits for it, even when it has
        # no reviewer account yet (finance could not approve the plan at this step).
        reviewers = supervisor_users(unit) if unit.parent_id else finance_users(unit)
        notify(reviewers, plan, NotificationKind.REVIEW, f"{plan} 已提交，待您审核")
    elif action is wf.Action.SUPERVISOR_APPROVE:
        notify(
            finance_users(unit), plan, NotificationKind.REVIEW, f"{plan} 主管部门已审核，待财政批复"
        )
        notify(unit_users(unit), plan, NotificationKind.APPROVED, f"{plan} 已通过主管部门审核")
    elif action is wf.Action.FINANCE_APPROVE:
        notify(unit_users(unit), plan, NotificationKind.APPROVED, f"{plan} 已由财政批复")
    elif action is wf.Action.RETURN:
        notify(
            unit_users(unit), plan, NotificationKind.RETURNED, f"{plan} 被{who}退回：{step.comment}"
        )


def handled(user: AnyUser, plan: Plan) -> None:
    """Acting on a plan reads the actor's notifications about it ("待您审核" is done), so
    the bell keeps counting only what still needs the user."""
    if user is not None and user.is_authenticated:
        Notification.objects.filter(user=acting_user(user), plan=plan, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def unread_count(user: AnyUser) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=acting_user(user), read_at__isnull=True).count()


def mark_read(user: AnyUser, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all, or only ``ids``); return how many."""
    if user is None or not user.is_authenticated:
        return 0
    qs = Notification.objects.filter(user=acting_user(user), read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
