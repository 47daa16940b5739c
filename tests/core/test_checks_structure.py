"""Structure and content rules: structure, missing-level1, missing-output-kind, placeholder,
empty-target, duplicate-indicator, satisfaction-missing."""

from __future__ import annotations

import pytest

from jixiao.core.config import CheckConfig
from tests.core.checks_support import SOUND, at, found, plan_of, serious, with_row


def test_a_sound_table_has_no_findings() -> None:
    assert serious(plan_of()) == []


@pytest.mark.parametrize(
    ("level1", "level2", "variant_text"),
    [
        ("产出指标", "满意度指标", "属于满意度指标"),
        ("效益指标", "质量指标", "属于产出指标"),
        ("产出指标", "效率指标", "不是一级指标"),
        ("绩效指标", "数量指标", "不是规定的类别"),
        ("", "数量指标", "缺少一级指标"),
        ("产出指标", "", "缺少二级指标"),
    ],
)
def test_structure_reports_unknown_or_misplaced_labels(
    level1: str, level2: str, variant_text: str
) -> None:
    plan = with_row((level1, level2, "宣传册数量", "印制宣传册数量", "≥100册"))
    [f] = found(plan, "structure")
    assert (f.indicator, f.severity) == (7, "error")
    assert variant_text in f.message


@pytest.mark.parametrize(
    ("level1", "level2"),
    [
        ("产出", "数量"),  # without the trailing 指标
        ("产出指标（50分）", "数量指标"),  # points in the label
        ("效果指标", "社会效益指标"),  # alias (policy, on by default)
        ("效益指标", "环境效益指标"),
        ("效益指标", "可持续影响指标"),
        ("成本指标", "经济成本指标"),  # 101号 layout
        ("满意度指标", "社会公众满意度指标"),
        ("满意度\n指标", "服务对象满\n意度指标"),  # wrapped cells
        ("产出指标", "产出数量指标"),
    ],
)
def test_structure_accepts_published_label_variants(level1: str, level2: str) -> None:
    assert (
        found(with_row((level1, level2, "宣传册数量", "印制宣传册数量", "≥100册")), "structure")
        == []
    )


def test_missing_level1_reports_each_absent_group() -> None:
    plan = plan_of([r for r in SOUND if r[0] == "产出指标"])
    fs = found(plan, "missing-level1")
    assert [(f.indicator, f.severity) for f in fs] == [(None, "error"), (None, "error")]
    assert ["效益指标" in fs[0].message, "满意度指标" in fs[1].message] == [True, True]
    # satisfaction-missing stays quiet: missing-level1 already covers the absent group
    assert found(plan, "satisfaction-missing") == []


def test_required_groups_are_policy() -> None:
    plan = plan_of([r for r in SOUND if r[0] != "满意度指标"])
    config = CheckConfig(required_level1=("产出", "效益"))
    assert found(plan, "missing-level1", config) == []
    # … and then satisfaction-missing reports the absent satisfaction indicator
    assert at(plan, "satisfaction-missing", config) == [(None, "warning")]


def test_missing_output_kind_names_the_kinds() -> None:
    plan = plan_of([r for r in SOUND if r[1] not in ("时效指标", "成本指标")])
    [f] = found(plan, "missing-output-kind")
    assert f.severity == "warning"
    assert "时效指标" in f.message
    assert "成本指标" in f.message


def test_cost_as_level1_counts_as_the_cost_output_kind() -> None:
    rows = [r for r in SOUND if r[1] != "成本指标"]
    rows.append(("成本指标", "经济成本指标", "项目成本", "项目总成本", "≤96万元"))
    assert found(plan_of(rows), "missing-output-kind") == []


@pytest.mark.parametrize("name", ["1", "指标1", "……", "x", "请填写指标名称"])
def test_placeholder_names(name: str) -> None:
    [f] = found(with_row(("效益指标", "社会效益指标", name, "群众安全感", "≥90%")), "placeholder")
    assert (f.indicator, f.severity) == (7, "error")
    assert f"“{name}”" in f.message


def test_placeholder_in_description_and_blank_name() -> None:
    assert at(with_row(("效益指标", "社会效益指标", "群众安全感", "1", "≥90%")), "placeholder") == [
        (7, "error")
    ]
    assert at(with_row(("效益指标", "社会效益指标", "", "群众安全感", "≥90%")), "placeholder") == [
        (7, "error")
    ]


def test_an_empty_description_is_not_a_placeholder() -> None:
    assert (
        found(with_row(("效益指标", "社会效益指标", "群众安全感", "", "≥90%")), "placeholder") == []
    )


@pytest.mark.parametrize("target", ["", "  ", "/", "—"])
def test_empty_target(target: str) -> None:
    assert at(
        with_row(("效益指标", "社会效益指标", "群众安全感", "群众安全感", target)), "empty-target"
    ) == [(7, "error")]


def test_duplicate_indicator_points_at_the_repeat() -> None:
    plan = with_row(("效益指标", "社会效益指标", "维护质量", "保障维护质量", "≥95%"))
    [f] = found(plan, "duplicate-indicator")
    assert (f.indicator, f.severity) == (7, "warning")
    assert "第2项指标" in f.message


def test_rules_can_be_switched_off_and_regraded() -> None:
    plan = with_row(("效益指标", "社会效益指标", "1", "1", "≥90%"))
    assert found(plan, "placeholder", CheckConfig(disabled=frozenset({"placeholder"}))) == []
    assert at(plan, "placeholder", CheckConfig(severity=(("placeholder", "warning"),))) == [
        (7, "warning")
    ]
