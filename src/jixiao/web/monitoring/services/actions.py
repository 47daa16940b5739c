"""The finance bureau's measures on a project (M1) and the unit's answer to a correction.

``record_action`` is for the finance bureau of the round's region (财政绩效科; superusers):
key monitoring on or off, a correction with a deadline, a funding measure with its
reason. ``answer_correction`` is for whoever may write for the unit (its editor, the
region admin). Both are recorded with their author (django-simple-history), refresh the
round's cached results (key monitoring counts in the overview) and never delete.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jixiao.core.workflow import Role
from jixiao.web.monitoring.models import ActionKind, FinanceAction, MonitoringRound
from jixiao.web.monitoring.services.notices import notify_correction
from jixiao.web.monitoring.services.results import refresh_results
from jixiao.web.orgs.models import AnyUser, Unit, is_superuser, membership_of
from jixiao.web.plans.models import Project
from jixiao.web.plans.services.audit import ServiceError, acting_user, save_row

__all__ = ["answer_correction", "can_answer", "can_record", "record_action"]


def can_record(user: AnyUser, rnd: MonitoringRound) -> bool:
    """The finance bureau of the round's region (M1)."""
    if is_superuser(user):
        return True
    m = membership_of(user)
    return (
        m is not None
        and m.role == Role.FINANCE_REVIEWER
        and m.unit.region_id == rnd.plan.unit.region_id
    )


def can_answer(user: AnyUser, rnd: MonitoringRound) -> bool:
    return Unit.objects.writable_by(user).filter(pk=rnd.plan.unit_id).exists()


@transaction.atomic
def record_action(
    rnd: MonitoringRound,
    project: Project,
    kind: str,
    text: str,
    *,
    user: AnyUser,
    due: date | None = None,
    amount: Decimal | None = None,
) -> FinanceAction:
    try:
        k = ActionKind(kind)
    except ValueError:
        raise ServiceError(f"未知的监控措施：{kind}") from None
    if project.plan_id != rnd.plan_id:
        raise ServiceError("项目不属于此监控轮次的绩效目标")
    if not text.strip():
        raise ServiceError(f"请填写{k.label}的原因或要求")
    if k is ActionKind.CORRECTION and due is None:
        raise ServiceError("整改要求须写明整改期限")
    if due is not None and k is not ActionKind.CORRECTION:
        due = None
    action = FinanceAction(
        round=rnd, project=project, kind=k.value, text=text.strip(), due=due,
        amount=amount if k in (ActionKind.REDUCE, ActionKind.WITHDRAW) else None,
        created_by=acting_user(user),
    )  # fmt: skip
    save_row(action, user, str(k.label))
    if k is ActionKind.CORRECTION:
        notify_correction(action)
    refresh_results(rnd)
    return action


@transaction.atomic
def answer_correction(action: FinanceAction, response: str, *, user: AnyUser) -> FinanceAction:
    """The unit's 整改结果 (it may be amended; the history keeps every version)."""
    if action.kind != ActionKind.CORRECTION:
        raise ServiceError("只有整改要求需要答复")
    if not response.strip():
        raise ServiceError("请填写整改结果")
    action.response = response.strip()
    action.responded_by = acting_user(user)
    action.responded_at = timezone.now()
    save_row(action, user, "答复整改要求")
    return action
