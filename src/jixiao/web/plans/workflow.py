"""The target workflow on stored plans: transitions, comments, adjustments, to-do lists.

Who may do what is decided by the pure state machine ``jixiao.core.workflow``; this module
describes the acting user relative to a plan (``actor_for``), applies the decision inside
one transaction with the plan row locked, and records it (``Transition``, the plan's
history, notifications). Views and the API call only these functions, so a forged request
is refused here exactly as a button that was never shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from jixiao.core import workflow as wf
from jixiao.web.orgs.models import (
    Membership,
    Region,
    Role,
    Unit,
    UnitKind,
    display_name,
    membership_of,
)
from jixiao.web.plans import services
from jixiao.web.plans.convert import plan_fields, plan_to_core
from jixiao.web.plans.importing import PlanDiff, diff_plans
from jixiao.web.plans.models import (
    Deadline,
    Indicator,
    Notification,
    Plan,
    PlanStatus,
    Project,
    ReviewComment,
    Transition,
)
from jixiao.web.plans.models_workflow import NotificationKind
from jixiao.web.plans.services import acting_user

if TYPE_CHECKING:
    from jixiao.web.plans.services import AnyUser

__all__ = [
    "BatchResult",
    "OverdueUnit",
    "TodoItem",
    "actor_for",
    "add_comment",
    "available_actions",
    "awaiting_review",
    "batch_transition",
    "can_comment",
    "cancel_adjustment",
    "compare_versions",
    "deadline_for",
    "mark_read",
    "open_adjustment",
    "overdue_units",
    "set_deadline",
    "store_deadline",
    "todo_for",
    "transition",
    "unread_count",
    "versions_of",
    "with_declared",
    "with_last_action",
]

UNIT_ROLES = frozenset({Role.UNIT_EDITOR, Role.UNIT_LEADER})
REVIEWER_ROLES = frozenset({Role.SUPERVISOR_REVIEWER, Role.FINANCE_REVIEWER})


# --- who is acting ---------------------------------------------------------------------------


def actor_for(user: AnyUser, plan: Plan) -> wf.Actor | None:
    """The user as the state machine sees them for ``plan`` (None: no unit, no role)."""
    m = membership_of(user) if user is not None else None
    if m is None:
        return None
    unit = plan.unit
    return wf.Actor(
        role=wf.Role(m.role),
        own_unit=m.unit_id == unit.pk,
        supervises=unit.parent_id is not None and unit.parent_id == m.unit_id,
        in_region=m.unit.region_id == unit.region_id,
    )


def _has_supervisor(plan: Plan) -> bool:
    return plan.unit.parent_id is not None


def _has_pending_adjustment(plan: Plan) -> bool:
    # Opening an adjustment makes the new version the current one: an older version is
    # exactly one with an adjustment pending or approved.
    return not plan.is_current


def available_actions(user: AnyUser, plan: Plan) -> list[wf.Action]:
    """The actions to offer ``user`` on ``plan`` now (buttons; the API's ``actions``)."""
    actor = actor_for(user, plan)
    if actor is None or not plan.is_current:
        return []  # no role, or an older version: only the newest version moves
    return wf.allowed_actions(
        wf.State(plan.status),
        actor,
        has_supervisor=_has_supervisor(plan),
        has_pending_adjustment=_has_pending_adjustment(plan),
        is_adjustment=plan.previous_id is not None,
    )


# --- transitions -------------------------------------------------------------------------------


def _locked(plan: Plan, expected_version: int | None) -> Plan:
    """The plan row locked for this transaction; a stale page is refused."""
    fresh = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise services.StaleEditError("计划已被他人修改或已流转，请刷新页面后重试")
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
    the new adjustment version instead of ``plan``.
    """
    try:
        act = wf.Action(action)
    except ValueError:
        raise wf.TransitionError(f"未知操作：{action}") from None
    if act is wf.Action.ADJUST:
        return open_adjustment(plan, user=user, reason=comment, expected_version=expected_version)
    if act is wf.Action.CANCEL_ADJUSTMENT:
        return cancel_adjustment(plan, user=user, reason=comment, expected_version=expected_version)
    fresh = _locked(plan, expected_version)
    actor = actor_for(user, fresh)
    if actor is None or not fresh.is_current:
        raise wf.TransitionError("您无权对此计划执行此操作")
    state = wf.State(fresh.status)
    findings = services.refresh_findings(fresh) if act is wf.Action.SUBMIT else []
    new_state = wf.next_state(
        state,
        act,
        actor,
        has_supervisor=_has_supervisor(fresh),
        findings=findings,
        comment=comment,
        has_pending_adjustment=_has_pending_adjustment(fresh),
    )
    now = timezone.now()
    fresh.status = new_state.value
    if act is wf.Action.SUBMIT:
        fresh.submitted_at = now
    if new_state is wf.State.APPROVED:
        fresh.approved_at = now
        if fresh.previous_id is not None:
            Plan.objects.filter(pk=fresh.previous_id).update(superseded_at=now)
    services.record_plan_change(fresh, user, wf.ACTION_LABELS[act])
    step = Transition.objects.create(
        plan=fresh,
        action=act.value,
        from_state=state.value,
        to_state=new_state.value,
        user=acting_user(user),
        comment=comment.strip(),
    )
    if comment.strip():
        ReviewComment.objects.create(
            plan=fresh,
            author=step.user,
            transition=step,
            subject="整体",
            text=comment.strip(),
        )
    _notify_transition(fresh, act, step)
    _handled(user, fresh)
    plan.refresh_from_db()
    return fresh


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
        except (wf.TransitionError, services.ServiceError) as exc:
            results.append(BatchResult(plan, False, str(exc)))
        else:
            results.append(BatchResult(plan, True, "已" + wf.ACTION_LABELS[wf.Action(action)]))
    return results


# --- adjustments and versions --------------------------------------------------------------------


@transaction.atomic
def open_adjustment(
    plan: Plan, *, user: AnyUser, reason: str, expected_version: int | None = None
) -> Plan:
    """A new draft version of an approved plan (调整); the approved one stays in force.

    The content is copied row by row, so the history of the new version starts with what
    was approved and shows each change the unit then makes.
    """
    fresh = _locked(plan, expected_version)
    actor = actor_for(user, fresh)
    if actor is None:
        raise wf.TransitionError("您无权对此计划申请调整")
    wf.next_state(
        wf.State(fresh.status),
        wf.Action.ADJUST,
        actor,
        has_supervisor=_has_supervisor(fresh),
        comment=reason,
        has_pending_adjustment=_has_pending_adjustment(fresh),
    )
    document = plan_to_core(fresh)
    # The old version stops being current and its pages go stale (a second click refused).
    Plan.objects.filter(pk=fresh.pk).update(is_current=False, version=F("version") + 1)
    new = Plan(
        unit=fresh.unit,
        year=fresh.year,
        previous=fresh,
        version_no=fresh.version_no + 1,
        adjustment_reason=reason.strip(),
        status=PlanStatus.DRAFT,
        **plan_fields(document),
    )
    new.updated_by = acting_user(user)
    try:
        services.save_row(new, user, f"调整（第{new.version_no}版）")
    except IntegrityError:  # a concurrent adjustment won the race
        raise wf.TransitionError("此计划已有进行中的调整") from None
    services.copy_projects(new, document.projects, user, "调整")
    services.refresh_findings(new)
    Transition.objects.create(
        plan=new,
        action=wf.Action.ADJUST.value,
        from_state=fresh.status,
        to_state=PlanStatus.DRAFT,
        user=acting_user(user),
        comment=reason.strip(),
    )
    _handled(user, fresh)
    plan.refresh_from_db()
    return new


@transaction.atomic
def cancel_adjustment(
    plan: Plan, *, user: AnyUser, reason: str, expected_version: int | None = None
) -> Plan:
    """Withdraw a draft adjustment: its rows are deleted (audited), the approved version it
    adjusted is current again. The cancellation is recorded on that version."""
    fresh = _locked(plan, expected_version)
    actor = actor_for(user, fresh)
    if actor is None or not fresh.is_current or fresh.previous_id is None:
        raise wf.TransitionError("您无权撤销此调整")
    wf.next_state(
        wf.State(fresh.status),
        wf.Action.CANCEL_ADJUSTMENT,
        actor,
        has_supervisor=_has_supervisor(fresh),
        comment=reason,
        is_adjustment=True,
    )
    previous = Plan.objects.select_for_update().get(pk=fresh.previous_id)
    label = f"撤销调整（第{fresh.version_no}版）"
    for project in fresh.projects.all():
        services.delete_project_rows(project, user, label)
    from_state = fresh.status
    services.delete_row(fresh, user, label)
    Plan.objects.filter(pk=previous.pk).update(is_current=True, version=F("version") + 1)
    Transition.objects.create(
        plan=previous,
        action=wf.Action.CANCEL_ADJUSTMENT.value,
        from_state=from_state,
        to_state=previous.status,
        user=acting_user(user),
        comment=f"第{fresh.version_no}版调整已撤销：{reason.strip()}",
    )
    previous.refresh_from_db()
    return previous


def versions_of(plan: Plan) -> list[Plan]:
    """Every version of the plan's unit and year, oldest first."""
    return list(
        Plan.objects.filter(unit_id=plan.unit_id, year=plan.year)
        .select_related("unit")
        .order_by("version_no")
    )


def compare_versions(old: Plan, new: Plan) -> PlanDiff:
    """Projects, indicators and budget changed between two versions (the import's diff)."""
    return diff_plans(plan_to_core(old), plan_to_core(new))


# --- comments ----------------------------------------------------------------------------------


def can_comment(user: AnyUser, plan: Plan) -> bool:
    """Reviewers of the plan comment; the unit's own editors and leader may reply."""
    actor = actor_for(user, plan)
    if actor is None:
        return False
    if actor.role in {wf.Role.UNIT_EDITOR, wf.Role.UNIT_LEADER}:
        return actor.own_unit
    if actor.role is wf.Role.SUPERVISOR_REVIEWER:
        return actor.supervises
    return actor.role is wf.Role.FINANCE_REVIEWER and actor.in_region


def _subject(project: Project | None, indicator: Indicator | None) -> str:
    if indicator is not None:
        proj = indicator.project
        label = " / ".join(x for x in (indicator.level2, indicator.name) if x) or "（空行）"
        return f"{proj} · {label}"
    if project is not None:
        return str(project)
    return "整体"


@transaction.atomic
def add_comment(
    plan: Plan,
    text: str,
    *,
    user: AnyUser,
    project: Project | None = None,
    indicator: Indicator | None = None,
) -> ReviewComment:
    """A comment on the plan, one of its projects or one indicator (stays in the history)."""
    if not can_comment(user, plan):
        raise wf.TransitionError("您无权对此计划提出意见")
    if not plan.is_current:
        # Nobody acts on a superseded version or on one that is being adjusted: the
        # comment belongs on the newest version, where the unit will see it.
        raise services.ServiceError("此版本已不是最新版本，请在最新版本上提出意见")
    text = text.strip()
    if not text:
        raise services.ServiceError("请填写意见内容")
    if len(text) > 2000:
        raise services.ServiceError("意见过长（最多 2000 字）")
    if indicator is not None:
        project = indicator.project
    if project is not None and project.plan_id != plan.pk:
        raise services.ServiceError("意见对象不属于此计划")
    comment = ReviewComment.objects.create(
        plan=plan,
        project=project,
        indicator=indicator,
        subject=_subject(project, indicator)[:400],
        author=acting_user(user),
        text=text,
    )
    m = membership_of(user) if user is not None else None
    if m is not None and m.role in REVIEWER_ROLES:
        _notify(
            _unit_users(plan.unit),
            plan,
            NotificationKind.COMMENT,
            f"{plan}：{comment.subject} 收到审核意见",
        )
    return comment


# --- notifications -------------------------------------------------------------------------------


def _users(q: Q) -> QuerySet[Membership]:
    return Membership.objects.filter(q).select_related("user").filter(user__is_active=True)


def _unit_users(unit: Unit) -> list[AnyUser]:
    return [m.user for m in _users(Q(unit=unit, role__in=UNIT_ROLES))]


def _supervisor_users(unit: Unit) -> list[AnyUser]:
    if unit.parent_id is None:
        return []
    return [m.user for m in _users(Q(unit_id=unit.parent_id, role=Role.SUPERVISOR_REVIEWER))]


def _finance_users(unit: Unit) -> list[AnyUser]:
    return [m.user for m in _users(Q(unit__region_id=unit.region_id, role=Role.FINANCE_REVIEWER))]


def _notify(users: Sequence[AnyUser], plan: Plan | None, kind: str, message: str) -> None:
    """One notification per user; ``plan`` None for news about no plan (a deadline)."""
    Notification.objects.bulk_create(
        Notification(user=acting_user(u), plan=plan, kind=kind, message=message[:500])
        for u in users
        if u is not None
    )


def _notify_transition(plan: Plan, action: wf.Action, step: Transition) -> None:
    unit = plan.unit
    who = display_name(step.user) or "系统"
    if action is wf.Action.SUBMIT:
        # Only whoever may act next: a unit with a 主管部门 waits for it, even when it has
        # no reviewer account yet (finance could not approve the plan at this step).
        reviewers = _supervisor_users(unit) if unit.parent_id else _finance_users(unit)
        _notify(reviewers, plan, NotificationKind.REVIEW, f"{plan} 已提交，待您审核")
    elif action is wf.Action.SUPERVISOR_APPROVE:
        _notify(
            _finance_users(unit),
            plan,
            NotificationKind.REVIEW,
            f"{plan} 主管部门已审核，待财政批复",
        )
        _notify(_unit_users(unit), plan, NotificationKind.APPROVED, f"{plan} 已通过主管部门审核")
    elif action is wf.Action.FINANCE_APPROVE:
        _notify(_unit_users(unit), plan, NotificationKind.APPROVED, f"{plan} 已由财政批复")
    elif action is wf.Action.RETURN:
        _notify(
            _unit_users(unit),
            plan,
            NotificationKind.RETURNED,
            f"{plan} 被{who}退回：{step.comment}",
        )


def _handled(user: AnyUser, plan: Plan) -> None:
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


# --- to-do list and deadlines -------------------------------------------------------------------


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
        return current.filter(unit__parent_id=m.unit_id, status=PlanStatus.SUBMITTED)
    if m.role == Role.FINANCE_REVIEWER:
        return current.filter(unit__region_id=m.unit.region_id).filter(
            Q(status=PlanStatus.SUPERVISOR_APPROVED)
            | Q(status=PlanStatus.SUBMITTED, unit__parent__isnull=True)
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


def deadline_for(region_id: int, year: int) -> Deadline | None:
    return Deadline.objects.filter(region_id=region_id, year=year).first()


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
                .filter(unit_id=m.unit_id, status=PlanStatus.DRAFT)
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


@transaction.atomic
def set_deadline(
    region: Region, year: int, due: date, *, user: AnyUser, note: str = ""
) -> Deadline:
    """Set (or move) the 目标申报截止日期 of ``region`` for ``year``.

    Only the region's finance reviewers and admins (and superusers) set it. When the date
    is new or moves, the region's unit editors and leaders are told in their to-do list.
    """
    m = membership_of(user) if user is not None else None
    allowed = bool(getattr(user, "is_superuser", False)) or (
        m is not None
        and m.role in {Role.FINANCE_REVIEWER, Role.ADMIN}
        and m.unit.region_id == region.pk
    )
    if not allowed:
        raise wf.TransitionError("仅本地区财政部门可以设置申报截止日期")
    return store_deadline(region, year, due, note=note)


@transaction.atomic
def store_deadline(region: Region, year: int, due: date, *, note: str = "") -> Deadline:
    """Save the deadline and tell the region's units when it is new or moves.

    Callers check who may set it: ``set_deadline`` for the pages and the API; the Django
    admin by its model permissions.
    """
    if not 1990 <= year <= 2100:
        raise services.ServiceError(f"年度无效：{year}")
    note = note.strip()
    if len(note) > 200:
        raise services.ServiceError("说明过长（最多 200 字）")
    deadline = Deadline.objects.select_for_update().filter(region=region, year=year).first()
    moved = deadline is None or deadline.due != due
    if deadline is None:
        deadline = Deadline(region=region, year=year)
    deadline.due = due
    deadline.note = note
    deadline.save()
    if moved:
        text = f"{year}年目标申报截止日期：{due:%Y-%m-%d}" + (f"（{note}）" if note else "")
        users = [
            mm.user
            for mm in _users(Q(unit__region=region, role__in=UNIT_ROLES, unit__kind=UnitKind.UNIT))
        ]
        _notify(users, None, NotificationKind.DEADLINE, text)
    return deadline


@dataclass(frozen=True, slots=True)
class OverdueUnit:
    unit: Unit
    plan: Plan | None
    days: int


def overdue_units(region: Region, year: int, *, today: date | None = None) -> list[OverdueUnit]:
    """Budget units of ``region`` that have not submitted ``year``'s targets by the deadline."""
    deadline = deadline_for(region.pk, year)
    today = today or timezone.localdate()
    if deadline is None or deadline.due >= today:
        return []
    days = (today - deadline.due).days
    plans = {
        p.unit_id: p
        for p in Plan.objects.current()
        .filter(unit__region=region, year=year)
        .select_related("unit")
    }
    # A plan once submitted counts as declared, even if it was returned afterwards.
    submitted = set(
        Transition.objects.filter(
            plan__unit__region=region, plan__year=year, action=wf.Action.SUBMIT.value
        ).values_list("plan__unit_id", flat=True)
    )
    out = []
    for unit in Unit.objects.filter(region=region, kind=UnitKind.UNIT).order_by("code", "name"):
        if unit.pk in submitted:
            continue
        out.append(OverdueUnit(unit, plans.get(unit.pk), days))
    return out
