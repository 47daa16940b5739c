"""Opening, answering and closing 整改 items; each step is recorded as an ``Event``.

Who may do what: the region's finance bureau (finance reviewer, admin) opens, closes and
sends back; the unit's own staff answer. Refusals are ``ServiceError`` in Chinese.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from jixiao.core.workflow import Role
from jixiao.web.orgs.models import AnyUser, Unit, is_superuser, membership_of
from jixiao.web.plans.models import Project
from jixiao.web.plans.services.audit import ServiceError, acting_user
from jixiao.web.rectification.models import Event, Rectification
from jixiao.web.rectification.models.item import Status

__all__ = ["answer", "can_answer", "can_manage", "close", "open_item", "send_back"]

KIND_LABELS = {"open": "下达", "answer": "答复", "close": "销号", "send_back": "退回重改"}


def can_manage(user: AnyUser, unit: Unit) -> bool:
    """The finance bureau of the unit's region (or a superuser)."""
    if is_superuser(user):
        return True
    m = membership_of(user)
    return (
        m is not None
        and m.role in (Role.FINANCE_REVIEWER, Role.ADMIN)
        and m.unit.region_id == unit.region_id
    )


def can_answer(user: AnyUser, item: Rectification) -> bool:
    m = membership_of(user)
    return (
        m is not None
        and m.unit_id == item.unit_id
        and m.role in (Role.UNIT_EDITOR, Role.UNIT_LEADER)
    )


def _event(item: Rectification, kind: str, text: str, user: AnyUser) -> None:
    Event.objects.create(item=item, kind=kind, text=text, user=acting_user(user))


@transaction.atomic
def open_item(
    project: Project,
    *,
    source: str,
    requirement: str,
    deadline: date | None,
    user: AnyUser,
    source_url: str = "",
) -> Rectification:
    unit = project.plan.unit
    if not can_manage(user, unit):
        raise ServiceError("只有财政部门可以下达整改要求")
    if not requirement.strip():
        raise ServiceError("请填写整改要求")
    if deadline is None:
        raise ServiceError("请填写整改期限")
    item = Rectification.objects.create(
        unit=unit,
        project=project,
        year=project.plan.year,
        source=source[:200],
        source_url=source_url[:300],
        requirement=requirement.strip(),
        deadline=deadline,
    )
    _event(item, "open", item.requirement, user)
    return item


def _locked(item: Rectification) -> Rectification:
    return Rectification.objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def answer(item: Rectification, text: str, *, user: AnyUser) -> Rectification:
    fresh = _locked(item)
    if not can_answer(user, fresh):
        raise ServiceError("只有被整改单位可以答复")
    if fresh.status == Status.CLOSED:
        raise ServiceError("此整改事项已销号")
    if not text.strip():
        raise ServiceError("请填写整改情况")
    fresh.answer = text.strip()
    fresh.status = Status.ANSWERED
    fresh.save()
    _event(fresh, "answer", fresh.answer, user)
    return fresh


@transaction.atomic
def close(item: Rectification, comment: str, *, user: AnyUser) -> Rectification:
    fresh = _locked(item)
    if not can_manage(user, fresh.unit):
        raise ServiceError("只有财政部门可以销号")
    if fresh.status != Status.ANSWERED:
        raise ServiceError("单位答复后才能销号")
    fresh.status = Status.CLOSED
    fresh.closed_at = timezone.now()
    fresh.save()
    _event(fresh, "close", comment.strip(), user)
    return fresh


@transaction.atomic
def send_back(item: Rectification, comment: str, *, user: AnyUser) -> Rectification:
    fresh = _locked(item)
    if not can_manage(user, fresh.unit):
        raise ServiceError("只有财政部门可以退回")
    if fresh.status != Status.ANSWERED:
        raise ServiceError("单位答复后才能退回")
    if not comment.strip():
        raise ServiceError("请填写退回意见")
    fresh.status = Status.OPEN
    fresh.save()
    _event(fresh, "send_back", comment.strip(), user)
    return fresh
