"""The workflow service on stored plans: every transition per role, locks, versions, to-dos."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User

from jixiao.core import workflow as wf
from jixiao.core.workflow import Role
from jixiao.web.orgs.models import Membership, Unit
from jixiao.web.plans.models import (
    Deadline,
    Indicator,
    Notification,
    Plan,
    ReviewComment,
    Transition,
)
from jixiao.web.plans.review.adjustments import compare_versions, versions_of
from jixiao.web.plans.review.comments import add_comment
from jixiao.web.plans.review.deadlines import overdue_units
from jixiao.web.plans.review.notifications import mark_read, unread_count
from jixiao.web.plans.review.todo import todo_for
from jixiao.web.plans.review.transitions import available_actions, batch_transition, transition
from jixiao.web.plans.services import audit, editing
from tests.web.base import Cast, fixture_document

pytestmark = pytest.mark.django_db


def _fix_errors(plan: Plan, user: User) -> None:
    """The fixture plan has two errors (a cost written "≥96万元", an indicator named "1")."""
    project = plan.projects.order_by("position").first()
    assert project is not None
    cost = project.indicators.get(name="项目成本")
    plan.refresh_from_db()
    editing.update_indicator(cost, {"target": "≤96万元"}, user=user, expected_version=plan.version)
    placeholder = project.indicators.model.objects.get(project__plan=plan, name="1")
    plan.refresh_from_db()
    editing.update_indicator(
        placeholder,
        {"name": "矛盾纠纷化解率", "description": "排查化解矛盾纠纷的比例"},
        user=user,
        expected_version=plan.version,
    )
    plan.refresh_from_db()
    assert plan.error_count == 0


def _first_indicator(plan: Plan) -> Indicator:
    indicator = (
        Indicator.objects.filter(project__plan=plan)
        .order_by("project__position", "position")
        .first()
    )
    assert indicator is not None
    return indicator


def _state(plan: Plan) -> str:
    plan.refresh_from_db()
    return plan.status


@pytest.fixture
def ready(cast: Cast) -> Plan:
    _fix_errors(cast.plan_a, cast.users["editor"])
    return cast.plan_a


def _set_state(plan: Plan, state: str) -> None:
    Plan.objects.filter(pk=plan.pk).update(status=state)
    plan.refresh_from_db()


# --- the whole matrix: every role × state × action ------------------------------------------

EXPECTED_ALLOWED: dict[tuple[str, str], set[str]] = {
    # (cast member, state) → actions the service accepts on plan A (unit A under supervisor S)
    ("editor", "draft"): {"submit"},
    ("leader", "draft"): {"submit"},
    ("editor", "submitted"): {"withdraw"},
    ("leader", "submitted"): {"withdraw"},
    ("supervisor", "submitted"): {"supervisor_approve", "return"},
    ("finance", "supervisor_approved"): {"finance_approve", "return"},
    ("editor", "approved"): {"adjust"},
    ("leader", "approved"): {"adjust"},
}
STATES = [s.value for s in wf.State]
ACTIONS = [a.value for a in wf.Action]


@pytest.mark.parametrize(
    ("who", "state"), list(itertools.product(["editor", "leader", "supervisor", "finance",
                                              "auditor", "admin", "other", "other_region"],
                                             STATES)),
)  # fmt: skip
def test_every_role_may_make_exactly_its_transitions(
    ready: Plan, cast: Cast, who: str, state: str
) -> None:
    user = cast.users[who]
    _set_state(ready, state)
    allowed = EXPECTED_ALLOWED.get((who, state), set())
    assert {a.value for a in available_actions(user, ready)} == allowed
    for action in ACTIONS:
        _set_state(ready, state)
        before = Transition.objects.count()
        plans_before = Plan.objects.count()
        if action in allowed:
            result = transition(ready, action, user=user, comment="意见")
            assert Transition.objects.count() == before + 1
            if action == "adjust":
                assert result.pk != ready.pk
                assert result.status == "draft"
                # set aside (history is never deleted), so the next action starts from
                # the same place
                Plan.objects.filter(pk=result.pk).update(is_current=False, version_no=99)
                Plan.objects.filter(pk=ready.pk).update(is_current=True)
            else:
                assert _state(ready) != state
        else:
            with pytest.raises(wf.TransitionError):
                transition(ready, action, user=user, comment="意见")
            assert _state(ready) == state, "a refused transition changed the plan"
            assert Transition.objects.count() == before
            assert Plan.objects.count() == plans_before


def test_a_unit_without_supervisor_goes_straight_to_finance(cast: Cast) -> None:
    unit = Unit.objects.create(region=cast.region, code="D", name="测试县档案馆")
    editor = User.objects.create_user("d_editor")
    Membership.objects.create(user=editor, unit=unit, role=Role.UNIT_EDITOR)
    plan = editing.create_plan(unit, 2024, user=editor, document=fixture_document())
    _fix_errors(plan, editor)
    transition(plan, "submit", user=editor)
    assert _state(plan) == "submitted"
    assert available_actions(cast.users["supervisor"], plan) == []
    assert {a.value for a in available_actions(cast.users["finance"], plan)} == {
        "finance_approve",
        "return",
    }
    # finance is told, not a supervisor
    assert Notification.objects.filter(user=cast.users["finance"], plan=plan).exists()
    transition(plan, "finance_approve", user=cast.users["finance"])
    assert _state(plan) == "approved"


# --- rules on the way --------------------------------------------------------------------------


def test_a_plan_with_errors_cannot_be_submitted_and_the_unit_sees_why(cast: Cast) -> None:
    plan = cast.plan_a
    with pytest.raises(wf.TransitionError, match="存在 2 个必须修改的问题") as exc:
        transition(plan, "submit", user=cast.users["editor"])
    assert "≥96万元" in str(exc.value)
    assert _state(plan) == "draft"
    assert not Transition.objects.filter(plan=plan).exists()


def test_submitting_locks_the_plan_for_the_unit_and_a_return_unlocks_it(
    ready: Plan, cast: Cast
) -> None:
    editor = cast.users["editor"]
    transition(ready, "submit", user=editor)
    indicator = _first_indicator(ready)
    with pytest.raises(audit.ServiceError, match="已锁定"):
        editing.update_indicator(indicator, {"target": "≥1个"}, user=editor, expected_version=None)
    transition(ready, "return", user=cast.users["supervisor"], comment="请补充满意度指标")
    assert _state(ready) == "draft"
    editing.update_indicator(indicator, {"target": "≥1个"}, user=editor, expected_version=None)


def test_approving_locks_the_plan_for_everyone(ready: Plan, cast: Cast) -> None:
    transition(ready, "submit", user=cast.users["editor"])
    transition(ready, "supervisor_approve", user=cast.users["supervisor"])
    transition(ready, "finance_approve", user=cast.users["finance"])
    ready.refresh_from_db()
    assert ready.approved_at is not None
    assert ready.in_force
    indicator = _first_indicator(ready)
    for who in ("editor", "admin"):
        with pytest.raises(audit.ServiceError, match="已批复"):
            editing.update_indicator(
                indicator, {"target": "≥1个"}, user=cast.users[who], expected_version=None
            )


def test_return_needs_a_comment_and_records_it_as_a_plan_comment(ready: Plan, cast: Cast) -> None:
    transition(ready, "submit", user=cast.users["editor"])
    with pytest.raises(wf.TransitionError, match="请填写退回意见"):
        transition(ready, "return", user=cast.users["supervisor"], comment="  ")
    transition(ready, "return", user=cast.users["supervisor"], comment="预算数与明细不符")
    step = Transition.objects.get(plan=ready, action="return")
    assert (step.from_state, step.to_state, step.user) == (
        "submitted",
        "draft",
        cast.users["supervisor"],
    )
    assert ReviewComment.objects.get(plan=ready, transition=step).text == "预算数与明细不符"
    # the unit is told, with the comment
    note = Notification.objects.get(user=cast.users["editor"], kind="returned")
    assert "预算数与明细不符" in note.message


def test_a_stale_page_cannot_move_the_plan(ready: Plan, cast: Cast) -> None:
    seen = ready.version
    transition(ready, "submit", user=cast.users["editor"], expected_version=seen)
    # the editor withdraws from a page that still shows the old version
    with pytest.raises(audit.StaleEditError, match="请刷新"):
        transition(ready, "withdraw", user=cast.users["editor"], expected_version=seen)
    assert _state(ready) == "submitted"


def test_unknown_action_is_refused(ready: Plan, cast: Cast) -> None:
    with pytest.raises(wf.TransitionError, match="未知操作"):
        transition(ready, "delete_everything", user=cast.users["editor"])


def test_batch_reports_each_plan(ready: Plan, cast: Cast) -> None:
    b = cast.plan_b
    transition(ready, "submit", user=cast.users["editor"])
    transition(ready, "supervisor_approve", user=cast.users["supervisor"])
    results = batch_transition([ready, b], "finance_approve", user=cast.users["finance"])
    assert [(r.plan.pk, r.ok) for r in results] == [(ready.pk, True), (b.pk, False)]
    assert "无权" in results[1].message
    assert _state(ready) == "approved"
    assert _state(b) == "draft"


# --- adjustments --------------------------------------------------------------------------------


@pytest.fixture
def approved(ready: Plan, cast: Cast) -> Plan:
    transition(ready, "submit", user=cast.users["editor"])
    transition(ready, "supervisor_approve", user=cast.users["supervisor"])
    transition(ready, "finance_approve", user=cast.users["finance"])
    ready.refresh_from_db()
    return ready


def test_an_adjustment_is_a_new_version_and_the_approved_one_stays_in_force(
    approved: Plan, cast: Cast
) -> None:
    editor = cast.users["editor"]
    with pytest.raises(wf.TransitionError, match="请填写调整原因"):
        transition(approved, "adjust", user=editor, comment="")
    new = transition(approved, "adjust", user=editor, comment="追加预算 10 万元")
    approved.refresh_from_db()
    assert (new.version_no, new.previous, new.status, new.is_current) == (
        2,
        approved,
        "draft",
        True,
    )
    assert new.adjustment_reason == "追加预算 10 万元"
    assert not approved.is_current
    assert approved.in_force
    assert Plan.objects.current().get(unit=approved.unit, year=2024) == new
    assert new.projects.count() == approved.projects.count()
    assert compare_versions(approved, new).is_empty
    # no second adjustment while one is pending, and the old version no longer moves
    assert available_actions(editor, approved) == []
    with pytest.raises(wf.TransitionError):
        transition(approved, "adjust", user=editor, comment="再调一次")

    project = new.projects.order_by("position").first()
    assert project is not None
    editing.update_project(
        project,
        {"budget_total": "106", "budget_fiscal": "106"},
        user=editor,
        expected_version=new.version,
    )
    diff = compare_versions(approved, new)
    [change] = diff.changed
    assert ("预算数", "96.00", "106") in [(c.field, c.old, c.new) for c in change.changes]

    transition(new, "submit", user=editor)
    transition(new, "supervisor_approve", user=cast.users["supervisor"])
    assert approved.in_force  # still: the adjustment is not approved yet
    transition(new, "finance_approve", user=cast.users["finance"])
    approved.refresh_from_db()
    new.refresh_from_db()
    assert new.in_force
    assert not approved.in_force
    assert approved.superseded_at is not None
    assert [p.version_no for p in versions_of(new)] == [1, 2]
    # the adjusted version can be adjusted in turn
    assert available_actions(editor, new) == [wf.Action.ADJUST]


# --- comments -----------------------------------------------------------------------------------


def test_reviewers_comment_on_an_indicator_and_the_unit_is_told(ready: Plan, cast: Cast) -> None:
    transition(ready, "submit", user=cast.users["editor"])
    indicator = _first_indicator(ready)
    c = add_comment(ready, "目标值偏低", user=cast.users["supervisor"], indicator=indicator)
    assert c.project == indicator.project
    assert c.indicator == indicator
    assert str(indicator.name) in c.subject
    assert Notification.objects.filter(user=cast.users["editor"], kind="comment").exists()
    # the unit may reply; auditors, other units and other regions may not comment
    add_comment(ready, "已修改", user=cast.users["editor"], indicator=indicator)
    for who in ("auditor", "other", "other_region", "admin"):
        with pytest.raises(wf.TransitionError):
            add_comment(ready, "x", user=cast.users[who])
    with pytest.raises(audit.ServiceError, match="请填写意见内容"):
        add_comment(ready, " ", user=cast.users["finance"])
    foreign = cast.plan_b.projects.first()
    with pytest.raises(audit.ServiceError, match="不属于此计划"):
        add_comment(ready, "x", user=cast.users["finance"], project=foreign)


def test_a_comment_outlives_the_indicator_it_concerned(ready: Plan, cast: Cast) -> None:
    indicator = _first_indicator(ready)
    c = add_comment(ready, "删除此指标", user=cast.users["finance"], indicator=indicator)
    editing.delete_indicator(indicator, user=cast.users["editor"], expected_version=None)
    c.refresh_from_db()
    assert c.indicator is None
    assert str(indicator.name) in c.subject


# --- notifications, to-dos and deadlines -----------------------------------------------------------


def test_each_step_tells_the_next_person(ready: Plan, cast: Cast) -> None:
    u = cast.users
    transition(ready, "submit", user=u["editor"])
    assert unread_count(u["supervisor"]) == 1
    assert unread_count(u["finance"]) == 0
    assert [i.kind for i in todo_for(u["supervisor"])] == ["review"]
    transition(ready, "supervisor_approve", user=u["supervisor"])
    assert [i.plan for i in todo_for(u["finance"])] == [ready]
    assert todo_for(u["supervisor"]) == []
    assert unread_count(u["editor"]) == 1  # 已通过主管部门审核
    transition(ready, "return", user=u["finance"], comment="请细化指标")
    kinds = [i.kind for i in todo_for(u["editor"])]
    assert kinds == ["returned"]
    assert mark_read(u["editor"]) == 2
    assert unread_count(u["editor"]) == 0
    # another region's reviewer never hears of it
    assert unread_count(u["other_region"]) == 0


def test_deadlines_list_units_that_have_not_submitted(ready: Plan, cast: Cast) -> None:
    today = date(2024, 1, 20)
    Deadline.objects.create(region=cast.region, year=2024, due=today - timedelta(days=5))
    transition(ready, "submit", user=cast.users["editor"])
    late = overdue_units(cast.region, 2024, today=today)
    # A submitted; B (draft) and A2 (no plan) are late, 5 days
    assert {(o.unit.code, o.plan is not None, o.days) for o in late} == {
        ("A2", False, 5),
        ("B", True, 5),
    }
    # a return after submitting does not make a unit late
    transition(ready, "return", user=cast.users["supervisor"], comment="补充")
    assert "A" not in {o.unit.code for o in overdue_units(cast.region, 2024, today=today)}
    other = [i for i in todo_for(cast.users["other"], today=today) if i.kind == "deadline"]
    assert other
    assert other[0].overdue
    assert "已逾期 5 天" in other[0].text
    fin = [i for i in todo_for(cast.users["finance"], today=today) if i.kind == "deadline"]
    assert fin
    assert "2 个单位逾期未提交" in fin[0].text
    # before the deadline nobody is late
    assert overdue_units(cast.region, 2024, today=today - timedelta(days=10)) == []


# --- concurrency (real row locks: PostgreSQL) -----------------------------------------------------


def _race(*calls: Callable[[], object]) -> list[str]:
    """Run ``calls`` in threads released at the same instant; "ok" or the refusal of each."""
    import threading

    from django.db import close_old_connections

    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except (wf.TransitionError, audit.ServiceError) as exc:
            outcomes.append(str(exc))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.fixture
def pg_cast(transactional_db: None) -> Cast:
    from django.db import connection

    from tests.web.base import build_cast

    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (the production database)")
    cast = build_cast()
    _fix_errors(cast.plan_a, cast.users["editor"])
    return cast


def test_two_reviewers_at_once_move_the_plan_once(pg_cast: Cast) -> None:
    """Supervisor approval and a return race; exactly one wins, the other is refused."""
    cast = pg_cast
    transition(cast.plan_a, "submit", user=cast.users["editor"])
    second = User.objects.create_user("supervisor2")
    Membership.objects.create(user=second, unit=cast.units["S"], role=Role.SUPERVISOR_REVIEWER)
    version = Plan.objects.get(pk=cast.plan_a.pk).version
    plan = Plan.objects.get(pk=cast.plan_a.pk)
    outcomes = _race(
        lambda: transition(
            plan, "supervisor_approve", user=cast.users["supervisor"], expected_version=version
        ),
        lambda: transition(plan, "return", user=second, comment="并发", expected_version=version),
    )
    assert outcomes.count("ok") == 1, outcomes
    assert any("请刷新" in o for o in outcomes)
    assert Transition.objects.filter(plan=cast.plan_a).count() == 2  # submit + one review


def test_two_editors_saving_one_row_at_once_lose_nothing(pg_cast: Cast) -> None:
    """Both loaded the same version; one save lands, the other is refused as stale."""
    cast = pg_cast
    leader_as_editor = User.objects.create_user("editor2")
    Membership.objects.create(user=leader_as_editor, unit=cast.units["A"], role=Role.UNIT_EDITOR)
    version = Plan.objects.get(pk=cast.plan_a.pk).version
    row = _first_indicator(cast.plan_a)
    outcomes = _race(
        lambda: editing.update_indicator(
            row, {"target": "≥300条"}, user=cast.users["editor"], expected_version=version
        ),
        lambda: editing.update_indicator(
            row, {"target": "≥280条"}, user=leader_as_editor, expected_version=version
        ),
    )
    assert outcomes.count("ok") == 1, outcomes
    assert any("已被他人修改，请刷新后重试" in o for o in outcomes)
    row.refresh_from_db()
    plan = Plan.objects.get(pk=cast.plan_a.pk)
    assert plan.version == version + 1
    winner = plan.updated_by
    assert row.target == ("≥300条" if winner == cast.users["editor"] else "≥280条")


def test_an_edit_racing_a_submission_never_slips_into_the_submitted_plan(pg_cast: Cast) -> None:
    cast = pg_cast
    version = Plan.objects.get(pk=cast.plan_a.pk).version
    row = _first_indicator(cast.plan_a)
    before = row.target
    plan = Plan.objects.get(pk=cast.plan_a.pk)
    outcomes = _race(
        lambda: transition(plan, "submit", user=cast.users["leader"], expected_version=version),
        lambda: editing.update_indicator(
            row, {"target": "≥1条"}, user=cast.users["editor"], expected_version=version
        ),
    )
    assert outcomes.count("ok") == 1, outcomes
    row.refresh_from_db()
    plan.refresh_from_db()
    # either the plan was submitted as it was, or the edit landed and the plan is a draft
    assert (plan.status, row.target) in {("submitted", before), ("draft", "≥1条")}


def test_a_second_adjustment_from_a_stale_page_is_refused(approved: Plan, cast: Cast) -> None:
    seen = approved.version
    transition(
        approved, "adjust", user=cast.users["editor"], comment="第一次", expected_version=seen
    )
    with pytest.raises(audit.StaleEditError):
        transition(
            approved, "adjust", user=cast.users["editor"], comment="第二次", expected_version=seen
        )
    assert Plan.objects.filter(unit=approved.unit, year=2024).count() == 2


def test_the_unit_can_cancel_a_draft_adjustment(approved: Plan, cast: Cast) -> None:
    editor = cast.users["editor"]
    new = transition(approved, "adjust", user=editor, comment="追加预算")
    assert available_actions(cast.users["supervisor"], new) == []
    assert wf.Action.CANCEL_ADJUSTMENT in available_actions(editor, new)
    assert wf.Action.CANCEL_ADJUSTMENT not in available_actions(editor, approved)
    with pytest.raises(wf.TransitionError, match="请填写撤销原因"):
        transition(new, "cancel_adjustment", user=editor)
    back = transition(
        new, "cancel_adjustment", user=editor, comment="预算未追加", expected_version=new.version
    )
    assert back == approved
    new.refresh_from_db()  # kept, marked: its rows and history stay
    assert new.is_cancelled
    assert not new.is_current
    assert not new.is_editable
    assert new.projects.count() == approved.projects.count()
    assert available_actions(editor, new) == []
    approved.refresh_from_db()
    assert approved.is_current
    assert approved.in_force
    step = Transition.objects.filter(plan=approved).latest("at", "id")
    assert (step.action, step.from_state, step.to_state, step.user) == (
        "cancel_adjustment",
        "draft",
        "approved",
        editor,
    )
    assert "第2版调整已撤销：预算未追加" in step.comment
    # the approved plan can be adjusted again; the cancelled 第2版 keeps its number
    again = transition(approved, "adjust", user=editor, comment="再次调整")
    assert again.version_no == 3


def test_cancelling_an_adjustment_keeps_its_review(approved: Plan, cast: Cast) -> None:
    """A returned adjustment's transitions and comments survive its cancellation."""
    editor = cast.users["editor"]
    new = transition(approved, "adjust", user=editor, comment="追加预算")
    transition(new, "submit", user=editor)
    transition(new, "return", user=cast.users["supervisor"], comment="追加依据不足")
    add_comment(new, "请附测算表", user=cast.users["supervisor"])
    steps = list(new.transitions.values_list("pk", flat=True))
    comments = list(new.comments.values_list("pk", flat=True))
    new.refresh_from_db()
    transition(new, "cancel_adjustment", user=editor, comment="不再调整")
    assert list(new.transitions.values_list("pk", flat=True)) == steps
    assert list(new.comments.values_list("pk", flat=True)) == comments
    assert len(steps) == 3
    assert len(comments) == 2


