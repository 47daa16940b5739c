"""Money and decimals: one constructor and the display formats, so nothing touches floats.

Amounts are ``Decimal`` everywhere. ``parse_amount`` accepts what people type or
publish ("96", "96.00", "1,234.50", "96万元", "４.００"). Display goes through four
functions and nowhere else: ``format_wanyuan`` (money in 万元, two decimals),
``format_amount`` (an amount in its own unit as an input shows it: at least two decimals),
``decimal_text`` (any decimal with the digits it was written with, never in exponent
form) and ``plain_decimal`` (a database column's fixed scale dropped: 96.000000 → 96).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "MAX_MAGNITUDE",
    "TEN_THOUSAND",
    "MoneyError",
    "bounded",
    "decimal_text",
    "format_amount",
    "format_wanyuan",
    "parse_amount",
    "plain_decimal",
    "to_decimal",
    "to_yuan",
]

TEN_THOUSAND = Decimal(10000)
#: No amount, percent, point or score we read is this large (10¹⁵ 万元 is a thousand
#: times the world's GDP); anything beyond is a typo or an attack, refused at the border.
MAX_MAGNITUDE = Decimal("1e15")
#: Decimals beyond this are noise (and "0E-1000000" would print a million zeros).
_MIN_EXPONENT = -12

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
_AMOUNT_RE = re.compile(r"^\s*(-?[\d,]*\.?\d+)\s*(万元|万|元)?\s*$")


class MoneyError(ValueError):
    """Text that should be an amount but is not one."""


def bounded(value: Decimal, text: object = None) -> Decimal:
    """``value`` if it is a finite number of sane size and precision, else ``MoneyError``
    saying why (every reader passes its numbers through here: NaN, Infinity and 1e30
    would otherwise crash the scorer and the money checks far from the input)."""
    shown = value if text is None else text
    if not value.is_finite():
        raise MoneyError(f"不是有限的数值：“{shown}”")
    if value != 0 and abs(value) >= MAX_MAGNITUDE:
        raise MoneyError(f"数值过大：“{shown}”（绝对值应小于 10 的 15 次方）")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < _MIN_EXPONENT:
        raise MoneyError(f"小数位过多：“{shown}”（最多 {-_MIN_EXPONENT} 位）")
    return value


def parse_amount(text: str | int | Decimal | None) -> Decimal | None:
    """Return the amount written in ``text``; blank means absent (``None``).

    The unit, if written, is dropped: callers know the document's ``money_unit``.
    Raises ``MoneyError`` (with the offending text) when the text is not an amount.
    """
    if text is None:
        return None
    if isinstance(text, Decimal):
        return bounded(text)
    if isinstance(text, int):
        return _from_int(text)
    s = text.translate(_FULLWIDTH).strip()
    if not s or s in {"-", "—", "/", "／"}:
        return None
    m = _AMOUNT_RE.match(s)
    if not m:
        raise MoneyError(f"不是金额：“{text}”")
    digits = m.group(1).replace(",", "")
    if len(digits) > 40:
        raise MoneyError(f"数值过大或小数位过多：“{text[:40]}…”")
    try:
        return bounded(Decimal(digits), text)
    except InvalidOperation as exc:  # pragma: no cover - regex already restricts
        raise MoneyError(f"不是金额：“{text}”") from exc


def _from_int(value: int) -> Decimal:
    # A 5,000-digit int is an attack; compare before converting (int → str is quadratic).
    if abs(value) >= MAX_MAGNITUDE:
        raise MoneyError("数值过大（绝对值应小于 10 的 15 次方）")
    return Decimal(value)


def to_decimal(value: object) -> Decimal | None:
    """Convert a JSON/YAML scalar to ``Decimal`` without passing through float text loss.

    Strings are taken as written ("96.00" keeps its two decimals); a float that slipped
    in from a hand-written file is converted through its shortest repr.
    """
    if value is None:
        return None
    if isinstance(value, Decimal):
        return bounded(value)
    if isinstance(value, bool):
        raise MoneyError(f"不是数值：{value!r}")
    if isinstance(value, int):
        return _from_int(value)
    if isinstance(value, float):
        return bounded(Decimal(repr(value)), repr(value))
    if isinstance(value, str):
        return parse_amount(value)
    raise MoneyError(f"不是数值：{value!r}")


def to_yuan(amount: Decimal, money_unit: str | None) -> Decimal:
    """Convert an amount in ``money_unit`` (万元 or 元) to 元."""
    return amount * TEN_THOUSAND if money_unit == "万元" else amount


def format_wanyuan(amount: Decimal | None, money_unit: str | None = "万元") -> str:
    """Display an amount in 万元 with two decimals ("96.00"); absent → "—"."""
    if amount is None:
        return "—"
    if money_unit == "元":
        amount = amount / TEN_THOUSAND
    return str(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def decimal_text(value: Decimal) -> str:
    """A decimal as written ("96.00", "0.5"), never in exponent form ("1E+2" → "100")."""
    return format(value, "f")


def plain_decimal(value: Decimal) -> Decimal:
    """``value`` without trailing zeros, never in exponent form (96.000000 → 96, 1E+2 → 100)."""
    return Decimal(format(value.normalize(), "f"))


def format_amount(value: Decimal | None) -> str:
    """An amount as an input field shows it: at least two decimals, none lost (96 → "96.00",
    1.005 → "1.005"); absent → ""."""
    if value is None:
        return ""
    plain = plain_decimal(value)
    exponent = plain.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent > -2:
        plain = plain.quantize(Decimal("0.01"))
    return format(plain, "f")
