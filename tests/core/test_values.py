"""The value grammar: every published spelling seen in real tables, and two properties."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.values import (
    ParsedValue,
    format_value,
    parse_columns,
    parse_value,
    quantity_value,
)


def q(op: str | None, number: str, unit: str | None) -> dict[str, object]:
    return {"kind": "quantity", "op": op, "number": number, "unit": unit, "date": None}


EMPTYISH = {"op": None, "number": None, "unit": None, "date": None}


def dl(date: str) -> dict[str, object]:
    return {"kind": "deadline", "op": "≤", "number": None, "unit": None, "date": date}


QUAL: dict[str, object] = {
    "kind": "qualitative",
    "op": None,
    "number": None,
    "unit": None,
    "date": None,
}
EMPTY: dict[str, object] = {"kind": "empty", "op": None, "number": None, "unit": None, "date": None}

CASES: list[tuple[str | None, dict[str, object]]] = [
    # Forms named in the foundation issue.
    ("≥95%", q("≥", "95", "%")),
    ("≥ 95 %", q("≥", "95", "%")),
    (">=21933人", q("≥", "21933", "人")),
    ("≧735人次", q("≥", "735", "人次")),
    ("═100%", q("=", "100", "%")),
    ("＞92%", q(">", "92", "%")),
    ("≤4 万元", q("≤", "4", "万元")),
    ("291 条", q(None, "291", "条")),
    ("4万元", q(None, "4", "万元")),
    ("≥0.97比例", q("≥", "0.97", "比例")),
    ("400元/人、天", q(None, "400", "元/人、天")),
    ("1 人/年", q(None, "1", "人/年")),
    ("≥100百分比", q("≥", "100", "%")),
    ("2024年12月底前", dl("2024-12-31")),
    ("2024年 12月底完成支出", dl("2024-12-31")),
    ("12月底之前", dl("--12-31")),
    ("2021年1月-12月", dl("2021-12-31")),
    ("逐步提高", QUAL),
    ("逐年增长", QUAL),
    ("有效", QUAL),
    ("达成预期指标", QUAL),
    ("/", EMPTY),
    ("—", EMPTY),
    ("", EMPTY),
    ("   ", EMPTY),
    (None, EMPTY),
    # Every target value of the model document (seed).
    ("≥96万元", q("≥", "96", "万元")),
    ("≥100 页", q("≥", "100", "页")),
    ("2024年 12月底", dl("2024-12-31")),
    ("2024年12月底前支出", dl("2024-12-31")),
    ("2024年12月底前完成支出", dl("2024-12-31")),
    ("≥50册", q("≥", "50", "册")),
    ("1万元", q(None, "1", "万元")),
    ("≥360 天", q("≥", "360", "天")),
    ("6万元", q(None, "6", "万元")),
    ("≥200 册", q("≥", "200", "册")),
    ("≥5.24 万元", q("≥", "5.24", "万元")),
    ("30 万元", q(None, "30", "万元")),
    ("≥98%", q("≥", "98", "%")),
    ("≥20%", q("≥", "20", "%")),
    ("≥2 万元", q("≥", "2", "万元")),
    ("≥90", q("≥", "90", None)),
    # Word operators and suffixes.
    ("不低于95%", q("≥", "95", "%")),
    ("不少于360天", q("≥", "360", "天")),
    ("95%以上", q("≥", "95", "%")),
    ("不超过30万元", q("≤", "30", "万元")),
    ("5万元以内", q("≤", "5", "万元")),
    ("21,933人", q(None, "21933", "人")),
    # Other dates and durations.
    ("2024-12-31", dl("2024-12-31")),
    ("2024年12月31日前", dl("2024-12-31")),
    ("年底前", dl("--12-31")),
    ("2024年6月上旬", dl("2024-06-10")),
    ("12个月", q(None, "12", "个月")),
    ("≥20年", q("≥", "20", "年")),
    ("2024年2月30日前", {**EMPTYISH, "kind": "malformed", "reason": "日期不存在：2月30日"}),
    ("较上年提高5%", QUAL),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_published_forms(text: str | None, expected: dict[str, object]) -> None:
    assert parse_value(text).to_dict() == expected


def test_unknown_forms_keep_their_text() -> None:
    v = parse_value(" 按上级要求完成 ")
    assert v.kind == "qualitative"
    assert v.text == "按上级要求完成"


def test_separate_columns_are_one_value() -> None:
    assert parse_columns("≧", "735", "人次").to_dict() == q("≥", "735", "人次")
    assert parse_columns("≤", "4", "万元").to_dict() == q("≤", "4", "万元")
    assert parse_columns(None, "291", "条").to_dict() == q(None, "291", "条")


def test_number_is_decimal() -> None:
    assert parse_value("≥5.24万元").number == Decimal("5.24")


def test_year_is_resolved_from_the_document() -> None:
    v = parse_value("12月底之前")
    assert v.resolved_date(2024) == "2024-12-31"
    assert v.resolved_date(None) is None
    assert parse_value("2023年6月底").resolved_date(2024) == "2023-06-30"


def _same(a: ParsedValue, b: ParsedValue) -> bool:
    return a.to_dict() == b.to_dict() and (a.kind != "qualitative" or a.text == b.text)


# Text built from the alphabet of published values, so that the properties are tested
# on inputs that reach every branch, not only on random unicode.
_ALPHABET = st.sampled_from(
    [
        *"0123456789.,%年月日底前内以上下-~至≥≤=<>≧＞═％ 万元条人次天页册个率提高有效达成/—",
        *("不低于", "不超过", "百分比", "以内", "之前", "完成支出", "人/年", "元/人、天"),
    ]
)
GRAMMAR_TEXT = st.lists(_ALPHABET, max_size=12).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.one_of(GRAMMAR_TEXT, st.text(max_size=30)))
def test_format_then_parse_gives_the_same_value(text: str) -> None:
    value = parse_value(text)
    assert _same(parse_value(format_value(value)), value)


@settings(max_examples=800, deadline=None)
@given(st.one_of(GRAMMAR_TEXT, st.text(max_size=60)))
def test_no_input_makes_it_raise(text: str) -> None:
    value = parse_value(text)
    assert value.kind in {"quantity", "deadline", "qualitative", "empty", "malformed"}
    assert (value.kind == "malformed") == (value.reason is not None)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["≥", "≤", "=", ">", "<", None]),
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
    st.sampled_from(["%", "万元", "元", "条", "人次", "天", "册", None]),
)
def test_quantities_parse_to_their_parts(op: str | None, number: Decimal, unit: str | None) -> None:
    value = parse_value(f"{op or ''}{number}{unit or ''}")
    assert (value.kind, value.op, value.number, value.unit) == ("quantity", op, number, unit)


def test_quantity_value_is_the_same_frozen_value() -> None:
    fast = quantity_value("≥", Decimal("95"), "%", "≥95%")
    slow = ParsedValue("quantity", "≥", Decimal("95"), "%", None, "≥95%")
    assert fast == slow
    assert hash(fast) == hash(slow)
    assert repr(fast) == repr(slow)
    assert type(fast) is ParsedValue
    assert fast == parse_value("≥95%")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.unit = "个"  # type: ignore[misc]
