"""Broken quantities are ``malformed`` with a reason (issue 11 #12); genuine quantities,
deadlines and qualitative text are not. Property-tested with hypothesis."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jixiao.core.values import format_value, parse_value

OPS = ["≥", "≤", ">", "<", "=", ">=", "<=", "＞＝", "≧"]
UNITS = ["%", "‰", "个", "人次", "万元", "元", "件", "天", "小时", "册", "分", ""]
numbers = st.decimals(min_value=0, max_value=Decimal("1e9"), places=2, allow_nan=False).map(
    lambda d: format(d.normalize(), "f")
)
cjk = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=12)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("≥", "只有比较符号“≥”，没有数值"),
        ("%", "只有单位“%”，没有数值"),
        ("≥abc%", "比较符号后应为数值，实为“abc%”"),
        ("≥95%%", "单位重复：“%%”"),
        ("2024年13月底前", "日期不存在：13月"),
        ("≥ %", "比较符号后只有单位“%”，没有数值"),
        ("≤万元", "比较符号后只有单位“万元”，没有数值"),
        ("2024年2月30日前", "日期不存在：2月30日"),
        ("-5万元", "金额为负数：-5万元"),
        ("≤-3.5万元", "金额为负数：-3.5万元"),
        ("10万元万元", "单位重复：“万元万元”"),
    ],
)
def test_the_issues_examples_are_malformed_with_their_reason(text: str, reason: str) -> None:
    v = parse_value(text)
    assert v.kind == "malformed"
    assert v.reason == reason
    assert v.to_dict()["reason"] == reason
    assert format_value(v) == text  # kept as written


@pytest.mark.parametrize(
    "text", ["逐步提高", "达成预期指标", "≥上年水平", "有效", "人人参与", "天天"]
)
def test_genuine_qualitative_text_stays_qualitative(text: str) -> None:
    assert parse_value(text).kind == "qualitative"


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(OPS), numbers, st.sampled_from(UNITS))
def test_an_operator_a_number_and_a_unit_is_a_quantity(op: str, number: str, unit: str) -> None:
    v = parse_value(f"{op}{number}{unit}")
    assert v.kind == "quantity"
    assert v.reason is None


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(OPS),
    st.one_of(
        st.sampled_from(["%", "‰", "万元", "元", "%%", ""]),
        st.from_regex(r"[A-Za-z]{1,5}%?", fullmatch=True),
    ),
    st.sampled_from(["", " "]),
)
def test_an_operator_without_a_number_is_malformed(op: str, rest: str, space: str) -> None:
    v = parse_value(f"{op}{space}{rest}")
    assert v.kind == "malformed", v
    assert v.reason


@settings(max_examples=200, deadline=None)
@given(numbers, st.sampled_from(["%", "‰", "元", "万元", "个", "人", "次"]), st.integers(2, 3))
def test_a_doubled_unit_is_malformed(number: str, unit: str, times: int) -> None:
    v = parse_value(f"≥{number}{unit * times}")
    assert v.kind == "malformed"
    assert v.reason == f"单位重复：“{unit * times}”"


@settings(max_examples=200, deadline=None)
@given(st.integers(1900, 2200), st.integers(1, 40), st.integers(1, 40))
def test_a_date_is_a_deadline_exactly_when_it_exists(year: int, month: int, day: int) -> None:
    import calendar

    v = parse_value(f"{year}年{month}月{day}日前")
    exists = 1 <= month <= 12 and day <= calendar.monthrange(year, month)[1]
    assert v.kind == ("deadline" if exists else "malformed")


@settings(max_examples=200, deadline=None)
@given(numbers.filter(lambda n: Decimal(n) > 0), st.sampled_from(["元", "万元", "千元", "亿元"]))
def test_a_negative_amount_of_money_is_malformed_a_positive_one_is_not(
    number: str, unit: str
) -> None:
    assert parse_value(f"≤{number}{unit}").kind == "quantity"
    assert parse_value(f"≤-{number}{unit}").kind == "malformed"


@settings(max_examples=400, deadline=None)
@given(cjk)
def test_words_without_digits_or_symbols_are_never_malformed(text: str) -> None:
    assume(text not in {"元", "万元", "千元", "亿元"} and set(text) - {"元", "万", "千", "亿"})
    assert parse_value(text).kind != "malformed"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_malformed_is_stable_and_written_back_as_typed(text: str) -> None:
    v = parse_value(text)
    if v.kind == "malformed":
        assert v.reason
        assert parse_value(format_value(v)) == v
