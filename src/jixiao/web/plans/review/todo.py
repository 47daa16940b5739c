"""Each user's to-do list: plans to review, plans returned or in draft, deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from jixiao.core import workflow as wf
from jixiao.core.workflow import Role
from jixiao.web.orgs.models import UNIT_ROLES, Membership, UnitKind, membership_of
from jixiao.web.plans.models import Deadline, Plan, Transition
from jixiao.web.plans.review.deadlines import deadline_for, overdue_units
from jixiao.web.plans.services.audit import AnyUser

__all__ = ["TodoItem", "awaiting_review", "todo_for", "with_declared", "with_last_action"]


@dataclass(frozen=True, slots=True)
class TodoItem:
    """One line of a user's to-do list: what to do, on which plan, since when."""

    kind: str  # review | returned | draft | deadline
    plan: Plan | None
    text: str
    due: date | None = None
    overdue: bool = False


def awaiting_review(user: AnyUser) -> QuerySet[Plan]:
    """Current plans waiting for ``user``'s approval (the to-do's and the batch's rows)."""
    m = membership_of(user) if user is not None else None
    if m is None:
        return Plan.objects.none()
    current = Plan.objects.current().select_related("unit")
    if m.role == Role.SUPERVISOR_REVIEWER:
        return current.filter(unit__parent_id=m.unit_id, status=wf.State.SUBMITTED)
    if m.role == Role.FINANCE_REVIEWER:
        return current.filter(unit__region_id=m.unit.region_id).filter(
            Q(status=wf.State.SUPERVISOR_APPROVED)
            | Q(status=wf.State.SUBMITTED, unit__parent__isnull=True)
        )
    return Plan.objects.none()


def with_last_action(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """Annotate ``last_action``: the latest transition's action (None if it never moved).

    A draft whose last action is ``return`` is a returned plan (被退回), in one query.
    """
    last = Transition.objects.filter(plan=OuterRef("pk")).order_by("-at", "-id").values("action")
    return plans.annotate(last_action=Subquery(last[:1]))


def with_declared(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """Annotate ``declared``: some version of the unit's plan for that year was submitted.

    The same rule as ``overdue_units``: a plan once submitted counts as declared on time,
    even if it was returned or withdrawn afterwards.
    """
    submits = Transition.objects.filter(
        plan__unit_id=OuterRef("unit_id"),
        plan__year=OuterRef("year"),
        action=wf.Action.SUBMIT.value,
    )
    return plans.annotate(declared=Exists(submits))


def todo_for(user: AnyUser, *, today: date | None = None) -> list[TodoItem]:
    """Plans to review, plans returned or still in draft, and deadlines coming or missed."""
    m = membership_of(user) if user is not None else None
    if m is None:
        return []
    today = today or timezone.localdate()
    items = [
        TodoItem("review", p, f"{p} 待您审核（{p.get_status_display()}）")
        for p in awaiting_review(user).order_by("submitted_at", "pk")
    ]
    if m.role in UNIT_ROLES:
        drafts = with_declared(
            with_last_action(
                Plan.objects.current()
                .filter(unit_id=m.unit_id, status=wf.State.DRAFT)
                .select_related("unit")
            )
        )
        for p in drafts:
            deadline = deadline_for(m.unit.region_id, p.year)
            due = deadline.due if deadline else None
            if p.last_action == wf.Action.RETURN:  # type: ignore[attr-defined]
                items.append(
                    TodoItem("returned", p, f"{p} 被退回，请按审核意见修改后重新提交", due)
                )
            else:
                items.append(TodoItem("draft", p, f"{p} 尚未提交", due))
            # Submitted once counts as declared (as in ``overdue_units``): a returned plan
            # is not late, and its to-do line already says what to do.
            if due is not None and not p.declared:  # type: ignore[attr-defined]
                days = (due - today).days
                if days < 0:
                    text = f"{p.year}年目标申报已于 {due:%Y-%m-%d} 截止，已逾期 {-days} 天"
                    items.append(TodoItem("deadline", p, text, due, overdue=True))
                elif days <= 14:
                    text = f"{p.year}年目标申报截止日期 {due:%Y-%m-%d}，还剩 {days} 天"
                    items.append(TodoItem("deadline", p, text, due))
        items += _missing_plan(m, today)
    if m.role == Role.FINANCE_REVIEWER:
        for deadline in Deadline.objects.filter(region_id=m.unit.region_id, due__lt=today):
            late = overdue_units(m.unit.region, deadline.year, today=today)
            if late:
                text = f"{deadline.year}年目标申报已截止，{len(late)} 个单位逾期未提交"
                items.append(TodoItem("deadline", None, text, deadline.due, overdue=True))
    return items


def _missing_plan(m: Membership, today: date) -> list[TodoItem]:
    """The current declaration (the region's latest deadline) when the unit has no plan yet.

    Without it a unit that never started its targets would see nothing on its to-do list
    until it was already late.
    """
    if m.unit.kind != UnitKind.UNIT:
        return []
    latest = Deadline.objects.filter(region_id=m.unit.region_id).order_by("-year").first()
    if latest is None or Plan.objects.filter(unit_id=m.unit_id, year=latest.year).exists():
        return []
    days = (latest.due - today).days
    if days < 0:
        text = (
            f"{latest.year}年绩效目标尚未建立：申报已于 {latest.due:%Y-%m-%d} 截止，"
            f"已逾期 {-days} 天"
        )
    else:
        text = (
            f"{latest.year}年绩效目标尚未建立：申报截止日期 {latest.due:%Y-%m-%d}，还剩 {days} 天"
        )
    return [TodoItem("deadline", None, text, latest.due, overdue=days < 0)]
