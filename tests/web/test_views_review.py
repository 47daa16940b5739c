"""Batch approve/return (confirmation with findings, then per-plan results), the deadline
page with its overdue list, and the workflow columns of the overviews."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jixiao.core.workflow import State
from jixiao.web.plans.models import Deadline, Notification, Plan, ReviewComment
from jixiao.web.plans.review.transitions import transition
from jixiao.web.plans.services.findings import plan_findings
from tests.web.base import Cast
from tests.web.workflow_support import clean_plan, submitted_plan, supervisor_approved_plan

pytestmark = pytest.mark.django_db


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def _q(**params: Any) -> dict[str, Any]:
    """Query parameters (lists of plan ids and strings mixed)."""
    return params


def _status(plan: Plan) -> str:
    return Plan.objects.get(pk=plan.pk).status


# --- batch: confirmation ---------------------------------------------------------------------


def test_the_confirmation_lists_each_plans_findings_first(cast: Cast) -> None:
    Plan.objects.filter(pk=cast.plan_a.pk).update(status=State.SUBMITTED)
    ready = submitted_plan(cast)
    r = _client(cast, "supervisor").get(
        "/review/batch/", _q(action="approve", plan=[cast.plan_a.pk, ready.pk])
    )
    assert r.status_code == 200
    html = r.content.decode()
    rows = {row["plan"].pk: row for row in r.context["rows"]}
    assert set(rows) == {cast.plan_a.pk, ready.pk}
    assert rows[cast.plan_a.pk]["counts"]["error"] == 2
    for f in plan_findings(cast.plan_a):
        if f.severity == "error":
            assert f.message in html
    assert all(row["allowed"] for row in rows.values())
    assert f'name="version_{ready.pk}" value="{ready.version}"' in html
    assert 'action="/review/batch/"' in html
    assert "csrfmiddlewaretoken" in html
    # Nothing has changed yet.
    assert _status(ready) == State.SUBMITTED


def test_the_confirmation_flags_plans_not_at_the_users_step(cast: Cast) -> None:
    ready = supervisor_approved_plan(cast)
    r = _client(cast, "finance").get(
        "/review/batch/", _q(action="approve", plan=[ready.pk, cast.plan_b.pk])
    )
    rows = {row["plan"].pk: row["allowed"] for row in r.context["rows"]}
    assert rows == {ready.pk: True, cast.plan_b.pk: False}
    html = r.content.decode()
    assert "当前不在您的审核步骤" in html
    assert f'name="plan" value="{cast.plan_b.pk}" aria' in html  # offered, but unticked


def test_plans_the_reviewer_cannot_see_are_dropped(cast: Cast) -> None:
    ready = submitted_plan(cast)
    # The supervisor of S does not see unit B's plan; other_region sees neither.
    r = _client(cast, "supervisor").get(
        "/review/batch/", _q(action="approve", plan=[ready.pk, cast.plan_b.pk])
    )
    assert [row["plan"].pk for row in r.context["rows"]] == [ready.pk]
    assert "测试县第一中学" not in r.content.decode()
    r = _client(cast, "other_region").get("/review/batch/", _q(action="approve", plan=[ready.pk]))
    assert r.status_code == 302
    r = _client(cast, "other_region").post(
        "/review/batch/", {"action": "approve", "plan": [ready.pk]}, follow=True
    )
    assert "请先勾选" in r.content.decode()
    assert _status(ready) == State.SUBMITTED


def test_nothing_selected_goes_back_with_a_message(cast: Cast) -> None:
    r = _client(cast, "finance").get(
        "/review/batch/", {"action": "approve", "next": "/finance/?year=2024"}
    )
    assert r.status_code == 302
    assert r["Location"] == "/finance/?year=2024"
    r = _client(cast, "finance").get(
        "/review/batch/", {"action": "approve", "next": "https://evil.example/"}
    )
    assert r["Location"] == "/finance/"


def test_an_unknown_batch_action_is_refused(cast: Cast) -> None:
    ready = supervisor_approved_plan(cast)
    c = _client(cast, "finance")
    r = c.post("/review/batch/", {"action": "submit", "plan": [ready.pk]})
    assert r.status_code == 302
    assert _status(ready) == State.SUPERVISOR_APPROVED


# --- batch: apply -----------------------------------------------------------------------------


def test_batch_approve_applies_the_allowed_and_explains_the_refused(cast: Cast) -> None:
    ready = supervisor_approved_plan(cast)
    other = clean_plan(cast, "A", 2026)  # a draft: refused
    r = _client(cast, "finance").post(
        "/review/batch/",
        {
            "action": "approve",
            "plan": [ready.pk, other.pk, cast.plan_b.pk],
            f"version_{ready.pk}": ready.version,
        },
    )
    assert r.status_code == 200
    results = {res.plan.pk: res for res in r.context["results"]}
    assert results[ready.pk].ok
    assert not results[other.pk].ok
    assert not results[cast.plan_b.pk].ok
    assert "无权执行“财政批复”" in results[other.pk].message
    assert (r.context["ok"], r.context["refused"]) == (1, 2)
    assert _status(ready) == State.APPROVED
    assert _status(other) == State.DRAFT
    html = r.content.decode()
    assert "成功 1 份，未执行 2 份" in html
    assert results[other.pk].message in html
    assert Notification.objects.filter(user=cast.users["editor"], plan=ready).exists()


def test_a_supervisor_batch_approves_its_units(cast: Cast) -> None:
    ready = submitted_plan(cast)
    html = _client(cast, "supervisor").get("/finance/").content.decode()
    assert f'name="plan" value="{ready.pk}"' in html  # on its overview of its units
    r = _client(cast, "supervisor").post(
        "/review/batch/", {"action": "approve", "plan": [ready.pk]}
    )
    assert [res.ok for res in r.context["results"]] == [True]
    assert _status(ready) == State.SUPERVISOR_APPROVED


def test_batch_return_needs_a_comment_and_sends_it_to_each_unit(cast: Cast) -> None:
    ready = supervisor_approved_plan(cast)
    c = _client(cast, "finance")
    r = c.post("/review/batch/", {"action": "return", "plan": [ready.pk], "comment": "  "})
    assert r.status_code == 200
    assert "须填写退回意见" in r.content.decode()
    assert r.context["rows"]  # the confirmation again, with the plans
    assert _status(ready) == State.SUPERVISOR_APPROVED
    r = c.post(
        "/review/batch/",
        {"action": "return", "plan": [ready.pk], "comment": "项目成本依据不足"},
    )
    assert [res.ok for res in r.context["results"]] == [True]
    assert _status(ready) == State.DRAFT
    assert ReviewComment.objects.get(plan=ready).text == "项目成本依据不足"
    assert Notification.objects.filter(
        user=cast.users["editor"], kind="returned", message__contains="项目成本依据不足"
    ).exists()


def test_batch_refuses_a_plan_changed_after_the_confirmation(cast: Cast) -> None:
    ready = supervisor_approved_plan(cast)
    seen = ready.version
    Plan.objects.filter(pk=ready.pk).update(version=seen + 1)
    r = _client(cast, "finance").post(
        "/review/batch/",
        {"action": "approve", "plan": [ready.pk], f"version_{ready.pk}": seen},
    )
    [res] = r.context["results"]
    assert not res.ok
    assert "已被他人修改" in res.message
    assert _status(ready) == State.SUPERVISOR_APPROVED


@pytest.mark.parametrize("who", ["editor", "leader", "auditor", "admin", "other"])
def test_it_requires_a_reviewer(cast: Cast, who: str) -> None:
    ready = supervisor_approved_plan(cast)
    c = _client(cast, who)
    assert c.get("/review/batch/", _q(action="approve", plan=ready.pk)).status_code == 403
    r = c.post("/review/batch/", {"action": "approve", "plan": ready.pk})
    assert r.status_code == 403
    assert _status(ready) == State.SUPERVISOR_APPROVED


def test_it_rejects_other_methods(cast: Cast) -> None:
    assert _client(cast, "finance").put("/review/batch/").status_code == 405


# --- finance overview ------------------------------------------------------------------------


def test_the_overview_offers_checkboxes_only_on_plans_awaiting_the_user(cast: Cast) -> None:
    ready = supervisor_approved_plan(cast)
    r = _client(cast, "finance").get("/finance/")
    html = r.content.decode()
    assert f'name="plan" value="{ready.pk}"' in html
    assert f'name="plan" value="{cast.plan_b.pk}"' not in html
    assert "批量审核通过" in html
    assert "批量退回" in html
    assert r.context["awaiting"] == 1
    r = _client(cast, "finance").get("/finance/", {"review": "mine"})
    assert [p.pk for p in r.context["rows"]] == [ready.pk]
    # Read-only roles see the overview without the batch.
    html = _client(cast, "auditor").get("/finance/").content.decode()
    assert 'name="plan"' not in html
    assert "批量审核通过" not in html


def test_the_overview_filters_and_labels_each_status(cast: Cast) -> None:
    submitted = submitted_plan(cast, 2025)
    approved = supervisor_approved_plan(cast, 2026)
    returned = submitted_plan(cast, 2027)
    transition(returned, "return", user=cast.users["supervisor"], comment="重填")
    c = _client(cast, "finance")
    for status, expected in [
        ("submitted", {submitted.pk}),
        ("supervisor_approved", {approved.pk}),
        ("draft", {cast.plan_a.pk, cast.plan_b.pk, returned.pk}),
        ("returned", {returned.pk}),
        ("approved", set()),
    ]:
        r = c.get("/finance/", _q(status=status))
        assert {p.pk for p in r.context["rows"]} == expected, status
    html = c.get("/finance/").content.decode()
    assert '<span class="status submitted">已提交</span>' in html
    assert '<span class="status supervisor_approved">主管部门已审</span>' in html
    assert "已退回</span>" in html
    assert '<option value="returned"' in html


def test_the_overview_shows_the_version_of_an_adjustment(cast: Cast) -> None:
    plan = supervisor_approved_plan(cast)
    transition(plan, "finance_approve", user=cast.users["finance"])
    v2 = transition(plan, "adjust", user=cast.users["editor"], comment="追加预算")
    r = _client(cast, "finance").get("/finance/")
    assert v2.pk in {p.pk for p in r.context["rows"]}
    assert plan.pk not in {p.pk for p in r.context["rows"]}
    assert "第2版" in r.content.decode()
    html = _client(cast, "editor").get(f"/units/{cast.units['A'].pk}/").content.decode()
    assert "第2版" in html


def test_the_overview_still_does_not_query_per_row(
    cast: Cast, django_assert_max_num_queries: object
) -> None:
    for year in (2025, 2026, 2027):
        supervisor_approved_plan(cast, year)
    c = _client(cast, "finance")
    c.get("/finance/")
    with django_assert_max_num_queries(19):  # type: ignore[operator]  # the overview ceiling (test_views_overview; constant: test_overview_scale)
        c.get("/finance/")


# --- deadlines -------------------------------------------------------------------------------


def test_finance_sets_the_deadline_of_a_year(cast: Cast) -> None:
    c = _client(cast, "finance")
    r = c.get("/finance/deadlines/")
    assert r.status_code == 200
    assert 'id="deadline-form"' in r.content.decode()
    r = c.post("/finance/deadlines/", {"year": 2025, "due": "2025-01-15", "note": "随预算"})
    assert r.status_code == 302
    assert r["Location"] == "/finance/deadlines/?year=2025"
    d = Deadline.objects.get(region=cast.region, year=2025)
    assert (str(d.due), d.note) == ("2025-01-15", "随预算")
    assert Notification.objects.filter(user=cast.users["editor"], kind="deadline").exists()
    # The form shows the date set, in the only format a date input takes.
    html = c.get("/finance/deadlines/?year=2025").content.decode()
    assert 'type="date" name="due" value="2025-01-15"' in html
    # Setting it again moves it (one row per region and year).
    c.post("/finance/deadlines/", {"year": 2025, "due": "2025-01-20"})
    assert str(Deadline.objects.get(region=cast.region, year=2025).due) == "2025-01-20"


def test_an_invalid_deadline_is_shown_with_its_errors(cast: Cast) -> None:
    r = _client(cast, "admin").post("/finance/deadlines/", {"year": 2025, "due": "明天"})
    assert r.status_code == 200
    assert r.context["form"].errors["due"]
    assert not Deadline.objects.exists()


def test_the_overdue_list_names_late_units_and_days(cast: Cast) -> None:
    due = timezone.localdate() - timedelta(days=4)
    Deadline.objects.create(region=cast.region, year=2024, due=due)
    # Unit B replaces its plan by one without errors and submits it: declared.
    Plan.objects.filter(pk=cast.plan_b.pk).delete()
    b = clean_plan(cast, "B", 2024, by="other")
    transition(b, "submit", user=cast.users["other"])
    r = _client(cast, "finance").get("/finance/deadlines/", {"year": 2024})
    assert r.status_code == 200
    late = {o.unit.name: o for o in r.context["late"]}
    assert set(late) == {"测试县政法委本级", "测试县法学会"}
    assert late["测试县政法委本级"].plan == cast.plan_a
    assert late["测试县法学会"].plan is None
    assert {o.days for o in late.values()} == {4}
    html = r.content.decode()
    assert f'href="/plans/{cast.plan_a.pk}/"' in html
    assert "未建立" in html
    assert f"{due:%Y-%m-%d}" in html


def test_before_the_deadline_nobody_is_late(cast: Cast) -> None:
    Deadline.objects.create(
        region=cast.region, year=2024, due=timezone.localdate() + timedelta(days=3)
    )
    r = _client(cast, "finance").get("/finance/deadlines/")
    assert r.context["year"] == 2024
    assert r.context["late"] == []
    assert "还剩 3 天" in r.content.decode()


def test_the_auditor_reads_the_deadlines_but_cannot_set_them(cast: Cast) -> None:
    c = _client(cast, "auditor")
    r = c.get("/finance/deadlines/")
    assert r.status_code == 200
    assert 'id="deadline-form"' not in r.content.decode()
    assert c.post("/finance/deadlines/", {"year": 2025, "due": "2025-01-15"}).status_code == 403
    assert not Deadline.objects.exists()


@pytest.mark.parametrize("who", ["editor", "leader", "supervisor", "other"])
def test_unit_roles_and_supervisors_are_refused_the_deadline_page(cast: Cast, who: str) -> None:
    c = _client(cast, who)
    assert c.get("/finance/deadlines/").status_code == 403
    assert c.post("/finance/deadlines/", {"year": 2025, "due": "2025-01-15"}).status_code == 403
    assert not Deadline.objects.exists()


def test_another_regions_finance_sets_only_its_own_region(cast: Cast) -> None:
    c = _client(cast, "other_region")
    c.post("/finance/deadlines/", {"year": 2025, "due": "2025-01-15"})
    assert not Deadline.objects.filter(region=cast.region).exists()
    assert Deadline.objects.filter(region__name="邻县", year=2025).exists()


def test_unit_overview_shows_the_deadline(cast: Cast) -> None:
    due = timezone.localdate() - timedelta(days=2)
    Deadline.objects.create(region=cast.region, year=2024, due=due)
    html = _client(cast, "editor").get(f"/units/{cast.units['A'].pk}/").content.decode()
    assert 'id="deadline-banner"' in html
    assert "已逾期 2 天" in html
    assert f"{due:%Y-%m-%d}" in html


def test_a_returned_plan_is_not_late_on_the_unit_page(cast: Cast) -> None:
    """Submitted once counts as declared (as in the overdue list), even when returned."""
    Deadline.objects.create(
        region=cast.region, year=2025, due=timezone.localdate() - timedelta(days=2)
    )
    plan = submitted_plan(cast, 2025)
    transition(plan, "return", user=cast.users["supervisor"], comment="重填")
    r = _client(cast, "editor").get(f"/units/{cast.units['A'].pk}/")
    html = r.content.decode()
    assert 'class="deadline-banner returned"' in html
    assert "已逾期" not in html
    assert '<span class="status returned"' in html
