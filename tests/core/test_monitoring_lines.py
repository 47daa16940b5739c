"""The lines and lamps of monitoring (M7–M10): worked cases and their laws."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.model import SpendingPoint
from jixiao.core.monitoring.lamps import budget_lamp, indicator_lamp, meets_target, qualitative_lamp
from jixiao.core.monitoring.lines import forecast, plan_line, quantize, rate_text, time_progress
from jixiao.core.monitoring.settings import MonitorSettings

SEED_PLAN = [SpendingPoint(3, Decimal(25)), SpendingPoint(6, Decimal(50)),
             SpendingPoint(10, Decimal(75)), SpendingPoint(12, Decimal(100))]  # fmt: skip
DEFAULT = MonitorSettings()


def test_time_progress_is_n_twelfths() -> None:
    assert rate_text(time_progress(3)) == "0.2500"
    assert rate_text(time_progress(6)) == "0.5000"
    assert rate_text(time_progress(10)) == "0.8333"
    assert time_progress(12) == 1


def test_plan_line_interpolates_between_listed_months_from_zero() -> None:
    assert plan_line(SEED_PLAN, 8) == Fraction(5, 8)  # 62.5 %, M8's worked case
    assert plan_line(SEED_PLAN, 1) == Fraction(25, 300)  # 0 → 25 % over three months
    assert plan_line(SEED_PLAN, 3) == Fraction(1, 4)
    assert plan_line(SEED_PLAN, 11) == Fraction(7, 8)
    assert plan_line(SEED_PLAN, 12) == 1


def test_plan_line_after_the_last_listed_month_stays_and_without_percent_is_none() -> None:
    short = [SpendingPoint(6, Decimal(40)), SpendingPoint(9, Decimal(70))]
    assert plan_line(short, 11) == Fraction(7, 10)
    assert plan_line([SpendingPoint(6, None)], 8) is None
    assert plan_line([], 8) is None


def test_m9_worked_case_time_ratio_72_yellow_plan_ratio_80_green() -> None:
    execution = Fraction(60, 100)
    n = 10
    time_ratio = execution / time_progress(n) * 100
    plan_ratio = execution / Fraction(75, 100) * 100
    assert time_ratio == 72
    assert budget_lamp(time_ratio, DEFAULT) == "yellow"
    assert plan_ratio == 80
    assert budget_lamp(plan_ratio, DEFAULT) == "green"


def test_a_ratio_of_exactly_60_is_yellow_and_just_below_is_red() -> None:
    # execution 50 % at the end of October: 0.5 ÷ (10/12) × 100 = 60 exactly, a ratio a
    # rounded decimal N/12 would put a hair below 60.
    ratio = Fraction(1, 2) / time_progress(10) * 100
    assert ratio == 60
    assert budget_lamp(ratio, DEFAULT) == "yellow"
    assert budget_lamp(Fraction(5999, 100), DEFAULT) == "red"
    assert budget_lamp(Fraction(7999, 100), DEFAULT) == "yellow"
    assert budget_lamp(Fraction(80), DEFAULT) == "green"


@given(st.fractions(min_value=0, max_value=300), st.fractions(min_value=0, max_value=300))
def test_budget_lamp_is_monotone_in_the_ratio(a: Fraction, b: Fraction) -> None:
    order = ("red", "yellow", "green")
    low, high = sorted((a, b))
    assert order.index(budget_lamp(low, DEFAULT)) <= order.index(budget_lamp(high, DEFAULT))


@given(
    st.lists(
        st.tuples(st.integers(1, 12), st.integers(0, 100)),
        min_size=1,
        max_size=6,
        unique_by=lambda t: t[0],
    ),
    st.integers(1, 12),
)
def test_plan_line_passes_through_listed_points_and_is_monotone_for_a_monotone_plan(
    points: list[tuple[int, int]], month: int
) -> None:
    pts = sorted(points)
    percents = sorted(p for _, p in pts)  # a cumulative plan never decreases
    plan = [SpendingPoint(m, Decimal(p)) for (m, _), p in zip(pts, percents, strict=True)]
    for sp in plan:
        assert plan_line(plan, sp.month) == Fraction(sp.percent or 0) / 100
    if month < 12:
        assert plan_line(plan, month) <= plan_line(plan, month + 1)  # type: ignore[operator]


def test_forecast_keeps_the_pace_against_the_plan_within_executed_and_budget() -> None:
    # 30 of 96 spent at month 8, plan 62.5 %: pace 0.48 of the plan → 48.
    assert forecast(Decimal(30), Decimal(96), Fraction(5, 8), Fraction(1)) == 48
    # ahead of plan: capped at the budget
    assert forecast(Decimal(90), Decimal(96), Fraction(5, 8), Fraction(1)) == 96
    # nothing due yet: the plan is assumed to hold
    assert forecast(Decimal(0), Decimal(96), Fraction(0), Fraction(1)) == 96
    # already above the budget: never below what was spent
    assert forecast(Decimal(100), Decimal(96), Fraction(5, 8), Fraction(1)) == 100


def test_quantize_rounds_half_away_from_zero() -> None:
    assert str(quantize(Fraction(76875, 1000), 2)) == "76.88"
    assert str(quantize(Fraction(-1, 8), 2)) == "-0.13"
    assert str(quantize(Fraction(0), 4)) == "0.0000"
    assert str(quantize(Fraction(2, 3), 4)) == "0.6667"


def test_qualitative_lamp_uses_the_longest_phrase_first() -> None:
    assert qualitative_lamp("达成年度指标", DEFAULT) == "green"
    assert qualitative_lamp("部分达成年度指标并具有一定效果", DEFAULT) == "yellow"
    assert qualitative_lamp("未达成年度指标且效果较差", DEFAULT) == "red"
    assert qualitative_lamp("未达成年度指标", DEFAULT) is None  # not the green phrase
    assert qualitative_lamp("291条", DEFAULT) is None


@pytest.mark.parametrize(
    ("target", "value", "expected"),
    [
        ("≥360天", "364天", True),
        ("≥360天", "350天", False),
        ("≥99%", "0.995", True),  # a fraction read as a percent
        ("≤4万元", "3.8万元", True),
        ("=100%", "85.71%", False),
        ("291条", "291条", None),  # no operator: not compared
        ("2024年12月底前", "2024年9月", None),
        ("≥95%", "达成年度指标", None),
        ("≥360天", "364次", None),  # different units
    ],
)
def test_meets_target(target: str, value: str, expected: bool | None) -> None:
    assert meets_target(target, value) is expected


def test_indicator_lamp_shows_the_worst_signal() -> None:
    assert indicator_lamp("≥360天", "242天", "364天", "确定能", DEFAULT) == "green"
    assert indicator_lamp("≥360天", "242天", "350天", "确定能", DEFAULT) == "red"
    assert indicator_lamp("≥360天", None, "364天", "有可能", DEFAULT) == "yellow"
    assert (
        indicator_lamp("逐步提高", "部分达成年度指标并具有一定效果", None, None, DEFAULT)
        == "yellow"
    )
    assert indicator_lamp("≥360天", None, None, None, DEFAULT) is None
