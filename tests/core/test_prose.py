"""Promises in department prose (D4): phrase → Indicator(name, target)."""

from __future__ import annotations

import pytest

from jixiao.core.model import Plan
from jixiao.core.prose import extract_promises, promises_of_plan


def pairs(text: str, **kw: str) -> list[tuple[str | None, str | None]]:
    return [(i.name, i.target) for i in extract_promises(text, **kw)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "大力推进社会综合治理建设使群众对社会治安状况满意度达到90%以上",
            [("群众对社会治安状况满意度", "≥90%")],
        ),
        (
            "2024年确保网络正常使用不少于360天，网络通畅达到99%.",
            [("网络正常使用", "≥360天"), ("网络通畅", "≥99%")],
        ),
        ("各类案件办结率不低于95%", [("各类案件办结率", "≥95%")]),
        ("办案经费控制在20万元以内", [("办案经费", "≤20万元")]),
        ("安全事故发生率不超过1%", [("安全事故发生率", "≤1%")]),
        ("群众投诉降至10件以下", [("群众投诉", "≤10件")]),
        ("对见义勇为认定准确率和表彰率达到100%。", [("见义勇为认定准确率和表彰率", "=100%")]),
        ("2024年使群众社会安全感逐步增加", [("群众社会安全感", "逐步增加")]),
        ("通过专题培训，进一步提高基层干部业务水平", [("基层干部业务水平", "进一步提高")]),
    ],
)
def test_extracts_promises(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


def test_prose_wrapped_across_lines_and_spaces() -> None:
    text = "大力推进社会综合治理建设使群众对社会治安状况满意\n\n度达到 90%以上，使政法网畅通率达到 99%。"
    assert pairs(text) == [("群众对社会治安状况满意度", "≥90%"), ("政法网畅通率", "≥99%")]


def test_two_promises_in_one_clause() -> None:
    text = "确保我县社会安全感增长率达到4.5%以上群众对治安状况满意度达到90%以上"
    assert pairs(text) == [("社会安全感增长率", "≥4.5%"), ("群众对治安状况满意度", "≥90%")]


def test_bare_numbers_and_years_are_not_promises() -> None:
    assert pairs("2024年落实党的十九届四中全会精神，全县共有291个行政村。") == []


def test_reach_op_is_configurable() -> None:
    assert pairs("网络通畅达到99%", reach_op="=") == [("网络通畅", "=99%")]


def test_promises_of_plan_fills_only_empty_lists() -> None:
    plan = Plan.from_dict(
        {
            "format": "jixiao.plan/1",
            "overall": {
                "goal": "群众满意度达到90%以上",
                "indicators": [{"name": "已有", "target": "≥1个"}],
                "subgoals": [{"title": "t", "goal": "g", "indicator_text": "网络通畅达到99%"}],
            },
        }
    )
    promises_of_plan(plan)
    assert plan.overall is not None
    assert [i.name for i in plan.overall.indicators] == ["已有"]
    assert [(i.name, i.target) for i in plan.overall.subgoals[0].indicators] == [
        ("网络通畅", "≥99%")
    ]


def test_subgoal_promises_read_goal_and_indicator_text() -> None:
    from jixiao.core.prose import subgoal_promises

    got = subgoal_promises("培训基层干部不少于200人次", "群众满意度达到95%以上")
    assert [(i.name, i.target) for i in got] == [
        ("培训基层干部", "≥200人次"),
        ("群众满意度", "≥95%"),
    ]
