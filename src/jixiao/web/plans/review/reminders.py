"""催报: the finance bureau reminds an overdue unit to submit a year's targets.

The unit's editors and leaders get an in-app notification; those with an e-mail address
also get a mail through Django's mail backend when the county configured one
(``settings.JIXIAO_SEND_EMAIL``; the demo prints it on the console). Every reminder is
recorded (``Reminder``: who, when, how many were told), append-only.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max

from jixiao.core import workflow as wf
from jixiao.core.workflow import Role
from jixiao.web.orgs.models import Unit, display_name, is_superuser, membership_of
from jixiao.web.plans.models import NotificationKind, Reminder
from jixiao.web.plans.review.deadlines import deadline_for, overdue_units
from jixiao.web.plans.review.notifications import notify, unit_users
from jixiao.web.plans.services.audit import AnyUser, ServiceError, acting_user

__all__ = ["REMINDER_ROLES", "last_reminders", "may_remind", "remind"]

log = logging.getLogger(__name__)

#: Who sends reminders: those who set the deadlines (auditors only look).
REMINDER_ROLES = frozenset({Role.FINANCE_REVIEWER, Role.ADMIN})


def may_remind(user: AnyUser, unit: Unit) -> bool:
    if user is None:
        return False
    if is_superuser(user):
        return True
    m = membership_of(user)
    return m is not None and m.role in REMINDER_ROLES and m.unit.region_id == unit.region_id


def last_reminders(unit_ids: list[int], year: int) -> dict[int, Reminder]:
    """The latest reminder per unit for ``year`` (two queries, whatever the count)."""
    latest = (
        Reminder.objects.filter(unit_id__in=unit_ids, year=year)
        .values("unit_id")
        .annotate(last=Max("id"))
        .values_list("last", flat=True)
    )
    return {r.unit_id: r for r in Reminder.objects.filter(pk__in=list(latest))}


@transaction.atomic
def remind(unit: Unit, year: int, *, user: AnyUser) -> Reminder:
    """Remind ``unit`` that ``year``'s targets are overdue; refuse unless it is overdue."""
    if not may_remind(user, unit):
        raise wf.TransitionError("仅本地区财政部门可以催报")
    deadline = deadline_for(unit.region_id, year)
    if deadline is None:
        raise ServiceError(f"{year}年度尚未设置申报截止日期，不能催报")
    late = next((o for o in overdue_units(unit.region, year) if o.unit.pk == unit.pk), None)
    if late is None:
        raise ServiceError(f"{unit.name}的{year}年绩效目标已申报或尚未逾期，无需催报")
    who = display_name(user) or "财政部门"
    text = (
        f"催报：{year}年绩效目标申报已逾期 {late.days} 天（截止日期 {deadline.due:%Y-%m-%d}），"
        f"请尽快提交。——{who}"
    )
    users = unit_users(unit)
    notify(users, late.plan, NotificationKind.REMINDER, text)
    reminder = Reminder.objects.create(
        unit=unit,
        year=year,
        sent_by=acting_user(user),
        message=text,
        recipients=len(users),
    )
    if settings.JIXIAO_SEND_EMAIL:
        addresses = [str(e) for u in users if (e := getattr(u, "email", ""))]
        if addresses:
            reminder.emailed = _mail(addresses, f"【催报】{year}年绩效目标申报", text)
            reminder.save(update_fields=["emailed"])
    return reminder


def _mail(addresses: list[str], subject: str, text: str) -> int:
    """Send one mail per address; a mail server that fails does not undo the reminder."""
    sent = 0
    for address in addresses:
        try:
            sent += send_mail(subject, text, None, [address])
        except OSError as exc:  # smtplib errors are OSErrors; the in-app notice stands
            log.warning("催报邮件未发送（%s）：%s", address, exc)
    return sent
