"""Review comments on a plan, one of its projects or one indicator (never deleted)."""

from __future__ import annotations

from django.db import transaction

from jixiao.core import workflow as wf
from jixiao.web.orgs.models import REVIEWER_ROLES, membership_of
from jixiao.web.plans.access import actor_for
from jixiao.web.plans.models import Indicator, NotificationKind, Plan, Project, ReviewComment
from jixiao.web.plans.review.notifications import notify, unit_users
from jixiao.web.plans.services.audit import AnyUser, ServiceError, StaleEditError, acting_user

__all__ = ["add_comment", "can_comment"]

MAX_COMMENT = 2000


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
    expected_version: int | None = None,
) -> ReviewComment:
    """A comment on the plan, one of its projects or one indicator (stays in the history).

    With ``expected_version`` (the version the commenter saw) a plan changed or moved on
    since is refused (``StaleEditError``): the comment would concern what is no longer there.
    """
    if not can_comment(user, plan):
        raise wf.TransitionError("您无权对此计划提出意见")
    if expected_version is not None:
        stored = Plan.objects.filter(pk=plan.pk).values_list("version", flat=True).first()
        if stored != expected_version:
            raise StaleEditError("计划已被他人修改或已流转，请刷新页面后重试")
    if not plan.is_current:
        # Nobody acts on a superseded version or on one that is being adjusted: the
        # comment belongs on the newest version, where the unit will see it.
        raise ServiceError("此版本已不是最新版本，请在最新版本上提出意见")
    text = text.strip()
    if not text:
        raise ServiceError("请填写意见内容")
    if len(text) > MAX_COMMENT:
        raise ServiceError(f"意见过长（最多 {MAX_COMMENT} 字）")
    if indicator is not None:
        project = indicator.project
    if project is not None and project.plan_id != plan.pk:
        raise ServiceError("意见对象不属于此计划")
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
        notify(
            unit_users(plan.unit),
            plan,
            NotificationKind.COMMENT,
            f"{plan}：{comment.subject} 收到审核意见",
        )
    return comment
