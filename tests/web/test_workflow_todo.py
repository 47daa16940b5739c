"""The workflow service's to-do side: notifications, deadlines, batch, returned drafts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from jixiao.core.workflow import State, TransitionError
from jixiao.web.plans.models import Deadline, Notification, Plan
from jixiao.web.plans.review.deadlines import overdue_units, set_deadline
from jixiao.web.plans.review.notifications import unread_count
from jixiao.web.plans.review.todo import awaiting_review, todo_for, with_last_action
from jixiao.web.plans.review.transitions import available_actions, batch_transition, transition
from jixiao.web.plans.services import audit
from tests.web.base import Cast
from tests.web.workflow_support import clean_plan, submitted_plan, supervisor_approved_plan

pytestmark = pytest.mark.django_db


def _inbox(cast: Cast, who: str) -> list[str]:
    return list(Notification.objects.filter(user=cast.users[who]).values_list("message", flat=True))


def test_a_submission_is_announced_to_whoever_reviews_it_next(cast: Cast) -> None:
    submitted_plan(cast)
    assert any("待您审核" in m for m in _inbox(cast, "supervisor"))
    assert _inbox(cast, "finance") == []  # the 主管部门 reviews first


def test_a_unit_whose_supervisor_has_no_reviewer_does_not_wake_finance(cast: Cast) -> None:
    """Unit B's 主管部门 S2 has no reviewer account: finance cannot act yet, so it is not
    told (it used to be, and then found a plan it could neither approve nor return)."""
    plan = clean_plan(cast, "B", by="other")
    transition(plan, "submit", user=cast.users["other"])
    assert _inbox(cast, "finance") == []
    assert available_actions(cast.users["finance"], plan) == []


def test_the_unit_is_told_when_approved_and_finance_when_its_turn_comes(cast: Cast) -> None:
    plan = supervisor_approved_plan(cast)
    assert any("待财政批复" in m for m in _inbox(cast, "finance"))
    transition(plan, "finance_approve", user=cast.users["finance"])
    assert any("已由财政批复" in m for m in _inbox(cast, "editor"))
    assert any("已由财政批复" in m for m in _inbox(cast, "leader"))


def test_last_action_tells_a_returned_draft_from_a_new_one(cast: Cast) -> None:
    plan = submitted_plan(cast)
    transition(plan, "return", user=cast.users["supervisor"], comment="补充依据")

    def last(pk: int) -> str | None:
        row = with_last_action(Plan.objects.filter(pk=pk)).get()
        return row.last_action  # type: ignore[attr-defined,no-any-return]

    assert last(plan.pk) == "return"
    assert last(cast.plan_a.pk) is None
    transition(plan, "submit", user=cast.users["editor"])
    transition(plan, "withdraw", user=cast.users["editor"])
    assert last(plan.pk) == "withdraw"
    kinds = [i.kind for i in todo_for(cast.users["editor"]) if i.plan == plan]
    assert kinds == ["draft"]


def test_awaiting_review_is_the_reviewers_own_step(cast: Cast) -> None:
    plan = submitted_plan(cast)
    assert list(awaiting_review(cast.users["supervisor"])) == [plan]
    assert list(awaiting_review(cast.users["finance"])) == []
    transition(plan, "supervisor_approve", user=cast.users["supervisor"])
    assert list(awaiting_review(cast.users["supervisor"])) == []
    assert list(awaiting_review(cast.users["finance"])) == [plan]
    assert list(awaiting_review(cast.users["other_region"])) == []
    assert list(awaiting_review(cast.users["editor"])) == []


# --- batch ---------------------------------------------------------------------------------


def test_batch_applies_each_plan_on_its_own(cast: Cast) -> None:
    ready = supervisor_approved_plan(cast)
    results = batch_transition([ready, cast.plan_b], "finance_approve", user=cast.users["finance"])
    assert [(r.plan.pk, r.ok) for r in results] == [(ready.pk, True), (cast.plan_b.pk, False)]
    assert "无权" in results[1].message
    assert Plan.objects.get(pk=ready.pk).status == State.APPROVED
    assert Plan.objects.get(pk=cast.plan_b.pk).status == State.DRAFT


def test_batch_refuses_a_plan_changed_since_the_reviewer_saw_it(cast: Cast) -> None:
    plan = supervisor_approved_plan(cast)
    seen = plan.version
    Plan.objects.filter(pk=plan.pk).update(version=seen + 1)  # someone moved it meanwhile
    [result] = batch_transition(
        [plan],
        "finance_approve",
        user=cast.users["finance"],
        expected_versions={plan.pk: seen},
    )
    assert not result.ok
    assert "已被他人修改" in result.message
    assert Plan.objects.get(pk=plan.pk).status == State.SUPERVISOR_APPROVED


# --- deadlines -------------------------------------------------------------------------------


def test_finance_sets_a_deadline_and_unit_users_are_told_once(cast: Cast) -> None:
    due = timezone.localdate() + timedelta(days=20)
    d = set_deadline(cast.region, 2025, due, user=cast.users["finance"], note="随预算")
    assert (d.year, d.due, d.note) == (2025, due, "随预算")
    for who in ("editor", "leader", "other"):
        assert [m for m in _inbox(cast, who) if "截止日期" in m] == [
            f"2025年目标申报截止日期：{due:%Y-%m-%d}（随预算）"
        ]
    for who in ("supervisor", "finance", "auditor", "admin", "other_region"):
        assert _inbox(cast, who) == []
    # Same date again: nothing new. A moved date: told again, still one deadline row.
    set_deadline(cast.region, 2025, due, user=cast.users["admin"], note="随预算")
    assert len(_inbox(cast, "editor")) == 1
    set_deadline(cast.region, 2025, due + timedelta(days=1), user=cast.users["admin"])
    assert len(_inbox(cast, "editor")) == 2
    assert Deadline.objects.filter(region=cast.region, year=2025).count() == 1


@pytest.mark.parametrize("who", ["editor", "leader", "supervisor", "auditor", "other_region"])
def test_only_the_regions_finance_sets_deadlines(cast: Cast, who: str) -> None:
    with pytest.raises(TransitionError, match="仅本地区财政部门"):
        set_deadline(cast.region, 2025, timezone.localdate(), user=cast.users[who])
    assert not Deadline.objects.exists()


def test_a_deadline_year_must_be_plausible(cast: Cast) -> None:
    with pytest.raises(audit.ServiceError, match="年度无效"):
        set_deadline(cast.region, 25, timezone.localdate(), user=cast.users["finance"])


def test_a_unit_without_a_plan_sees_the_current_deadline_on_its_todo(cast: Cast) -> None:
    today = timezone.localdate()
    Deadline.objects.create(region=cast.region, year=2025, due=today + timedelta(days=5))
    items = [i for i in todo_for(cast.users["editor"]) if i.kind == "deadline"]
    assert [(i.plan, i.overdue) for i in items] == [(None, False)]
    assert "2025年绩效目标尚未建立" in items[0].text
    assert "还剩 5 天" in items[0].text
    Deadline.objects.filter(year=2025).update(due=today - timedelta(days=3))
    [item] = [i for i in todo_for(cast.users["leader"]) if i.kind == "deadline"]
    assert item.overdue
    assert "已逾期 3 天" in item.text
    # Once the plan exists, the to-do speaks of the draft instead.
    plan = clean_plan(cast)
    items = [i for i in todo_for(cast.users["editor"]) if i.kind == "deadline"]
    assert [i.plan for i in items] == [plan]
    # Finance is not a unit: no such line.
    assert [i for i in todo_for(cast.users["supervisor"]) if i.kind == "deadline"] == []


def test_acting_on_a_plan_reads_the_actors_notifications_about_it(cast: Cast) -> None:
    plan = submitted_plan(cast)
    other = Notification.objects.create(user=cast.users["supervisor"], kind="comment", message="x")
    assert unread_count(cast.users["supervisor"]) == 2
    transition(plan, "supervisor_approve", user=cast.users["supervisor"])
    assert unread_count(cast.users["supervisor"]) == 1  # the one about no plan
    other.refresh_from_db()
    assert other.read_at is None
    # Finance's new notification stays unread until finance acts.
    assert unread_count(cast.users["finance"]) == 1
    transition(plan, "finance_approve", user=cast.users["finance"])
    assert unread_count(cast.users["finance"]) == 0
    # The unit's "approved" notifications are news for the unit, not handled by it.
    assert unread_count(cast.users["editor"]) == 2


def test_a_returned_plan_is_not_reported_late_to_its_unit(cast: Cast) -> None:
    """Consistent with the overdue list: submitted once counts as declared on time."""
    today = timezone.localdate()
    Deadline.objects.create(region=cast.region, year=2025, due=today - timedelta(days=2))
    plan = submitted_plan(cast)
    transition(plan, "return", user=cast.users["supervisor"], comment="重填")
    items = [i for i in todo_for(cast.users["editor"]) if i.plan == plan]
    assert [i.kind for i in items] == ["returned"]
    assert cast.units["A"] not in {o.unit for o in overdue_units(cast.region, 2025)}


def test_a_deadline_saved_in_the_admin_tells_the_units(cast: Cast) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    root = User.objects.create_superuser("root", password="x-Root-2024-pass")
    c = Client()
    c.force_login(root)
    data = {"region": cast.region.pk, "year": 2025, "due": "2025-01-20", "note": "随预算报送"}
    assert c.post("/admin/plans/deadline/add/", data).status_code == 302
    editor_notes = Notification.objects.filter(user=cast.users["editor"], kind="deadline")
    assert list(editor_notes.values_list("message", flat=True)) == [
        "2025年目标申报截止日期：2025-01-20（随预算报送）"
    ]
    deadline = Deadline.objects.get(region=cast.region, year=2025)
    data["due"] = "2025-01-31"
    url = f"/admin/plans/deadline/{deadline.pk}/change/"
    assert c.post(url, data).status_code == 302
    assert editor_notes.count() == 2
    assert Deadline.objects.get(pk=deadline.pk).due.isoformat() == "2025-01-31"
    # saving without moving the date tells nobody again
    assert c.post(url, data).status_code == 302
    assert editor_notes.count() == 2
