"""The to-do page (待办), the notifications on it and the bell in the top bar."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jixiao.web.plans.models import Deadline, Notification
from jixiao.web.plans.review.notifications import unread_count
from jixiao.web.plans.review.transitions import transition
from tests.web.base import Cast
from tests.web.workflow_support import submitted_plan

pytestmark = pytest.mark.django_db


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def test_the_supervisor_sees_plans_to_review_with_batch_buttons(cast: Cast) -> None:
    plan = submitted_plan(cast)
    r = _client(cast, "supervisor").get("/todo/")
    assert r.status_code == 200
    html = r.content.decode()
    review = next(g for g in r.context["groups"] if g["kind"] == "review")
    assert [i.plan for i in review["items"]] == [plan]
    assert f'name="plan" value="{plan.pk}"' in html
    assert "批量审核通过" in html
    assert 'action="/review/batch/"' in html


def test_unit_users_see_drafts_and_no_batch(cast: Cast) -> None:
    r = _client(cast, "editor").get("/todo/")
    html = r.content.decode()
    draft = next(g for g in r.context["groups"] if g["kind"] == "draft")
    assert [i.plan for i in draft["items"]] == [cast.plan_a]
    assert "尚未提交" in html
    assert "批量审核通过" not in html


def test_a_returned_plan_shows_the_reviewers_comment(cast: Cast) -> None:
    plan = submitted_plan(cast)
    transition(plan, "return", user=cast.users["supervisor"], comment="请补充满意度指标的依据")
    r = _client(cast, "editor").get("/todo/")
    html = r.content.decode()
    returned = next(g for g in r.context["groups"] if g["kind"] == "returned")
    assert [i.plan for i in returned["items"]] == [plan]
    assert "请补充满意度指标的依据" in html
    assert 'id="todo-returned"' in html
    # The notification is there too, unread and linked to the plan.
    assert 'class="unread"' in html
    assert f'href="/plans/{plan.pk}/"' in html


def test_unit_users_see_the_regions_deadlines(cast: Cast) -> None:
    due = timezone.localdate() + timedelta(days=9)
    Deadline.objects.create(region=cast.region, year=2025, due=due, note="随部门预算一并报送")
    html = _client(cast, "leader").get("/todo/").content.decode()
    assert f"{due:%Y-%m-%d}" in html
    assert "随部门预算一并报送" in html
    assert "2025年绩效目标尚未建立" in html
    # Another region's users do not see it.
    html = _client(cast, "other_region").get("/todo/").content.decode()
    assert f"{due:%Y-%m-%d}" not in html


def test_notifications_are_listed_newest_first_and_only_ones_own(cast: Cast) -> None:
    me, other = cast.users["editor"], cast.users["other"]
    Notification.objects.create(user=me, kind="comment", message="第一条")
    Notification.objects.create(user=me, kind="comment", message="第二条")
    Notification.objects.create(user=other, kind="comment", message="别人的通知")
    r = _client(cast, "editor").get("/todo/")
    assert [n.message for n in r.context["notifications"]] == ["第二条", "第一条"]
    assert "别人的通知" not in r.content.decode()


def test_the_bell_counts_unread_notifications_in_one_query(cast: Cast) -> None:
    me = cast.users["editor"]
    for i in range(3):
        Notification.objects.create(user=me, kind="review", message=f"n{i}")
    Notification.objects.create(user=me, kind="review", message="read", read_at=timezone.now())
    c = _client(cast, "editor")
    with CaptureQueriesContext(connection) as ctx:
        html = c.get(f"/units/{cast.units['A'].pk}/").content.decode()
    assert '<span class="bell-count" id="unread-count">3</span>' in html
    assert 'href="/todo/"' in html
    counts = [q["sql"] for q in ctx.captured_queries if "plans_notification" in q["sql"]]
    assert len(counts) == 1
    assert "COUNT" in counts[0].upper()
    # Nothing unread: a bell without a number.
    Notification.objects.update(read_at=timezone.now())
    assert "bell-count" not in c.get("/todo/").content.decode()


def test_mark_one_read_then_all(cast: Cast) -> None:
    me = cast.users["editor"]
    a = Notification.objects.create(user=me, kind="review", message="a")
    b = Notification.objects.create(user=me, kind="review", message="b")
    c = _client(cast, "editor")
    r = c.post("/todo/read/", {"id": a.pk})
    assert r.status_code == 302
    assert r["Location"] == "/todo/"
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.read_at is not None
    assert b.read_at is None
    c.post("/todo/read/")
    b.refresh_from_db()
    assert b.read_at is not None
    assert unread_count(me) == 0


def test_mark_read_leaves_other_users_notifications_alone(cast: Cast) -> None:
    theirs = Notification.objects.create(user=cast.users["other"], kind="review", message="x")
    c = _client(cast, "editor")
    c.post("/todo/read/", {"id": theirs.pk})
    c.post("/todo/read/", {"id": "not-a-number"})
    c.post("/todo/read/")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_needs_the_csrf_token(cast: Cast) -> None:
    me = cast.users["editor"]
    n = Notification.objects.create(user=me, kind="review", message="a")
    c = Client(enforce_csrf_checks=True)
    c.force_login(me)
    assert c.post("/todo/read/").status_code == 403
    n.refresh_from_db()
    assert n.read_at is None


def test_it_rejects_get(cast: Cast) -> None:
    assert _client(cast, "editor").get("/todo/read/").status_code == 405


def test_it_requires_login(client: Client, db: None) -> None:
    r = client.get("/todo/")
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/")


def test_the_dashboard_still_sends_unit_users_to_their_unit(cast: Cast) -> None:
    submitted_plan(cast)
    r = _client(cast, "editor").get("/")
    assert r["Location"] == f"/units/{cast.units['A'].pk}/"


def test_the_todo_page_speaks_english_on_request(cast: Cast) -> None:
    submitted_plan(cast)
    c = _client(cast, "supervisor")
    c.post("/i18n/setlang/", {"language": "en", "next": "/todo/"})
    html = c.get("/todo/").content.decode()
    assert "To review" in html
    assert "Approve selected" in html
    assert "Mark all read" in html
    assert "1 unread notification" in html


def test_finance_is_pointed_to_the_late_units(cast: Cast) -> None:
    Deadline.objects.create(
        region=cast.region, year=2024, due=timezone.localdate() - timedelta(days=1)
    )
    html = _client(cast, "finance").get("/todo/").content.decode()
    assert "3 个单位逾期未提交" in html  # A, A2 (no plan) and B
    assert '<a href="/finance/deadlines/">2024年目标申报已截止' in html


def test_the_notification_list_costs_the_same_for_3_or_20_notifications(cast: Cast) -> None:
    def queries(n: int) -> int:
        Notification.objects.filter(user=cast.users["editor"]).delete()
        Notification.objects.bulk_create(
            Notification(
                user=cast.users["editor"], plan=cast.plan_a, kind="comment", message="意见"
            )
            for _ in range(n)
        )
        c = _client(cast, "editor")
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/todo/").status_code == 200
        return len(ctx)

    assert queries(3) == queries(20)