def test_a_plan_with_a_review_record_cannot_be_deleted(approved: Plan) -> None:
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        approved.delete()
    assert Plan.objects.filter(pk=approved.pk).exists()


def test_a_submitted_adjustment_cannot_be_cancelled(approved: Plan, cast: Cast) -> None:
    editor = cast.users["editor"]
    new = transition(approved, "adjust", user=editor, comment="追加预算")
    transition(new, "submit", user=editor)
    with pytest.raises(wf.TransitionError, match="无权"):
        transition(new, "cancel_adjustment", user=editor, comment="x")
    assert Plan.objects.filter(pk=new.pk).exists()


def test_two_confirms_creating_the_same_plan_refuse_the_second(pg_cast: Cast) -> None:
    """Both previews saw no plan; one confirm creates it, the other is stale (409, not 500)."""
    from jixiao.web.plans.services import importing
    from tests.web.base import small_document

    cast = pg_cast
    unit = cast.units["A2"]
    outcomes = _race(
        *(
            lambda: importing.confirm_import(
                unit, 2025, small_document(), user=cast.users["admin"], expected_version=None
            )
            for _ in range(2)
        )
    )
    assert outcomes.count("ok") == 1, outcomes
    assert any("已被他人修改" in o for o in outcomes), outcomes
    assert Plan.objects.filter(unit=unit, year=2025).count() == 1
