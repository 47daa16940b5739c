from __future__ import annotations

import pytest

from jixiao.core.findings import Finding
from jixiao.web.plans.models import Indicator, Plan
from jixiao.web.plans.services import audit, editing
from jixiao.web.plans.services.findings import check_all, refresh_findings
from jixiao.web.plans.services.history import plan_history
from tests.web.base import Cast

pytestmark = pytest.mark.django_db


def _first_project(plan: Plan):
    return plan.projects.order_by("position").first()


def test_update_indicator_bumps_the_version_and_records_who_changed_what(cast: Cast) -> None:
    plan = cast.plan_a
    project = _first_project(plan)
    cost = project.indicators.get(name="项目成本")
    v = plan.version
    editing.update_indicator(
        cost, {"target": "≤96万元"}, user=cast.users["editor"], expected_version=v
    )
    plan.refresh_from_db()
    cost.refresh_from_db()
    assert cost.target == "≤96万元"
    assert plan.version == v + 1
    assert plan.updated_by == cast.users["editor"]
    entry = next(e for e in plan_history(plan) if e.field == "指标值")
    assert (entry.who, entry.action, entry.old, entry.new) == (
        "editor",
        "修改",
        "≥96万元",
        "≤96万元",
    )
    assert "项目成本" in entry.label


def test_a_stale_version_is_refused_and_changes_nothing(cast: Cast) -> None:
    plan = cast.plan_a
    cost = _first_project(plan).indicators.get(name="项目成本")
    with pytest.raises(audit.StaleEditError, match="已被他人修改，请刷新后重试"):
        editing.update_indicator(
            cost, {"target": "≤1万元"}, user=cast.users["editor"], expected_version=plan.version - 1
        )
    cost.refresh_from_db()
    assert cost.target == "≥96万元"


def test_add_move_and_delete_keep_positions_dense(cast: Cast) -> None:
    plan = cast.plan_a
    project = _first_project(plan)
    user = cast.users["editor"]
    new = editing.add_indicator(
        project, {"level1": "产出指标", "name": "新增指标"}, user=user,
        expected_version=plan.version, position=1,
    )  # fmt: skip
    names = list(project.indicators.values_list("name", flat=True))
    assert names[:3] == ["租用线路", "新增指标", "维护质量"]
    editing.move_indicator(new, "up", user=user, expected_version=plan.version)
    assert project.indicators.first().name == "新增指标"
    editing.move_indicator(new, 99, user=user, expected_version=plan.version)
    assert project.indicators.last().name == "新增指标"
    editing.delete_indicator(new, user=user, expected_version=plan.version)
    positions = list(project.indicators.values_list("position", flat=True))
    assert positions == list(range(len(positions)))
    assert not Indicator.objects.filter(pk=new.pk).exists()
    actions = [e.action for e in plan_history(plan) if "新增指标" in e.label]
    assert "新增" in actions
    assert "删除" in actions


def test_reorder_requires_exactly_the_current_rows(cast: Cast) -> None:
    plan = cast.plan_a
    project = _first_project(plan)
    ids = list(project.indicators.values_list("pk", flat=True))
    editing.reorder_indicators(
        project, list(reversed(ids)), user=None, expected_version=plan.version
    )
    assert list(project.indicators.values_list("pk", flat=True)) == list(reversed(ids))
    with pytest.raises(audit.ServiceError):
        editing.reorder_indicators(project, ids[:-1], user=None, expected_version=plan.version)


def test_update_project_validates_money_and_spending_plan(cast: Cast) -> None:
    plan = cast.plan_a
    project = _first_project(plan)
    with pytest.raises(audit.ServiceError, match="预算数不是有效的数字"):
        editing.update_project(
            project, {"budget_total": "九十六"}, user=None, expected_version=plan.version
        )
    with pytest.raises(audit.ServiceError, match="资金支出计划"):
        editing.update_project(
            project,
            {"spending_plan": [{"percent": "20"}]},
            user=None,
            expected_version=plan.version,
        )
    editing.update_project(
        project, {"budget_total": "95.5", "goals": [" 租用线路 ", ""]}, user=None,
        expected_version=plan.version,
    )  # fmt: skip
    project.refresh_from_db()
    assert project.goals == ["租用线路"]
    assert project.written["total"] == "95.5"


def test_a_plan_that_is_not_editable_refuses_changes(cast: Cast) -> None:
    plan = cast.plan_a
    Plan.objects.filter(pk=plan.pk).update(status="submitted")
    cost = _first_project(plan).indicators.get(name="项目成本")
    with pytest.raises(audit.ServiceError, match="已锁定，不能修改"):
        editing.update_indicator(cost, {"target": "1"}, user=None, expected_version=None)


def test_refresh_findings_stores_the_counts(cast: Cast) -> None:
    plan = cast.plan_a
    found = [
        Finding("cost-direction", "error", "P", 4, "成本指标应为反向指标"),
        Finding("not-measurable", "warning", "P", 5, "不可衡量"),
        Finding("not-measurable", "warning", "P", 6, "不可衡量"),
    ]
    refresh_findings(plan, found)
    plan.refresh_from_db()
    assert (plan.error_count, plan.warning_count) == (1, 2)
    assert plan.checked_at is not None


def test_create_plan_refuses_a_second_plan_for_the_same_year(cast: Cast) -> None:
    with pytest.raises(audit.ServiceError, match="已有 2024 年"):
        editing.create_plan(cast.units["A"], 2024, user=None)


def test_projects_can_be_added_updated_and_deleted_with_history(cast: Cast) -> None:
    plan = cast.plan_a
    user = cast.users["admin"]
    project = editing.add_project(
        plan, {"name": "业务培训费", "budget_total": "3.50", "goals": ["培训200人次"]},
        user=user, expected_version=plan.version,
    )  # fmt: skip
    assert project.position == 4
    assert project.written == {"total": "3.50"}
    editing.update_plan(plan, {"money_unit": "元"}, user=user, expected_version=plan.version)
    plan.refresh_from_db()
    assert plan.money_unit == "元"
    with pytest.raises(audit.ServiceError, match="金额单位"):
        editing.update_plan(plan, {"money_unit": "千元"}, user=user, expected_version=plan.version)
    editing.delete_project(project, user=user, expected_version=plan.version)
    assert list(plan.projects.values_list("position", flat=True)) == [0, 1, 2, 3]
    labels = [(e.action, e.label, e.who) for e in plan_history(plan)]
    assert ("删除", "项目“业务培训费”", "admin") in labels
    assert ("新增", "项目“业务培训费”", "admin") in labels


def test_check_all_refreshes_every_plan(cast: Cast) -> None:
    from jixiao.web.plans.models import Plan

    Plan.objects.update(checked_at=None)
    assert check_all(Plan.objects.all()) == 2
    assert not Plan.objects.filter(checked_at=None).exists()


def test_a_stale_instance_saved_without_a_version_does_not_undo_other_changes(cast: Cast) -> None:
    from jixiao.web.plans.models import Plan

    stale = Plan.objects.get(pk=cast.plan_a.pk)
    editing.update_plan(cast.plan_a, {"money_unit": "元"}, user=None, expected_version=None)
    cost = _first_project(stale).indicators.get(name="项目成本")
    cost.project.plan = stale
    editing.update_indicator(cost, {"target": "≤96万元"}, user=None, expected_version=None)
    stale.refresh_from_db()
    assert stale.money_unit == "元"
