"""Classification rules: misfiled, execution-rate-indicator, vague-indicator."""

from __future__ import annotations

import pytest

from jixiao.core.config import parse_config
from tests.core.checks_support import at, found, with_row

OUT, B = "产出指标", "效益指标"


@pytest.mark.parametrize(
    ("level1", "level2", "name", "description", "target", "home"),
    [
        (OUT, "数量指标", "优良率", "优秀完成工作占比", "≥90%", "质量指标"),
        (OUT, "数量指标", "合格率", "设备验收合格率", "100%", "质量指标"),
        (OUT, "数量指标", "补助发放", "发放补助资金", "≥50万元", "成本指标"),
        (B, "社会效益指标", "群众满意度", "群众满意度", "≥90%", "满意度指标"),
    ],
)
def test_misfiled(
    level1: str, level2: str, name: str, description: str, target: str, home: str
) -> None:
    [f] = found(with_row((level1, level2, name, description, target)), "misfiled")
    assert (f.indicator, f.severity) == (7, "warning")
    assert f.suggestion is not None
    assert home in f.suggestion


@pytest.mark.parametrize(
    ("level1", "level2", "name", "description", "target"),
    [
        (OUT, "质量指标", "优良率", "宣传品制作完成优良占比", "≥95%"),
        (OUT, "数量指标", "印制数量", "印制宣传品数量", "≥100页"),
        (B, "经济效益指标", "带动增收", "带动农户增收金额", "≥50万元"),  # money as a benefit
        (OUT, "数量指标", "满意度调查次数", "开展满意度调查次数", "≥2次"),
    ],
)
def test_not_misfiled(level1: str, level2: str, name: str, description: str, target: str) -> None:
    assert found(with_row((level1, level2, name, description, target)), "misfiled") == []


@pytest.mark.parametrize(
    ("level2", "name", "description", "target"),
    [
        ("经济效益指标", "资金使用率", "扫黑除恶专项资金使用率", "≥95%"),
        ("经济效益指标", "提高效率", "提高资金使用率", "逐步提高"),
        ("经济效益指标", "成使用率", "租赁费维护费成本使用率", "≥95%"),
        ("社会效益指标", "预算执行率", "预算执行率", "100%"),
        ("社会效益指标", "资金到位率", "项目资金到位率", "100%"),
    ],
)
def test_execution_rate_as_a_benefit(level2: str, name: str, description: str, target: str) -> None:
    assert at(with_row((B, level2, name, description, target)), "execution-rate-indicator") == [
        (7, "warning")
    ]


@pytest.mark.parametrize(
    ("level2", "name", "description", "target"),
    [
        ("时效指标", "及时率", "维稳资金支付完成率", "2024年12月底前支出"),
        ("时效指标", "资金拨付及时率", "资金拨付及时率", "100%"),
        ("质量指标", "正常使用率", "账号正常使用率", "≥90%"),
        ("质量指标", "设备使用率", "设备使用率", "≥90%"),
    ],
)
def test_execution_rate_leaves_timeliness_and_non_money_rates(
    level2: str, name: str, description: str, target: str
) -> None:
    assert (
        found(with_row((OUT, level2, name, description, target)), "execution-rate-indicator") == []
    )


@pytest.mark.parametrize(
    ("name", "description"),
    [("完成率", "工作完成率"), ("保障正常办公", "保障正常办公运转"), ("完成工作任务", "")],
)
def test_vague_indicator(name: str, description: str) -> None:
    assert at(with_row((B, "社会效益指标", name, description, "≥90%")), "vague-indicator") == [
        (7, "warning")
    ]


@pytest.mark.parametrize(
    ("name", "description"),
    [
        ("完成率", "按规定时间完成工作占比率"),
        ("案件办结率", "矛盾纠纷案件办结率"),
        ("工作完成率", "宣传活动按计划完成比例"),
    ],
)
def test_specific_indicators_are_not_vague(name: str, description: str) -> None:
    assert found(with_row((B, "社会效益指标", name, description, "≥90%")), "vague-indicator") == []


def test_vague_list_is_configurable() -> None:
    plan = with_row((B, "社会效益指标", "工作成效", "工作成效", "≥90%"))
    assert found(plan, "vague-indicator") == []
    config = parse_config({"words": {"vague_extra": ["工作成效"]}})
    assert at(plan, "vague-indicator", config) == [(7, "warning")]


def test_subsidy_paid_out_to_beneficiaries_is_an_output() -> None:
    plan = with_row((OUT, "质量指标", "补贴资金兑付率", "惠农补贴资金兑付到户率", "100%"))
    assert found(plan, "execution-rate-indicator") == []
