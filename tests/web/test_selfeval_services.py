"""Self-evaluation services: prefill from approved targets, recorded edits, review."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core import workflow as wf
from jixiao.web.plans.services.audit import ServiceError, StaleEditError
from jixiao.web.selfeval.models import Change, EvalTransition, RegionPolicy, SelfEvaluation
from jixiao.web.selfeval.services import editing
from jixiao.web.selfeval.services.mapping import to_document
from jixiao.web.selfeval.services.scoring import scored
from jixiao.web.selfeval.services.transitions import available_actions, transition
from tests.web.base import Cast
from tests.web.selfeval_support import FULL, approve, first_project, started

pytestmark = pytest.mark.django_db


def _fill(ev: SelfEvaluation, cast: Cast, actuals: list[str]) -> None:
    for row, actual in zip(ev.rows.order_by("position"), actuals, strict=True):
        ev.refresh_from_db()
        editing.edit_row(
            row, {"actual": actual}, user=cast.users["editor"], expected_version=ev.version
        )


def test_start_prefills_rows_points_and_funds_from_the_approved_plan(cast: Cast) -> None:
    ev = started(cast)
    rows = list(ev.rows.order_by("position"))
    project = first_project(cast.plan_a)
    assert [r.name for r in rows] == [i.name for i in project.indicators.order_by("position")]
    assert rows[0].target == "291条"
    assert rows[0].level1 == "产出指标"
    by_group: dict[str, Decimal] = {}
    for r in rows:
        by_group[r.level1] = by_group.get(r.level1, Decimal(0)) + (r.points or 0)
    assert by_group == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert ev.execution_points == 10
    assert ev.funds_annual == project.budget_total == Decimal("96")
    assert ev.funds_executed is None
    assert Change.objects.filter(evaluation=ev, field="created").count() == 1
    # No points_sum departure: the split adds up exactly.
    assert not [f for f in scored(ev).departures if f.rule == "points-sum"]


def test_start_uses_the_regions_policy(cast: Cast) -> None:
    RegionPolicy.objects.create(
        region=cast.region,
        overrides={
            "execution_points": "20",
            "level1_points": {"产出": "40", "效益": "30", "满意度": "10"},
        },
    )
    ev = started(cast)
    assert ev.execution_points == 20
    assert sum(r.points or 0 for r in ev.rows.all()) == 80
    assert scored(ev).report.policy.execution_points == 20


def test_start_refuses_a_plan_that_is_not_approved(cast: Cast) -> None:
    with pytest.raises(ServiceError, match="已批复"):
        editing.start(first_project(cast.plan_a), user=cast.users["editor"])


def test_every_edit_is_recorded_with_old_and_new(cast: Cast) -> None:
    ev = started(cast)
    row = ev.rows.order_by("position").first()
    assert row is not None
    editing.edit_row(row, {"actual": "280"}, user=cast.users["editor"], expected_version=ev.version)
    ev.refresh_from_db()
    editing.edit_row(row, {"actual": "291"}, user=cast.users["editor"], expected_version=ev.version)
    changes = list(Change.objects.filter(evaluation=ev, field="actual").order_by("at", "id"))
    assert [(c.old, c.new) for c in changes] == [("", "280"), ("280", "291")]
    assert all(c.user == cast.users["editor"] and c.label == "第1行 实际完成值" for c in changes)


def test_a_stale_page_is_refused(cast: Cast) -> None:
    ev = started(cast)
    row = ev.rows.first()
    assert row is not None
    with pytest.raises(StaleEditError):
        editing.edit_row(row, {"actual": "1"}, user=cast.users["editor"], expected_version=0)


def test_score_above_points_is_refused(cast: Cast) -> None:
    ev = started(cast)
    row = ev.rows.order_by("position").first()
    assert row is not None
    with pytest.raises(ServiceError, match="不能超过分值"):
        editing.edit_row(
            row, {"score": "99"}, user=cast.users["editor"], expected_version=ev.version
        )


def test_scores_equal_jixiao_score_on_the_same_document(cast: Cast, tmp_path: Path) -> None:
    ev = started(cast)
    _fill(ev, cast, ["280条", "96%", "2024年12月20日", "96万元", "95%", "部分达成", "92%"])
    ev.refresh_from_db()
    result = scored(ev)
    path = tmp_path / "selfeval.json"
    path.write_text(json.dumps(to_document(ev).to_dict(), ensure_ascii=False), encoding="utf-8")
    cli = CliRunner().invoke(app, ["score", str(path), "--format", "json"])
    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.output) == json.loads(json.dumps(result.report.to_dict()))
    first = result.report.indicators[0]
    assert first.explanation
    assert first.score is not None
    assert first.score < (first.points or 0)


def test_submit_needs_reasons_for_shortfalls_then_review_to_approval(cast: Cast) -> None:
    ev = started(cast)
    actuals = list(FULL)
    actuals[0] = "280条"
    _fill(ev, cast, actuals)
    ev.refresh_from_db()
    ev.funds_executed = None
    editing.edit_funds(
        ev, {"funds_executed": "96"}, user=cast.users["editor"], expected_version=ev.version
    )
    with pytest.raises(wf.TransitionError, match="未完成原因"):
        transition(ev, "submit", user=cast.users["editor"])
    ev.refresh_from_db()
    assert ev.status == "draft"
    assert ev.rows.filter(score__isnull=False).count() == 0  # the failed submit filled nothing
    row = ev.rows.order_by("position").first()
    assert row is not None
    editing.edit_row(
        row, {"reason": "部分线路撤并"}, user=cast.users["editor"], expected_version=ev.version
    )
    transition(ev, "submit", user=cast.users["editor"])
    assert ev.status == "submitted"
    assert ev.rows.filter(score__isnull=True).count() == 0  # blanks took the rules' scores
    assert ev.claimed_total == ev.total
    assert ev.departures == 0
    assert available_actions(cast.users["finance"], ev) == []
    transition(ev, "supervisor_approve", user=cast.users["supervisor"])
    assert wf.Action.RETURN in available_actions(cast.users["finance"], ev)
    with pytest.raises(wf.TransitionError, match="退回意见"):
        transition(ev, "return", user=cast.users["finance"])
    transition(ev, "return", user=cast.users["finance"], comment="请核实线路数")
    assert ev.status == "draft"
    transition(ev, "submit", user=cast.users["editor"])
    transition(ev, "supervisor_approve", user=cast.users["supervisor"])
    transition(ev, "finance_approve", user=cast.users["finance"])
    assert ev.status == "approved"
    assert ev.approved_at is not None
    steps = list(EvalTransition.objects.filter(evaluation=ev).values_list("action", flat=True))
    assert steps == ["submit", "supervisor_approve", "return", "submit", "supervisor_approve",
                     "finance_approve"]  # fmt: skip


def test_a_return_carries_the_departures(cast: Cast) -> None:
    ev = started(cast)
    _fill(ev, cast, FULL)
    ev.refresh_from_db()
    row = ev.rows.order_by("position").first()
    assert row is not None
    # The unit claims 10 points for 280 of 291 lines and explains why.
    editing.edit_row(row, {"actual": "280条", "score": str(row.points), "reason": "撤并"},
                     user=cast.users["editor"], expected_version=ev.version)  # fmt: skip
    transition(ev, "submit", user=cast.users["editor"])
    assert ev.departures == 1
    transition(ev, "supervisor_approve", user=cast.users["supervisor"])
    transition(ev, "return", user=cast.users["finance"], comment="第1行得分不符")
    step = EvalTransition.objects.get(evaluation=ev, action="return")
    assert [f["rule"] for f in step.findings] == ["score-mismatch"]


def test_outsiders_and_readers_cannot_move_it(cast: Cast) -> None:
    ev = started(cast)
    for who in ("other", "other_region", "auditor", "finance", "supervisor"):
        with pytest.raises(wf.TransitionError):
            transition(ev, "submit", user=cast.users[who])
    with pytest.raises(wf.TransitionError):
        transition(ev, "adjust", user=cast.users["editor"], comment="x")


def test_visible_to_follows_units(cast: Cast) -> None:
    ev = started(cast)
    approve(cast.plan_b)
    for who in ("editor", "leader", "supervisor", "finance", "auditor", "admin"):
        assert SelfEvaluation.objects.visible_to(cast.users[who]).filter(pk=ev.pk).exists()
    for who in ("other", "other_region"):
        assert not SelfEvaluation.objects.visible_to(cast.users[who]).exists()
