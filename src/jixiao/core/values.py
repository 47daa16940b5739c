"""The value grammar: every published target or actual value in one parsed form.

Published 指标值 are typed by hand and come in many spellings of the same thing
(``≥95%``, ``≥ 95 %``, ``>=95%``, ``≧95%``, ``不低于95%``, ``95%以上``). ``parse_value``
reduces each to a ``ParsedValue`` (docs/formats.md#parsed): a quantity (operator,
number, unit), a deadline (a date, operator ``≤``), qualitative text, empty, or
malformed: a quantity that is broken (an operator or unit with no number, letters where
the number goes, a doubled unit, an impossible date such as 2024年13月底前, a negative
amount of money), with the ``reason`` in Chinese. It never raises: anything else it
does not recognise becomes ``qualitative`` with the text kept, so checks can still
quote it (逐步提高, 达成预期指标 stay qualitative). ``format_value`` writes a parsed value back in a
canonical spelling that parses to the same value.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Literal

__all__ = [
    "Kind",
    "ParsedValue",
    "format_value",
    "normalize_text",
    "parse_columns",
    "parse_value",
    "quantity_value",
]

Kind = Literal["quantity", "deadline", "qualitative", "empty", "malformed"]

# Full-width ASCII (U+FF01..U+FF5E) → ASCII, ideographic space → space, and a few
# look-alikes seen in published tables.
_TRANSLATE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_TRANSLATE.update(
    {
        0x3000: 0x20,  # ideographic space
        0x00A0: 0x20,  # no-break space
        0x2267: ord("≥"),  # ≧
        0x2A7E: ord("≥"),  # ⩾
        0x2266: ord("≤"),  # ≦
        0x2A7D: ord("≤"),  # ⩽
        0x2550: ord("="),  # ═ (box drawing, used as "=")
    }
)

_EMPTY = frozenset({"", "/", "\\", "-", "--", "—", "——", "–", "－", "—-", "N/A", "NA", "无数据"})

_OP_SYMBOL = re.compile(r"^(>=|=>|≥=?|<=|=<|≤=?|==|=|>|<)")
_OP_CANON = {
    ">=": "≥",
    "=>": "≥",
    "≥": "≥",
    "≥=": "≥",
    "<=": "≤",
    "=<": "≤",
    "≤": "≤",
    "≤=": "≤",
    "==": "=",
    "=": "=",
    ">": ">",
    "<": "<",
}
# Word operators before the number, longest first.
_OP_WORDS: tuple[tuple[str, str], ...] = (
    ("大于或等于", "≥"),
    ("大于等于", "≥"),
    ("小于或等于", "≤"),
    ("小于等于", "≤"),
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("不小于", "≥"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("不大于", "≤"),
    ("不多于", "≤"),
    ("控制在", "≤"),
    ("至少", "≥"),
    ("最多", "≤"),
    ("最少", "≥"),
    ("达到", "≥"),
    ("超过", ">"),
    ("高于", ">"),
    ("大于", ">"),
    ("多于", ">"),
    ("低于", "<"),
    ("少于", "<"),
    ("小于", "<"),
    ("等于", "="),
    ("约", ""),
)
# Word operators after the value ("95%以上").
_SUFFIX_OPS: tuple[tuple[str, str], ...] = (
    ("及以上", "≥"),
    ("或以上", "≥"),
    ("以上", "≥"),
    ("及以下", "≤"),
    ("或以下", "≤"),
    ("以下", "≤"),
    ("以内", "≤"),
    ("之内", "≤"),
    ("内", "≤"),  # "24小时内", "30天内"
    ("左右", ""),
    ("（含）", ""),
    ("(含)", ""),
)

_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")

# Units normalised to one spelling; everything else is kept as written (spaces removed).
_UNIT_ALIASES = {"百分比": "%", "%": "%", "百分率": "%", "万 元": "万元", "个百分点": "个百分点"}

# A unit is a short run of letters, CJK, % and the joiners seen in real units
# ("元/人、天", "人/年", "元/㎡", "m³").
_UNIT = re.compile(r"^[%‰A-Za-z\u00b2\u00b3\u33a0-\u33ff\u4e00-\u9fff/、·.*㎡²³]+$")
_MAX_UNIT_LEN = 10
_QUALIFIER = re.compile(r"^[\u4e00-\u9fff]{1,6}$")

_DATE_SEP = re.compile(r"^(\d{4})[.\-/](\d{1,2})(?:[.\-/](\d{1,2}))?")
_YEAR = re.compile(r"^(\d{4})\s*年(度)?")
_MONTH = re.compile(r"^(\d{1,2})\s*(?:月份|月)")
_DAY = re.compile(r"^(\d{1,2})\s*[日号]")
_RANGE_TO = re.compile(r"^(?:-|~|至|到|—|－|–)\s*")
_DEADLINE_TAIL = re.compile(
    r"^(?:底|末|上旬|中旬|下旬|份)?\s*(?:前|之前|以前|止|内|之内|以内|为止|截止)?"
)
_TRAILING_WORDS = re.compile(r"^[\u4e00-\u9fff、，,（）()]{0,16}$")


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """A published value reduced to its meaning (docs/formats.md#parsed).

    ``date`` is ISO ``YYYY-MM-DD``; without a year it is ISO's truncated ``--MM-DD``
    ("12月底前"), which callers resolve against the document's year.
    """

    kind: Kind
    op: str | None = None
    number: Decimal | None = None
    unit: str | None = None
    date: str | None = None
    text: str = ""
    # Why a ``malformed`` value is broken (Chinese); None for every other kind.
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "op": self.op,
            "number": None if self.number is None else str(self.number),
            "unit": self.unit,
            "date": self.date,
        }
        if self.reason is not None:
            out["reason"] = self.reason
        return out

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"

    def resolved_date(self, year: int | None) -> str | None:
        """The deadline with a missing year filled in from ``year``."""
        if self.date is None or not self.date.startswith("--"):
            return self.date
        return None if year is None else f"{year:04d}{self.date[1:]}"


# A frozen dataclass sets each field through object.__setattr__ (~1 µs for six). The
# scorer builds one value per published actual, so ``quantity_value`` fills the slots
# directly: the same frozen object, about three times faster to build.
_new = object.__new__
_SET_KIND = ParsedValue.__dict__["kind"].__set__
_SET_OP = ParsedValue.__dict__["op"].__set__
_SET_NUMBER = ParsedValue.__dict__["number"].__set__
_SET_UNIT = ParsedValue.__dict__["unit"].__set__
_SET_DATE = ParsedValue.__dict__["date"].__set__
_SET_TEXT = ParsedValue.__dict__["text"].__set__
_SET_REASON = ParsedValue.__dict__["reason"].__set__


def quantity_value(op: str | None, number: Decimal, unit: str | None, text: str) -> ParsedValue:
    """``ParsedValue("quantity", op, number, unit, None, text)``, built faster."""
    v: ParsedValue = _new(ParsedValue)
    _SET_KIND(v, "quantity")
    _SET_OP(v, op)
    _SET_NUMBER(v, number)
    _SET_UNIT(v, unit)
    _SET_DATE(v, None)
    _SET_TEXT(v, text)
    _SET_REASON(v, None)
    return v


def normalize_text(text: str) -> str:
    """Full-width forms to ASCII and all whitespace removed: the form used for matching."""
    return "".join(text.translate(_TRANSLATE).split())


@lru_cache(maxsize=8192)
def parse_value(text: str | None) -> ParsedValue:
    """Parse any published target or actual value; never raises."""
    if text is None:
        return ParsedValue("empty", text="")
    raw = text.strip()
    s = normalize_text(raw).rstrip("。.;；,，")
    if s in _EMPTY:
        return ParsedValue("empty", text=raw)
    try:
        parsed = _parse_deadline(s, raw) or _parse_quantity(s, raw)
    except (InvalidOperation, ValueError, OverflowError):
        parsed = None
    reason = _broken(s, parsed)
    if reason is not None:
        return ParsedValue("malformed", text=raw, reason=reason)
    return parsed or ParsedValue("qualitative", text=raw)


def parse_columns(op: str | None, number: str | None, unit: str | None) -> ParsedValue:
    """Parse a value published in separate 指标性质 / 指标值 / 度量单位 columns."""
    return parse_value("".join(p for p in (op, number, unit) if p))


def format_value(value: ParsedValue) -> str:
    """A canonical spelling of ``value`` that ``parse_value`` reads back identically."""
    if value.kind == "empty":
        return ""
    if value.kind in ("qualitative", "malformed"):
        return value.text
    if value.kind == "deadline" and value.date:
        y, m, d = _split_iso(value.date)
        body = f"{m}月{d}日前"
        return f"{y}年{body}" if y else body
    number = "" if value.number is None else str(value.number)
    canonical = f"{value.op or ''}{number}{value.unit or ''}"
    # A canonical spelling can be ambiguous ("2,024年" is a quantity, "2024年" a year):
    # then the value is kept as written, which parses back identically by definition.
    return canonical if parse_value(canonical) == _without_text(value, canonical) else value.text


def _without_text(value: ParsedValue, text: str) -> ParsedValue:
    return ParsedValue(value.kind, value.op, value.number, value.unit, value.date, text)


# --- malformed quantities ----------------------------------------------------------------

_MONEY_UNITS = frozenset({"元", "万元", "千元", "亿元", "百万元"})
_BARE_UNITS = frozenset({"%", "‰", *_MONEY_UNITS})
_LETTERS = re.compile(r"^[A-Za-z]")
_DOUBLED = re.compile(r"^(%|‰|元|万元|千元|亿元|个|人|次|件|天|小时|户|项)\1+$")
# Alone (no number), only symbols and money units read as a unit: 人人 or 天天 are words.
_DOUBLED_BARE = re.compile(r"^(%|‰|元|万元|千元|亿元)\1+$")
_DATE_LIKE = (
    re.compile(r"^(\d{4})年(\d{1,2})月(?:份)?(?:(\d{1,2})[日号])?"),
    re.compile(r"^(\d{4})[.\-/](\d{1,2})(?:[.\-/](\d{1,2}))?(?![\d.])"),
    re.compile(r"^()(\d{1,2})月(\d{1,2})[日号]"),
)


def _broken(s: str, parsed: ParsedValue | None) -> str | None:
    """Why ``s`` (normalized) is a broken quantity, or None. Only text that starts like a
    quantity (an operator, a number, a unit) or like a date can be broken; words stay
    words."""
    if parsed is not None and parsed.kind == "deadline":
        return None
    if parsed is not None and parsed.kind == "quantity":
        unit = parsed.unit or ""
        if _DOUBLED.match(unit):
            return f"单位重复：“{unit}”"
        if parsed.number is not None and parsed.number < 0 and unit in _MONEY_UNITS:
            return f"金额为负数：{parsed.number}{unit}"
        return None
    if s in _BARE_UNITS or _DOUBLED_BARE.match(s):
        return f"只有单位“{s}”，没有数值"
    m = _OP_SYMBOL.match(s)
    if m:
        rest = s[m.end() :]
        if not rest:
            return f"只有比较符号“{m.group(1)}”，没有数值"
        if _LETTERS.match(rest):
            return f"比较符号后应为数值，实为“{rest}”"
        if rest in _BARE_UNITS or _DOUBLED_BARE.match(rest):
            return f"比较符号后只有单位“{rest}”，没有数值"
        if _NUMBER.match(rest):
            n = _NUMBER.match(rest)
            assert n is not None
            tail = rest[n.end() :]
            if tail and _DOUBLED.match(tail):
                return f"单位重复：“{tail}”"
    for pattern in _DATE_LIKE:
        d = pattern.match(s)
        if d is None:
            continue
        year = int(d.group(1)) if d.group(1) else None
        month = int(d.group(2))
        if year is not None and not 1900 <= year <= 2200:
            return f"年份不合理：{year}年"
        if not 1 <= month <= 12:
            return f"日期不存在：{month}月"
        if d.group(3):
            day = int(d.group(3))
            last = calendar.monthrange(year if year is not None else 2000, month)[1]
            if not 1 <= day <= last:
                return f"日期不存在：{month}月{day}日"
        return None
    return None


# --- quantities ------------------------------------------------------------------------


def _parse_quantity(s: str, raw: str) -> ParsedValue | None:
    op: str | None = None
    m = _OP_SYMBOL.match(s)
    if m:
        op = _OP_CANON[m.group(1)]
        s = s[m.end() :]
    else:
        for word, word_op in _OP_WORDS:
            if s.startswith(word) and _NUMBER.match(s[len(word) :]):
                op = word_op or None
                s = s[len(word) :]
                break
    n = _NUMBER.match(s)
    if not n:
        return None
    sign, integer, frac = n.groups()
    number = Decimal(sign + integer.replace(",", "") + (frac or ""))
    tail = s[n.end() :]
    for word, suffix_op in _SUFFIX_OPS:
        if tail.endswith(word):
            tail = tail[: -len(word)]
            if suffix_op and op is None:
                op = suffix_op
            break
    unit: str | None = None
    if len(tail) > 1 and tail[0] in "%‰" and _QUALIFIER.match(tail[1:]):
        tail = tail[0]  # "100%合格", "95%达标": a rate followed by what it measures
    if tail:
        tail = _UNIT_ALIASES.get(tail, tail)
        if len(tail) > _MAX_UNIT_LEN or not _UNIT.match(tail):
            return None
        unit = tail
    return ParsedValue("quantity", op, number, unit, text=raw)


# --- deadlines -------------------------------------------------------------------------


def _parse_deadline(s: str, raw: str) -> ParsedValue | None:
    """Dates and months: 2024年12月底前, 12月底之前, 2021年1月-12月, 2024-12-31, 年底前."""
    year: int | None = None
    month: int | None = None
    day: int | None = None
    rest = s
    m = _DATE_SEP.match(rest)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        day = int(m.group(3)) if m.group(3) else None
        rest = rest[m.end() :]
        if not 1900 <= year <= 2200:
            return None
    else:
        m = _YEAR.match(rest)
        if m:
            year = int(m.group(1))
            rest = rest[m.end() :]
            if not 1900 <= year <= 2200:
                return None
        m = _MONTH.match(rest)
        if m:
            month = int(m.group(1))
            rest = rest[m.end() :]
            m = _DAY.match(rest)
            if m:
                day = int(m.group(1))
                rest = rest[m.end() :]
        elif year is not None:
            # "2024年" / "2024年底前" / "2024年度内": the end of that year.
            month = 12
        elif rest.startswith(("年底", "年末")):
            month, rest = 12, rest[1:]
        else:
            return None
    # A range "1月-12月" / "1-12月": the deadline is its end.
    r = _RANGE_TO.match(rest)
    if r and month is not None:
        after = rest[r.end() :]
        m2 = _YEAR.match(after)
        if m2:
            year = int(m2.group(1))
            after = after[m2.end() :]
        m2 = _MONTH.match(after) or re.match(r"^(\d{1,2})(?![\d.])", after)
        if m2:
            month = int(m2.group(1))
            day = None
            rest = after[m2.end() :]
            d2 = _DAY.match(rest)
            if d2:
                day = int(d2.group(1))
                rest = rest[d2.end() :]
    elif month is not None and year is None and not rest and day is None:
        # "12月" alone is a month; a bare "12" never reaches here.
        pass
    tail = _DEADLINE_TAIL.match(rest)
    rest = rest[tail.end() :] if tail else rest
    if rest and not _TRAILING_WORDS.match(rest):
        return None
    if month is None or not 1 <= month <= 12:
        return None
    leap_year = year if year is not None else 2000
    last = calendar.monthrange(leap_year, month)[1]
    if day is None:
        if "上旬" in s:
            day = 10
        elif "中旬" in s:
            day = 20
        else:
            day = last
    if not 1 <= day <= last:
        return None
    date = f"{year:04d}-{month:02d}-{day:02d}" if year is not None else f"--{month:02d}-{day:02d}"
    return ParsedValue("deadline", "≤", None, None, date, text=raw)


def _split_iso(date: str) -> tuple[int | None, int, int]:
    if date.startswith("--"):
        _, _, mm, dd = date.split("-")
        return None, int(mm), int(dd)
    yy, mm, dd = date.split("-")
    return int(yy), int(mm), int(dd)
