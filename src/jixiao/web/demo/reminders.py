"""Demo: one 催报 already sent, so the deadlines page shows a last reminder date."""

from __future__ import annotations

from django.contrib.auth.models import User

from jixiao.web.orgs.models import Region
from jixiao.web.plans.models import Reminder
from jixiao.web.plans.review.deadlines import overdue_units
from jixiao.web.plans.review.reminders import remind

__all__ = ["remind_one_late_unit"]

#: The overdue unit the finance bureau has already reminded once.
REMINDED = "巨鹿县档案馆"


def remind_one_late_unit(region: Region, year: int) -> None:
    """The finance reviewer reminds 档案馆 (idempotent: once per demo database)."""
    late = [o.unit for o in overdue_units(region, year) if o.unit.name == REMINDED]
    if not late or Reminder.objects.filter(unit=late[0], year=year).exists():
        return
    remind(late[0], year, user=User.objects.get(username="czj_jxk"))
