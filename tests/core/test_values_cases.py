"""Published values the value grammar once got wrong, with what they mean."""

from __future__ import annotations

from typing import Any

import pytest

from jixiao.core.values import parse_value

CASES: list[tuple[str, dict[str, Any]]] = [
    ("24小时内", {"kind": "quantity", "op": "≤", "number": "24", "unit": "小时", "date": None}),
    ("30天内", {"kind": "quantity", "op": "≤", "number": "30", "unit": "天", "date": None}),
    ("100%合格", {"kind": "quantity", "op": None, "number": "100", "unit": "%", "date": None}),
    ("≥95%达标", {"kind": "quantity", "op": "≥", "number": "95", "unit": "%", "date": None}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_value_cases(text: str, expected: dict[str, Any]) -> None:
    assert parse_value(text).to_dict() == expected
