"""T23 below-last-actual: a new lower bound below last year's actual (适当性)."""

from __future__ import annotations

import pytest

from jixiao.core.checks import check_plan
from jixiao.core.model import Plan


def _plan(target: str, previous_actual: str | None, level2: str = "数量指标") -> Plan:
    extra = (
        {}
        if previous_actual is None
        else {"previous_actual": previous_actual, "previous_target": "≥280条"}
    )
    return Plan.from_dict(
        {
            "format": "jixiao.plan/1",
            "year": 2025,
            "projects": [
                {
                    "code": "P1",
                    "name": "线路租赁",
                    "indicators": [
                        {
                            "level1": "产出指标",
                            "level2": level2,
                            "name": "租用线路",
                            "target": target,
                            **extra,
                        }
                    ],
                }
            ],
        }
    )


def _hits(plan: Plan) -> list[str]:
    return [f.message for f in check_plan(plan) if f.rule == "below-last-actual"]


@pytest.mark.parametrize(
    ("target", "actual", "fires"),
    [
        ("≥280条", "291条", True),
        ("≥280条", "291", True),  # a bare actual takes the target's unit
        ("280条", "291条", True),  # no operator: a lower bound
        ("≥291条", "291条", False),
        ("≥300条", "291条", False),
        ("≤280条", "291条", False),  # an upper bound is not a target to exceed
        ("≥95%", "97%", True),
        ("≥95%", "97条", False),  # units differ: not comparable
        ("逐步提高", "达成年度指标", False),
        ("≥280条", "", False),
    ],
)
def test_below_last_actual(target: str, actual: str, fires: bool) -> None:
    hits = _hits(_plan(target, actual))
    assert bool(hits) is fires
    if fires:
        assert hits == [f"“租用线路”的指标值“{target}”低于上年实际完成值“{actual}”"]


def test_plans_without_last_year_are_not_checked() -> None:
    assert _hits(_plan("≥1条", None)) == []


def test_warning_by_default() -> None:
    [f] = [f for f in check_plan(_plan("≥280条", "291条")) if f.rule == "below-last-actual"]
    assert f.severity == "warning"
    assert f.indicator == 1
    assert "适当性" in f.basis
