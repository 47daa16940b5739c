"""The scorer: every formula of docs/scoring.md#scoring-rules on hand-made tables (tests/data/selfeval-*)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.model import SelfEvaluation
from jixiao.core.readers import read_document
from jixiao.core.scoring import score_selfeval
from jixiao.core.scoring.policy import DEFAULT_POLICY, Policy, policy_from_overrides
from jixiao.core.scoring.scorer import compute_scores, parse_actual
from jixiao.core.values import parse_value

DATA = Path(__file__).resolve().parent.parent / "data"


def load(name: str) -> SelfEvaluation:
    doc = read_document(DATA / name).document
    assert isinstance(doc, SelfEvaluation)
    return doc


def one(target: str | None, actual: str | None, points: str = "10", **kw: Any) -> SelfEvaluation:
    """A one-indicator self-evaluation (execution left out: no funds)."""
    ind = {
        "level1": "产出指标",
        "level2": kw.pop("level2", "数量指标"),
        "name": "指标",
        "target": target,
        "actual": actual,
        "points": points,
        **kw,
    }
    return SelfEvaluation.from_dict(
        {"format": "jixiao.selfeval/1", "year": 2024, "indicators": [ind]}
    )


def score_of(doc: SelfEvaluation, policy: Policy = DEFAULT_POLICY) -> str:
    s = compute_scores(doc, policy).indicators[0].score
    return str(s)


def test_formulas_table_scores_by_hand() -> None:
    r = compute_scores(load("selfeval-formulas.yaml"))
    got = [None if i.score is None else str(i.score) for i in r.indicators]
    assert got == [
        "8.62",  # S5: 37.24/43.2×10
        "8.00",  # S6 ratio: 4/5×10
        "5.00",  # 38000元 = 3.8万元 ≤ 4万元
        "0.00",  # S7: =0, actual 1
        "5.00",  # S8: 2024-11-30 ≤ 2024-12-31
        "3.50",  # S8 late → 部分达成 70% of 5
        "10.00",  # year-less 12月底前 resolved with the document year
        "9.80",  # S7 A>0 as positive: 98/100×10
        "10.00",  # 达成预期指标 → 达成, full points
        "3.50",  # 部分达成 → 70% of 5
        None,  # 不适用
        "10.00",  # "95" takes the target's %: 95 ≥ 90
    ]
    assert str(r.execution.score) == "9.50"
    assert str(r.execution.rate) == "0.95"
    # S12: (40.12 + 23.3 + 10 + 9.5) × 100 ÷ 95 = 87.2842…
    assert r.rescaled
    assert str(r.total) == "87.28"
    assert r.grade == "良"


def test_explanations_say_how() -> None:
    r = compute_scores(load("selfeval-formulas.yaml"))
    ex = [i.explanation for i in r.indicators]
    assert ex[0] == "37.24/43.2×10 = 8.62"
    assert "38000元 = 3.8万元" in ex[2]
    assert "晚于期限 2024-06-30" in ex[5]
    assert "2024-12-20" in ex[6]
    assert "达成" in ex[8]
    assert ex[10] == "不适用，不计分"
    assert "执行率 95/100 = 95%" in r.execution.explanation


def test_linear_reverse_policy_s6() -> None:
    linear = policy_from_overrides({"reverse_formula": "linear"})
    assert score_of(one("≤4万元", "5万元"), linear) == "7.50"  # 10×(1−1/4)
    assert score_of(one("≤4万元", "8万元"), linear) == "0.00"  # B ≥ 2A
    assert score_of(one("≤4万元", "8万元")) == "5.00"  # ratio: 4/8×10
    assert score_of(one("≤4万元", "3万元"), linear) == "10.00"


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("=0", "0", "10.00"),
        ("=0起", "1起", "0.00"),
        ("=0", "-1", "10.00"),  # S7: full if B ≤ 0
        ("=100%", "100%", "10.00"),
        ("=100%", "98%", "9.80"),
        ("=100%", "105%", "10.00"),
    ],
)
def test_equality_s7(target: str, actual: str, expected: str) -> None:
    assert score_of(one(target, actual)) == expected


def test_equality_two_sided_alternative() -> None:
    p = policy_from_overrides({"equality_formula": "two_sided"})
    assert score_of(one("=100%", "105%"), p) == "9.50"
    assert score_of(one("=100%", "95%"), p) == "9.50"


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("≥15个", "6", "8.00"),  # 6/15×20 at 20 points below
        (">15个", "15个", "20.00"),
        ("≥0", "0", "20.00"),
        ("≥15个", "-3", "0.00"),  # S4: never below 0
    ],
)
def test_positive_s5(target: str, actual: str, expected: str) -> None:
    assert score_of(one(target, actual, points="20")) == expected


def test_cap_at_points_off_gives_over_points_scores() -> None:
    uncapped = policy_from_overrides({"cap_at_points": False})
    assert score_of(one("8000", "12767.36", points="20"), uncapped) == "31.92"
    assert score_of(one("8000", "12767.36", points="20")) == "20.00"


def test_units_convert_money_and_refuse_mismatches() -> None:
    assert score_of(one("≥10万元", "80000元")) == "8.00"
    assert score_of(one("≥100000元", "8万元")) == "8.00"
    r = compute_scores(one("≥10个", "8人", published_score="6"))
    assert r.indicators[0].method == "fallback"
    assert str(r.indicators[0].score) == "6.00"
    assert "单位不一致" in r.indicators[0].explanation


def test_a_rate_written_as_a_fraction_is_read_as_percent() -> None:
    r = compute_scores(one("≥90%", "0.95"))
    assert str(r.indicators[0].score) == "10.00"
    assert "0.95按95%计" in r.indicators[0].explanation
    assert score_of(one("≥90%", "0.45")) == "5.00"
    assert score_of(one("≥0.9", "0.45")) == "5.00"  # no %: taken as written


def test_cost_without_operator_in_money_is_a_cap() -> None:
    doc = one("1000元", "1200元", level2="成本指标")
    assert score_of(doc) == "8.33"  # 1000/1200×10
    keep = policy_from_overrides({"unsigned_cost_reverse": False})
    assert score_of(doc, keep) == "10.00"


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("2024年12月底前", "2024年12月31日", "10.00"),
        ("2024年12月底前", "2025年1月", "7.00"),
        ("2024年6月底前", "按时完成", "10.00"),
        ("2024年6月底前", "100%", "10.00"),
        ("2024年6月底前", "80%", "8.00"),
        ("6月底前", "2024年6月15日", "10.00"),
    ],
)
def test_deadlines_s8(target: str, actual: str, expected: str) -> None:
    assert score_of(one(target, actual)) == expected


def test_deadline_missed_grade_is_configurable() -> None:
    p = policy_from_overrides({"deadline_missed_grade": "未达成"})
    assert score_of(one("2024年12月底前", "2025年2月"), p) == "3.00"


@pytest.mark.parametrize(
    ("actual", "grade", "expected"),
    [
        ("达成预期指标", "达成", "10.00"),
        ("达成年度指标", "达成", "10.00"),
        ("有效", "达成", "10.00"),
        ("效果明显", "达成", "10.00"),
        ("部分达成年度指标并具有一定效果", "部分达成", "7.00"),
        ("基本完成", "部分达成", "7.00"),
        ("未达成年度指标且效果较差", "未达成", "3.00"),
        ("未完成", "未达成", "3.00"),
        ("群众生活条件明显改善", "达成", "10.00"),
        ("已达标", "达成", "10.00"),
        ("未实现", "未达成", "3.00"),
        ("不达标", "未达成", "3.00"),
        ("基本实现", "部分达成", "7.00"),
    ],
)
def test_qualitative_phrases_map_to_grades(actual: str, grade: str, expected: str) -> None:
    r = compute_scores(one("逐步提高", actual))
    assert r.indicators[0].grade == grade
    assert str(r.indicators[0].score) == expected


def test_unknown_phrase_keeps_the_published_score_and_says_so() -> None:
    r = compute_scores(one("逐步提高", "正在推进", published_score="9"))
    assert r.indicators[0].method == "fallback"
    assert str(r.indicators[0].score) == "9.00"
    r = compute_scores(one("逐步提高", None))
    assert str(r.indicators[0].score) == "0.00"
    assert "未填实际完成值" in r.indicators[0].explanation


def test_phrase_list_is_configurable() -> None:
    p = policy_from_overrides(
        {"qualitative_phrases": {"达成": ["稳步推进"], "部分达成": [], "未达成": []}}
    )
    assert score_of(one("逐步提高", "稳步推进"), p) == "10.00"


def test_rounding_zero_gives_whole_points() -> None:
    p = policy_from_overrides({"rounding": 0})
    r = compute_scores(load("selfeval-formulas.yaml"), p)
    assert str(r.indicators[0].score) == "9"
    assert str(r.execution.score) == "10"  # 9.5 rounds half up


def test_execution_is_capped_and_configurable() -> None:
    doc = load("selfeval-missing-points.yaml")
    r = compute_scores(doc)
    assert str(r.execution.rate) == "1.04"
    assert str(r.execution.score) == "10.00"
    assert r.execution.points_from_policy
    uncapped = compute_scores(doc, policy_from_overrides({"execution_cap": False}))
    assert str(uncapped.execution.score) == "10.40"


def test_execution_without_funds_is_left_out_and_total_rescaled() -> None:
    doc = one("≥10个", "8个")
    r = compute_scores(doc)
    assert r.execution.score is None
    assert r.rescaled
    assert str(r.total) == "80.00"  # 8 × 100 ÷ 10


def test_missing_points_are_spread_by_level1_and_stated() -> None:
    r = compute_scores(load("selfeval-missing-points.yaml"))
    pts = [str(i.points) for i in r.indicators]
    assert pts == ["20", "20", "10.00", "15.00", "15.00", "10.00"]
    assert [i.points_spread for i in r.indicators] == [False, False, True, True, True, True]
    assert r.points_note is not None
    assert "一级指标" in r.points_note
    assert "效益指标（30−已列0）÷2项 = 15分/项" in r.points_note
    assert str(r.indicators[2].score) == "8.33"  # 1200元 against a 1000元 cap
    assert str(r.total) == "98.33"


def test_missing_points_equal_rule() -> None:
    p = policy_from_overrides({"missing_points": "equal"})
    r = compute_scores(load("selfeval-missing-points.yaml"), p)
    # 100 − 40 given − 10 execution = 50 over 4 rows
    assert [str(i.points) for i in r.indicators][2:] == ["12.50"] * 4
    assert r.points_note is not None
    assert "剩余（100−已列50）÷4项" in r.points_note


def test_not_applicable_marked_in_extra() -> None:
    doc = one("≥10个", "8个", not_applicable=True)
    r = compute_scores(doc)
    assert r.indicators[0].score is None
    assert r.indicators[0].method == "not_applicable"
    assert r.total is None


def test_report_json_follows_format_section_4() -> None:
    r = score_selfeval(load("selfeval-formulas.yaml"))
    d = r.to_dict()
    assert d["policy"] == "mof-2020"
    assert d["execution"] == {
        "rate": "0.9500",
        "points": "10",
        "score": "9.50",
        "explanation": d["execution"]["explanation"],
    }
    first = d["indicators"][0]
    assert (first["index"], first["points"], first["score"]) == (1, "10", "8.62")
    assert d["indicators"][10]["score"] is None
    assert (d["total"], d["grade"]) == ("87.28", "良")
    for f in d["findings"]:
        assert {"rule", "indicator", "published", "computed", "message"} <= set(f)


def test_decimal_throughout() -> None:
    r = compute_scores(load("selfeval-formulas.yaml"))
    for i in r.indicators:
        assert i.score is None or isinstance(i.score, Decimal)
    assert isinstance(r.total, Decimal)


@given(st.from_regex(r"\d{1,6}(\.\d{1,3})?%?", fullmatch=True) | st.text(max_size=8))
def test_parse_actual_fast_path_agrees_with_the_grammar(text: str) -> None:
    assert parse_actual(text) == parse_value(text)


@pytest.mark.parametrize("text", ["2019.5", "2024.11", "0735", "98%", "37.24", "1,234", "", None])
def test_parse_actual_known_cases(text: str | None) -> None:
    assert parse_actual(text) == parse_value(text)


def test_typical_table_scores_and_passes_recheck() -> None:
    r = score_selfeval(load("selfeval-typical.yaml"))
    assert [str(i.score) for i in r.indicators] == [
        "14.81",  # 1185/1200×15
        "10.00",  # =0, none happened
        "10.00",
        "5.00",
        "10.00",  # 5元/天 ≤ 5元/天
        "15.00",
        "15.00",  # actual written as the target
        "5.00",
        "4.89",  # 88/90×5
    ]
    assert str(r.execution.score) == "9.80"
    assert (str(r.total), r.grade) == ("99.50", "优")
    assert r.findings == []


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("年底前", "2024年11月", "10.00"),
        ("年底前", "2025年3月", "7.00"),
        ("10月底前", "9月", "10.00"),
    ],
)
def test_year_less_deadlines_take_the_document_year(
    target: str, actual: str, expected: str
) -> None:
    assert score_of(one(target, actual)) == expected
