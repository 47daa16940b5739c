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
    "TEN_THOUSAND",
    "MoneyError",
    "decimal_text",
    "format_amount",
    "format_wanyuan",
    "parse_amount",
    "plain_decimal",
    "to_decimal",
    "to_yuan",
]

TEN_THOUSAND = Decimal(10000)

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
_AMOUNT_RE = re.compile(r"^\s*(-?[\d,]*\.?\d+)\s*(万元|万|元)?\s*$")


class MoneyError(ValueError):
    """Text that should be an amount but is not one."""


def parse_amount(text: str | int | Decimal | None) -> Decimal | None:
    """Return the amount written in ``text``; blank means absent (``None``).

    The unit, if written, is dropped: callers know the document's ``money_unit``.
    Raises ``MoneyError`` (with the offending text) when the text is not an amount.
    """
    if text is None:
        return None
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int):
        return Decimal(text)
    s = text.translate(_FULLWIDTH).strip()
    if not s or s in {"-", "—", "/", "／"}:
        return None
    m = _AMOUNT_RE.match(s)
    if not m:
        raise MoneyError(f"不是金额：“{text}”")
    try:
        return Decimal(m.group(1).replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - regex already restricts
        raise MoneyError(f"不是金额：“{text}”") from exc


def to_decimal(value: object) -> Decimal | None:
    """Convert a JSON/YAML scalar to ``Decimal`` without passing through float text loss.

    Strings are taken as written ("96.00" keeps its two decimals); a float that slipped
    in from a hand-written file is converted through its shortest repr.
    """
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise MoneyError(f"不是数值：{value!r}")
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
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
