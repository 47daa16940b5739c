"""目标申报截止日期: set by the finance bureau, told to the units, overdue units listed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jixiao.core import workflow as wf
from jixiao.core.workflow import Role
from jixiao.web.orgs.models import UNIT_ROLES, Region, Unit, UnitKind, membership_of
from jixiao.web.plans.models import Deadline, NotificationKind, Plan, Transition
from jixiao.web.plans.review.notifications import notify, users_where
from jixiao.web.plans.services.audit import AnyUser, ServiceError

__all__ = ["OverdueUnit", "deadline_for", "overdue_units", "set_deadline", "store_deadline"]


def deadline_for(region_id: int, year: int) -> Deadline | None:
    return Deadline.objects.filter(region_id=region_id, year=year).first()


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
        raise ServiceError(f"年度无效：{year}")
    note = note.strip()
    if len(note) > 200:
        raise ServiceError("说明过长（最多 200 字）")
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
            for mm in users_where(
                Q(unit__region=region, role__in=UNIT_ROLES, unit__kind=UnitKind.UNIT)
            )
        ]
        notify(users, None, NotificationKind.DEADLINE, text)
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
