"""Money rules: cost-direction, cost-exceeds-budget, budget-sum, spending-plan."""

from __future__ import annotations

import pytest

from tests.core.checks_support import SOUND, at, found, plan_of, serious

C = ("产出指标", "成本指标")


def cost(
    target: str, name: str = "项目成本", description: str = "项目总成本"
) -> list[tuple[str, str, str, str, str]]:
    return [r for r in SOUND if r[1] != "成本指标"] + [(*C, name, description, target)]


@pytest.mark.parametrize(
    ("target", "fix"), [("≥96万元", "改为 ≤96万元"), (">4万元", "改为 ≤4万元")]
)
def test_cost_written_as_a_floor_is_an_error(target: str, fix: str) -> None:
    [f] = found(plan_of(cost(target)), "cost-direction")
    assert (f.severity, f.suggestion) == ("error", fix)
    assert f"“{target}”" in f.message


@pytest.mark.parametrize("target", ["4万元", "30 万元", "=6万元", "参照政府采购成本控制"])
def test_cost_without_cap_is_a_warning(target: str) -> None:
    assert [s for _, s in at(plan_of(cost(target)), "cost-direction")] == ["warning"]


@pytest.mark.parametrize("target", ["≤4万元", "≤ 30 万元", "<5万元", "≤1600元/亩"])
def test_capped_costs_are_sound(target: str) -> None:
    assert serious(plan_of(cost(target))) == []


@pytest.mark.parametrize(
    ("target", "name"), [("≥5%", "成本节约率"), ("100", "成本控制率"), ("100%", "政府采购率")]
)
def test_rates_under_cost_are_not_amounts(target: str, name: str) -> None:
    assert found(plan_of(cost(target, name, name)), "cost-direction") == []


def test_cost_above_budget_with_unit_conversion() -> None:
    [f] = found(plan_of(cost("≤1000000元")), "cost-exceeds-budget")  # 100万元 > 96万元
    assert (f.severity, f.indicator) == ("error", 6)
    assert "96.00万元" in f.message
    assert found(plan_of(cost("≤960000元")), "cost-exceeds-budget") == []
    assert found(plan_of(cost("≤96万元")), "cost-exceeds-budget") == []


def test_budget_in_yuan() -> None:
    plan = plan_of(cost("≤1万元"), budget=("5000", "5000", None), money_unit="元")
    assert at(plan, "cost-exceeds-budget") == [(6, "error")]


def test_per_unit_costs_are_not_compared_with_the_budget() -> None:
    assert (
        found(plan_of(cost("≤1600元/亩", "亩均成本", "每亩补助标准")), "cost-exceeds-budget") == []
    )
    assert (
        found(
            plan_of(cost("≤500元", "人均培训成本", "人均培训成本"), budget=("0.01", "0.01", None)),
            "cost-exceeds-budget",
        )
        == []
    )


@pytest.mark.parametrize(
    ("budget", "bad"),
    [
        (("96.00", "96.00", None), False),
        (("96.00", "90.00", "6.00"), False),
        (("96.00", "90.00", None), True),
        (("96.00", "90.00", "5.00"), True),
        (("96.00", None, None), False),  # no split published
    ],
)
def test_budget_sum(budget: tuple[str | None, str | None, str | None], bad: bool) -> None:
    assert at(plan_of(budget=budget), "budget-sum") == ([(None, "error")] if bad else [])


@pytest.mark.parametrize(
    ("plan", "what"),
    [
        ([(3, "25"), (6, "50"), (10, "40"), (12, "100")], "低于"),
        ([(3, "25"), (6, "50"), (10, "75"), (12, "90")], "未达到100%"),
        ([(3, "25"), (6, "50"), (10, "75"), (12, "110")], "超过100%"),
    ],
)
def test_spending_plan_errors(plan: list[tuple[int, str]], what: str) -> None:
    [f] = found(plan_of(spending=plan), "spending-plan")
    assert (f.severity, f.indicator) == ("error", None)
    assert what in f.message


@pytest.mark.parametrize(
    "plan",
    [[(3, "25"), (6, "50"), (10, "70"), (12, "100")], [(3, "0"), (6, "0"), (10, "0"), (12, "100")]],
)
def test_spending_plan_below_linear_pace_is_no_defect(plan: list[tuple[int, str]]) -> None:
    assert found(plan_of(spending=plan), "spending-plan") == []


@pytest.mark.parametrize("target", ["无", "低", "0"])
def test_social_and_environmental_costs_may_be_qualitative(target: str) -> None:
    plan = plan_of(
        [
            *cost("≤96万元"),
            ("成本指标", "生态环境成本指标", "环境影响", "对生态环境的负面影响", target),
        ]
    )
    assert found(plan, "cost-direction") == []


def test_cost_direction_is_a_pure_function_of_the_row() -> None:
    from jixiao.core.checks.base import Context, indicator_facts, matchers
    from jixiao.core.checks.money import check_cost_direction
    from jixiao.core.config import CheckConfig
    from jixiao.core.model import Indicator

    m = matchers(CheckConfig())
    ctx = Context(CheckConfig(), m)
    row = Indicator(level1="产出指标", level2="成本指标", name="项目成本", target="≥96万元")
    hit = check_cost_direction(indicator_facts(4, row, m), ctx)
    assert hit is not None
    assert (hit.variant, hit.suggestion) == ("floor", "改为 ≤96万元")
    assert hit.params["target"] == "≥96万元"
    sound = Indicator(level1="产出指标", level2="成本指标", name="项目成本", target="≤96万元")
    assert check_cost_direction(indicator_facts(4, sound, m), ctx) is None
