"""催报: the finance bureau reminds an overdue unit (in-app, e-mail when configured),
recorded, with the last reminder on the deadlines page and in the plan's history."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from jixiao.web.plans.models import Deadline, Notification, Plan, Reminder
from tests.web.base import Cast
from tests.web.html import by_id


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


@pytest.fixture
def overdue(cast: Cast) -> Cast:
    Deadline.objects.create(region=cast.region, year=2024, due=datetime.date(2024, 3, 31))
    return cast


def _remind(c: Client, cast: Cast, unit: str = "A") -> Any:
    return c.post(
        "/finance/deadlines/remind/", {"unit": cast.units[unit].pk, "year": 2024}, follow=True
    )


def test_finance_reminds_an_overdue_unit_in_app_and_on_record(overdue: Cast, settings: Any) -> None:
    settings.JIXIAO_SEND_EMAIL = False
    cast = overdue
    c = _client(cast, "finance")
    page = c.get("/finance/deadlines/?year=2024").content.decode()
    a = cast.units["A"].pk
    assert by_id(page, f"last-reminder-{a}").text == "未催报"
    assert by_id(page, f"remind-{a}").text == "催报"
    r = _remind(c, cast)
    assert [str(m) for m in r.context["messages"]] == [
        "已向测试县政法委本级催报（2 人收到待办通知）。"
    ]
    reminder = Reminder.objects.get()
    assert (reminder.unit, reminder.year, reminder.sent_by) == (
        cast.units["A"],
        2024,
        cast.users["finance"],
    )
    assert reminder.recipients == 2
    assert reminder.emailed == 0
    assert mail.outbox == []
    told = Notification.objects.filter(kind="reminder")
    assert {n.user.username for n in told} == {"editor", "leader"}
    assert all("逾期" in n.message and "2024-03-31" in n.message for n in told)
    assert all(n.plan_id == cast.plan_a.pk for n in told)
    today = datetime.date.today().strftime("%Y-%m-%d")
    assert by_id(r.content.decode(), f"last-reminder-{a}").text == today
    # the unit sees it in its to-do list, and the plan's history records it
    assert "催报" in _client(cast, "editor").get("/todo/").content.decode()
    history = by_id(c.get(f"/plans/{cast.plan_a.pk}/").content.decode(), "history").text
    assert "催报" in history


def test_a_reminder_is_mailed_when_the_county_configured_mail(overdue: Cast, settings: Any) -> None:
    settings.JIXIAO_SEND_EMAIL = True
    cast = overdue
    cast.users["editor"].email = "editor@example.gov.cn"
    cast.users["editor"].save()
    r = _remind(_client(cast, "finance"), cast)
    assert "1 封邮件" in str(next(iter(r.context["messages"])))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["editor@example.gov.cn"]
    assert "催报" in mail.outbox[0].subject
    assert "逾期" in mail.outbox[0].body
    assert Reminder.objects.get().emailed == 1


def test_a_unit_that_submitted_is_not_reminded(overdue: Cast) -> None:
    cast = overdue
    from jixiao.web.plans.models import Transition

    Plan.objects.filter(pk=cast.plan_a.pk).update(status="submitted")
    Transition.objects.create(
        plan=cast.plan_a, action="submit", from_state="draft", to_state="submitted"
    )
    r = _remind(_client(cast, "finance"), cast)
    assert "无需催报" in str(next(iter(r.context["messages"])))
    assert not Reminder.objects.exists()


def test_no_deadline_no_reminder(cast: Cast) -> None:
    r = _remind(_client(cast, "admin"), cast)
    assert "尚未设置申报截止日期" in str(next(iter(r.context["messages"])))
    assert not Reminder.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("auditor", 403), ("supervisor", 403), ("editor", 403), ("other", 404), ("other_region", 404)],
)
def test_only_the_finance_bureau_of_the_region_reminds(
    overdue: Cast, who: str, status: int
) -> None:
    cast = overdue
    r = _client(cast, who).post(
        "/finance/deadlines/remind/", {"unit": cast.units["A"].pk, "year": 2024}
    )
    assert r.status_code == status
    assert not Reminder.objects.exists()
    assert not Notification.objects.filter(kind="reminder").exists()


def test_the_auditor_sees_late_units_without_a_remind_button(overdue: Cast) -> None:
    page = _client(overdue, "auditor").get("/finance/deadlines/?year=2024").content.decode()
    assert "overdue-units" in page
    assert 'id="remind-' not in page
