"""复核 (docs/scoring.md R0–R7): findings against published numbers, with their tolerance."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.model import SelfEvaluation
from jixiao.core.readers import read_document
from jixiao.core.scoring import score_selfeval
from jixiao.core.scoring.policy import DEFAULT_POLICY, Policy, policy_from_overrides
from jixiao.core.scoring.recheck import _differs, tolerance_digits

DATA = Path(__file__).resolve().parent.parent / "data"


def load(name: str) -> SelfEvaluation:
    doc = read_document(DATA / name).document
    assert isinstance(doc, SelfEvaluation)
    return doc


def doc(indicators: list[dict[str, Any]], **top: Any) -> SelfEvaluation:
    return SelfEvaluation.from_dict(
        {"format": "jixiao.selfeval/1", "year": 2019, "indicators": indicators, **top}
    )


def rules(d: SelfEvaluation, policy: Policy = DEFAULT_POLICY) -> list[tuple[str, int | None]]:
    return sorted(
        ((f.rule, f.indicator) for f in score_selfeval(d, policy).findings),
        key=lambda x: (x[0], x[1] or 0),
    )


def s5_case(published: str) -> SelfEvaluation:
    """The S5 worked case (廊坊 2019): target 43.2, actual 37.24, 10 points."""
    return doc(
        [
            {
                "level1": "产出指标",
                "level2": "数量指标",
                "name": "工程资金金额",
                "target": "43.2",
                "actual": "37.24",
                "points": "10",
                "published_score": published,
            }
        ]
    )


def test_r1_s5_case_finding_at_two_decimals_none_at_whole_points() -> None:
    strict = policy_from_overrides({"respect_published_precision": False})
    assert ("score-mismatch", 1) in rules(s5_case("9"), strict)
    whole = policy_from_overrides({"rounding": 0})
    assert ("score-mismatch", 1) not in rules(s5_case("9"), whole)


def test_r0_published_precision_decides_the_tolerance() -> None:
    # A published "9" is a whole-point score: 8.62 rounds to 9, no finding by default.
    assert ("score-mismatch", 1) not in rules(s5_case("9"))
    # "9.00" claims two decimals: a finding.
    assert ("score-mismatch", 1) in rules(s5_case("9.00"))
    assert ("score-mismatch", 1) not in rules(s5_case("8.62"))
    assert ("score-mismatch", 1) not in rules(s5_case("8.6"))  # 8.62 → 8.6 at one decimal
    assert ("score-mismatch", 1) in rules(s5_case("8"))


def test_r0_half_unit_boundary() -> None:
    # At two decimals 8.62 vs 8.63 is one unit, more than half a unit: a finding.
    assert ("score-mismatch", 1) in rules(s5_case("8.63"))
    assert ("score-mismatch", 1) in rules(s5_case("8.7"))


def test_mismatch_message_names_both_numbers() -> None:
    f = next(f for f in score_selfeval(s5_case("7")).findings if f.rule == "score-mismatch")
    assert f.message == "工程资金金额：37.24/43.2×10 = 8.62，应得8.62分，公布为7分"
    assert f.extra == {"published": "7", "computed": "8.62"}
    assert f.to_dict()["indicator"] == 1


def test_formulas_table_findings() -> None:
    assert rules(load("selfeval-formulas.yaml")) == [
        ("grade-mismatch", None),  # published 92.55 is 优, published 良
        ("qualitative-band", 10),  # 部分达成 but 4.5 of 5 (band [3, 4))
        ("score-mismatch", 4),  # =0 with one accident: 0, published 5
    ]


def test_linear_policy_changes_r1() -> None:
    # Row 2 (≤4万元, 5万元, published "8"): linear gives 7.5, which is 8 at whole points.
    linear = policy_from_overrides({"reverse_formula": "linear"})
    assert ("score-mismatch", 2) not in rules(load("selfeval-formulas.yaml"), linear)
    strict = policy_from_overrides(
        {"reverse_formula": "linear", "respect_published_precision": False}
    )
    assert ("score-mismatch", 2) in rules(load("selfeval-formulas.yaml"), strict)
    assert ("score-mismatch", 2) not in rules(
        load("selfeval-formulas.yaml"),
        policy_from_overrides({"respect_published_precision": False}),
    )


def test_r5_total_mismatch_and_rescaling() -> None:
    d = load("selfeval-missing-points.yaml")
    found = [f for f in score_selfeval(d).findings if f.rule == "total-mismatch"]
    assert len(found) == 1
    assert found[0].extra["published"] == "88"
    assert found[0].extra["computed"] == "98.00"
    # The formulas table's published total 92.55 is its published scores rescaled (S12).
    assert ("total-mismatch", None) not in rules(load("selfeval-formulas.yaml"))


def test_r5_skips_when_a_score_is_not_published() -> None:
    d = doc(
        [
            {
                "level1": "产出指标",
                "target": "≥1个",
                "actual": "1个",
                "points": "90",
                "published_score": None,
            }
        ],
        execution={"points": "10", "published_score": "10"},
        funds={"annual": "1", "executed": "1"},
        published_total="50",
    )
    assert ("total-mismatch", None) not in rules(d)


def test_r2_execution_score_mismatch() -> None:
    d = doc(
        [],
        funds={"annual": "43.2", "executed": "37.24"},
        execution={"points": "10", "published_score": "10"},
    )
    assert ("execution-score-mismatch", None) in rules(d)
    d = doc(
        [],
        funds={"annual": "43.2", "executed": "37.24"},
        execution={"points": "10", "published_score": "9"},
    )
    assert ("execution-score-mismatch", None) not in rules(d)  # 8.62 at whole points


def test_r3_over_points_for_rows_and_execution() -> None:
    d = doc(
        [
            {
                "level1": "产出指标",
                "target": "≥90%",
                "actual": "100%",
                "points": "10",
                "published_score": "11.1",
            }
        ],
        funds={"annual": "10", "executed": "12"},
        execution={"points": "10", "published_score": "12"},
    )
    got = rules(d)
    assert ("over-points", 1) in got
    assert ("over-points", None) in got
    uncapped = policy_from_overrides({"cap_at_points": False, "execution_cap": False})
    assert not [r for r in rules(d, uncapped) if r[0] == "over-points"]


def test_r4_points_sum_one_finding_listing_every_departure() -> None:
    d = doc(
        [
            {"level1": "产出指标", "target": "≥1", "actual": "1", "points": "40"},
            {"level1": "效益指标", "target": "≥1", "actual": "1", "points": "30"},
            {"level1": "满意度指标", "target": "≥1", "actual": "1", "points": "20"},
        ],
        execution={"points": "10"},
    )
    found = [f for f in score_selfeval(d).findings if f.rule == "points-sum"]
    assert len(found) == 1
    assert "产出指标40分，规则为50分" in found[0].message
    assert "满意度指标20分，规则为10分" in found[0].message
    # S1b-style policy without fixed first levels: only the sum of 100 is checked.
    free = policy_from_overrides({"level1_points": None})
    assert ("points-sum", None) not in rules(d, free)
    d.indicators[0].points = d.indicators[0].points + 10 if d.indicators[0].points else None
    assert ("points-sum", None) in rules(d, free)


def test_r6_qualitative_band_edges() -> None:
    def qual(actual: str, published: str) -> SelfEvaluation:
        return doc(
            [
                {
                    "level1": "效益指标",
                    "target": "逐步提高",
                    "actual": actual,
                    "points": "10",
                    "published_score": published,
                }
            ]
        )

    assert rules(qual("达成预期指标", "8")) == [("points-sum", None)]  # 80% is inside 达成
    assert ("qualitative-band", 1) in rules(qual("达成预期指标", "7.9"))
    assert ("qualitative-band", 1) not in rules(qual("部分达成", "6"))
    assert ("qualitative-band", 1) in rules(qual("部分达成", "8"))  # 80% is outside [60%, 80%)
    assert ("qualitative-band", 1) in rules(qual("未达成", "6"))
    # No mapping → no finding (R6), and no score-mismatch for qualitative rows.
    assert [r for r in rules(qual("正在推进", "3")) if r[0] != "points-sum"] == []


@pytest.mark.parametrize(
    ("total", "grade", "bands", "finding"),
    [
        ("96", "优", None, False),
        ("96", "优", {"优": 80, "良": 70, "中": 60, "差": 0}, False),
        ("85", "良", None, False),
        ("85", "良", {"优": 80, "良": 70, "中": 60, "差": 0}, True),
        ("85", "良好", None, False),
        ("59", "中", None, True),
    ],
)
def test_r7_grade(total: str, grade: str, bands: dict[str, int] | None, finding: bool) -> None:
    policy = policy_from_overrides({"grade_bands": bands}) if bands else DEFAULT_POLICY
    d = doc([], published_total=total, published_grade=grade)
    assert (("grade-mismatch", None) in rules(d, policy)) is finding


def test_not_applicable_rows_are_not_rechecked() -> None:
    d = doc(
        [
            {
                "level1": "产出指标",
                "target": "不适用",
                "actual": "不适用",
                "points": "10",
                "published_score": "3",
            }
        ]
    )
    assert [r for r in rules(d) if r[1] == 1] == []


@pytest.mark.parametrize(
    ("published", "digits"),
    [("9", 0), ("9.0", 1), ("8.62", 2), ("8.625", 2), ("1E+1", 0), ("0.00", 2), ("-1.5", 1)],
)
def test_tolerance_digits_follow_the_published_precision(published: str, digits: int) -> None:
    assert tolerance_digits(DEFAULT_POLICY, Decimal(published)) == digits
    strict = policy_from_overrides({"respect_published_precision": False})
    assert tolerance_digits(strict, Decimal(published)) == 2


def test_r4_absent_first_level_redistributes_s1a() -> None:
    rows = [
        {"level1": "产出指标", "target": "≥1", "actual": "1", "points": "60"},
        {"level1": "效益指标", "target": "≥1", "actual": "1", "points": "30"},
    ]
    d = doc(rows, execution={"points": "10"})
    assert ("points-sum", None) not in rules(d)  # no 满意度 row: its 10 went elsewhere
    keep = policy_from_overrides({"absent_group_redistributes": False})
    assert ("points-sum", None) in rules(d, keep)
    d.indicators[0].points = Decimal(70)  # 110 in all
    assert ("points-sum", None) in rules(d)


@settings(max_examples=500, deadline=None)
@given(
    st.decimals(min_value=-1000, max_value=1000, places=6, allow_nan=False),
    st.integers(min_value=0, max_value=4),
    st.integers(min_value=0, max_value=3),
    st.booleans(),
)
def test_r1_published_equal_to_the_score_is_never_a_finding(
    raw: Decimal, rounding: int, extra_zeros: int, respect: bool
) -> None:
    """recheck skips the tolerance test when the published score equals ours: it is
    within tolerance at the policy's precision and at any coarser one it shows."""
    policy = policy_from_overrides({"rounding": rounding, "respect_published_precision": respect})
    score = raw.quantize(policy.quantum, ROUND_HALF_UP)
    # the same number written with fewer decimals ("9" for 9.00) or more ("8.6200")
    for published in (
        score,
        score.normalize(),
        score.quantize(Decimal(10) ** -(rounding + extra_zeros)),
    ):
        assert published == score
        assert not _differs(published, raw, policy)
