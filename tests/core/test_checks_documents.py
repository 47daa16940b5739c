"""The checker on two more department documents (tests/data, other counties and layouts):
what a reviewer would flag, and nothing on the sound rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.core.checks import check_plan
from jixiao.core.model import Plan
from jixiao.core.readers import read_document

DATA = Path(__file__).resolve().parent.parent / "data"

# (rule, project number, row, severity) of every error or warning.
EXPECTED = {
    "renxian-jiaoyu-2025": {
        ("not-measurable", 1, 7, "warning"),  # 长效机制 逐步完善
        ("missing-output-kind", 3, None, "warning"),  # 教师培训: no 时效, no 成本
        ("not-measurable", 3, 3, "warning"),  # 教学能力 有效提升
    },
    "xiangdu-minzheng-2024": set(),  # 每月10日前, ≤9600元/人, 有效保障: all sound
}


def _serious(plan: Plan) -> set[tuple[str, int, int | None, str]]:
    codes = [p.key for p in plan.projects]
    return {
        (f.rule, codes.index(f.project) + 1, f.indicator, f.severity)
        for f in check_plan(plan)
        if f.project is not None and f.severity != "info"
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_plan_json(name: str) -> None:
    plan = Plan.from_dict(json.loads((DATA / f"{name}.plan.json").read_text(encoding="utf-8")))
    assert _serious(plan) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_published_text(name: str) -> None:
    doc = read_document(DATA / f"{name}.txt").document
    assert isinstance(doc, Plan)
    assert _serious(doc) == EXPECTED[name]


def test_department_promises_are_matched_against_projects() -> None:
    plan = Plan.from_dict(
        json.loads((DATA / "renxian-jiaoyu-2025.plan.json").read_text(encoding="utf-8"))
    )
    uncovered = {
        f.extra["indicator_name"] for f in check_plan(plan) if f.rule == "uncovered-promise"
    }
    # 识别准确率 100% (project 1) and 校舍安全达标率 100% (project 2) are carried.
    assert uncovered == {"义务教育巩固率", "资金发放及时率"}
