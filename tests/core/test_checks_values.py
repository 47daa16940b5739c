"""Value-form rules: not-measurable, missing-unit, unit-mismatch, direction, over-100,
name-value-mismatch."""

from __future__ import annotations

import pytest

from jixiao.core.config import CheckConfig, parse_config
from tests.core.checks_support import at, found, serious, with_row

B, S, OUT = "效益指标", "社会效益指标", "产出指标"


@pytest.mark.parametrize(
    "target", ["逐步提高", "逐年增长", "稳步提高", "明显增加", "有所提升", "持续改善", "巩固提高"]
)
def test_trend_words_are_not_measurable(target: str) -> None:
    [f] = found(with_row((B, S, "群众安全感", "群众安全感", target)), "not-measurable")
    assert (f.indicator, f.severity) == (7, "warning")
    assert f"“{target}”" in f.message


@pytest.mark.parametrize(
    "target", ["达成年度指标", "高", "优", "效果显著", "符合国家标准", "≥95%", "2024年12月底前"]
)
def test_tiers_numbers_and_deadlines_are_measurable(target: str) -> None:
    plan = with_row((B, S, "群众安全感", "群众安全感", target))
    assert [f for f in found(plan, "not-measurable") if f.severity != "info"] == []


def test_other_qualitative_text_is_only_info() -> None:
    assert at(with_row((B, S, "网络运行", "政法网络运行状态", "正常运行")), "not-measurable") == [
        (7, "info")
    ]


def test_trend_words_are_configurable() -> None:
    plan = with_row((B, S, "网络运行", "政法网络运行状态", "显著好转"))
    config = parse_config({"words": {"trend": ["好转"]}})
    assert at(plan, "not-measurable", config) == [(7, "warning")]
    config = parse_config({"words": {"trend": ["提高"]}})
    assert [s for _, s in at(plan, "not-measurable", config)] in ([], ["info"])


@pytest.mark.parametrize(
    ("name", "target"),
    [("受益群众满意度调查", "≥90"), ("满意度", "≥95"), ("重点建设工程安排数量", "2")],
)
def test_missing_unit(name: str, target: str) -> None:
    assert at(
        with_row(("满意度指标", "服务对象满意度指标", name, name, target)), "missing-unit"
    ) == [(7, "warning")]


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("设备完好率", "≥95"),  # a name ending in 率 supplies %
        ("培训人数", "≥200"),  # 人数 supplies 人
        ("安全事故发生次数", "0"),
        ("群众安全感指数", "≥85"),
        ("租用线路", "291条"),
    ],
)
def test_no_missing_unit_when_the_name_supplies_it(name: str, target: str) -> None:
    assert found(with_row((OUT, "质量指标", name, name, target)), "missing-unit") == []


@pytest.mark.parametrize(
    ("name", "description", "target", "variant"),
    [
        ("支付账号", "支付手机账号个数", "≥20%", "数量"),
        ("培训人数", "参加培训人数", "≥90%", "数量"),
        ("设备完好率", "设备完好率", "≥95台", "比率"),
        ("补助资金", "发放补助资金", "≥90%", "金额"),
    ],
)
def test_unit_mismatch(name: str, description: str, target: str, variant: str) -> None:
    [f] = found(with_row((OUT, "数量指标", name, description, target)), "unit-mismatch")
    assert (f.indicator, f.severity) == (7, "error")
    assert variant in f.message
    assert f"“{target}”" in f.message


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("宣传单页", "≥100页"),
        ("优良占比", "≥95%"),
        ("增长率", "≥3个百分点"),
        ("覆盖人数", "≥500人次"),
    ],
)
def test_no_unit_mismatch_on_matching_units(name: str, target: str) -> None:
    assert found(with_row((OUT, "质量指标", name, name, target)), "unit-mismatch") == []


@pytest.mark.parametrize(
    ("name", "target", "fix"),
    [
        ("差错率", "≥1%", "≤1%"),
        ("群众投诉次数", ">5次", "≤5次"),
        ("安全事故发生率", "≥0.5%", "≤0.5%"),
        ("验收合格率", "≤95%", "≥95%"),
        ("服务对象满意度", "<90%", "≥90%"),
    ],
)
def test_direction(name: str, target: str, fix: str) -> None:
    [f] = found(with_row((OUT, "质量指标", name, name, target)), "direction")
    assert (f.indicator, f.severity, f.suggestion) == (7, "error", f"改为 {fix}")


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("差错率", "≤1%"),
        ("投诉处理率", "≥95%"),  # higher is better despite 投诉
        ("事故隐患排查整改率", "≥98%"),
        ("验收合格率", "≥95%"),
        ("安全事故", "0起"),
    ],
)
def test_direction_accepts_correct_operators(name: str, target: str) -> None:
    assert found(with_row((OUT, "质量指标", name, name, target)), "direction") == []


@pytest.mark.parametrize("target", ["≥100%", "105%", ">100%", "≥120%"])
def test_over_100(target: str) -> None:
    assert at(
        with_row((OUT, "时效指标", "项目完成及时率", "项目完成及时率", target)), "over-100"
    ) == [(7, "warning")]


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("验收合格率", "100%"),
        ("验收合格率", "=100%"),
        ("产量增长率", "≥120%"),
        ("成本控制", "≤110%"),
    ],
)
def test_over_100_leaves_sound_and_growth_values(name: str, target: str) -> None:
    assert found(with_row((B, "经济效益指标", name, name, target)), "over-100") == []


@pytest.mark.parametrize(
    ("name", "description", "target"),
    [
        ("及时率", "维稳资金支付完成率", "2024年12月底前支出"),
        ("完成率", "支出完成时间", "2024年12月底前完成支出"),
        ("完成时间", "项目完成时间", "≥95%"),
    ],
)
def test_name_value_mismatch_on_timeliness(name: str, description: str, target: str) -> None:
    assert at(with_row((OUT, "时效指标", name, description, target)), "name-value-mismatch") == [
        (7, "warning")
    ]


@pytest.mark.parametrize(
    ("name", "description", "target"),
    [
        ("完工时间", "项目建设完成时间", "2024年12月底前"),
        ("完成率", "按规定时间完成工作占比率", "≥90%"),
        ("资金拨付及时率", "资金拨付及时率", "100%"),
    ],
)
def test_name_value_sound_timeliness(name: str, description: str, target: str) -> None:
    assert serious(with_row((OUT, "时效指标", name, description, target))) == []


def test_default_config_equals_no_config() -> None:
    plan = with_row((B, S, "群众安全感", "群众安全感", "逐步提高"))
    assert found(plan, "not-measurable", CheckConfig()) == found(plan, "not-measurable")


@pytest.mark.parametrize(
    ("level2", "name", "target"),
    [
        ("质量指标", "督导检查频率", "≥2次/年"),  # 频率 is not a proportion
        ("质量指标", "验收合格率", "100%合格"),  # a qualifier after the %
        ("质量指标", "工作效率", "≤5个工作日"),
    ],
)
def test_published_forms_that_are_sound(level2: str, name: str, target: str) -> None:
    assert serious(with_row((OUT, level2, name, name, target))) == []


@pytest.mark.parametrize("target", ["持续发挥作用", "长期", "正常运行", "制度健全完善"])
def test_qualitative_without_change_verb_is_at_most_info(target: str) -> None:
    plan = with_row((B, "可持续影响指标", "项目持续发挥效益", "项目持续发挥效益", target))
    assert serious(plan) == []
