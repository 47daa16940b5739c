"""Shared hypothesis strategies: plans for the round-trip laws, hostile JSON/YAML documents
and mutated text documents for the fuzz tests (issue 11).

- ``plans()``: any ``Plan`` our formats carry exactly — texts from a mixed CJK/ASCII
  alphabet (formula starts and markup included), amounts with 0–4 decimals, optional
  parts absent, an overall target with sub-goals, indicators and measures or none.
  ``cells=True`` keeps to what a spreadsheet cell can hold as written (no surrounding
  white space, no empty text: a blank cell reads back as absent).
- ``hostile_values()`` / ``hostile_documents()``: JSON-like values and plan/self-evaluation
  documents with the numbers, nesting, types and lengths that crashed the core
  (NaN, Infinity, 1e309, ints of thousands of digits, deep lists, wrong types).
- ``mutated_texts(text)``: a text document with lines deleted, duplicated, swapped, cut,
  CJK/ASCII inserted and numbers changed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from jixiao.core.model import (
    PLAN_FORMAT,
    SELFEVAL_FORMAT,
    Budget,
    Department,
    Indicator,
    Measure,
    Overall,
    Plan,
    Project,
    Region,
    SpendingPoint,
    Subgoal,
)

__all__ = [
    "amounts",
    "hostile_documents",
    "hostile_numbers",
    "hostile_values",
    "mutated_texts",
    "plans",
    "texts",
]

# Common CJK, ASCII letters and digits, and the marks that mean something elsewhere
# (formula starts, markup, operators, quotes).
_ALPHABET = (
    "产出效益满意度成本数量质量时效指标完成率群众安全宣传资金项目网络设备服务保障维护"
    "培训补助人次年月日元万个件天小时"
    "abcXYZ0123456789"
    " ，。、；（）%‰≥≤=+-@<>&\"'{}[]|/"
)
# Words a reader takes as a label or a heading where a value is expected.
_RESERVED = re.compile(
    r"项目编码|项目名称|预算数|财政资金|其他资金|资金用途|资金支出计划|绩效目标|"
    r"一级指标|二级指标|三级指标|指标值|部门整体|单位[:：]|年度|分值|主管部门|实施单位"
)


def texts(*, cells: bool = False, max_size: int = 24) -> st.SearchStrategy[str]:
    """One line of text; ``cells`` keeps to what a spreadsheet cell holds as written."""
    base = st.text(st.sampled_from(_ALPHABET), min_size=1, max_size=max_size)
    base = base.filter(lambda t: not _RESERVED.search(t))
    if cells:
        return base.map(str.strip).filter(bool)
    return base


def _goal_texts(cells: bool) -> st.SearchStrategy[str]:
    # A project goal is printed after its number ("1.…"): it does not start with one.
    return texts(cells=cells).filter(lambda t: not re.match(r"\s*\d", t))


@st.composite
def amounts(draw: st.DrawFn, *, max_value: int = 10**9) -> Decimal:
    places = draw(st.integers(0, 4))
    return Decimal(draw(st.integers(0, max_value))).scaleb(-places)


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def indicators(draw: st.DrawFn, *, cells: bool = False) -> Indicator:
    t = texts(cells=cells)
    return Indicator(
        level1=draw(_opt(t)),
        level2=draw(_opt(t)),
        name=draw(t),
        description=draw(_opt(t)),
        target=draw(_opt(t)),
        basis=draw(_opt(t)),
        points=draw(_opt(amounts(max_value=10**6))),
    )


@st.composite
def projects(draw: st.DrawFn, *, cells: bool = False) -> Project:
    t = texts(cells=cells)
    months = draw(st.lists(st.integers(1, 12), unique=True, max_size=12).map(sorted))
    return Project(
        code=draw(_opt(st.text("0123456789ABCDEFP", min_size=1, max_size=21))),
        name=draw(_opt(t)),
        budget=Budget(*(draw(_opt(amounts())) for _ in range(3))),
        purpose=draw(_opt(t)),
        spending_plan=[SpendingPoint(m, draw(_opt(amounts(max_value=10000)))) for m in months],
        goals=draw(st.lists(_goal_texts(cells), max_size=4)),
        indicators=draw(st.lists(indicators(cells=cells), max_size=6)),
    )


@st.composite
def overalls(draw: st.DrawFn, *, cells: bool = False) -> Overall:
    t = texts(cells=cells)
    return Overall(
        goal=draw(_opt(t)),
        indicators=draw(st.lists(indicators(cells=cells), max_size=3)),
        subgoals=draw(
            st.lists(
                st.builds(
                    Subgoal,
                    title=_opt(t),
                    goal=_opt(t),
                    indicator_text=_opt(t),
                    indicators=st.lists(indicators(cells=cells), max_size=3),
                ),
                max_size=3,
            )
        ),
        measures=draw(st.lists(st.builds(Measure, title=_opt(t), text=_opt(t)), max_size=3)),
    )


@st.composite
def plans(draw: st.DrawFn, *, cells: bool = False, max_projects: int = 3) -> Plan:
    t = texts(cells=cells)
    return Plan(
        year=draw(_opt(st.integers(1900, 2200))),
        region=Region(draw(_opt(st.text("0123456789", min_size=6, max_size=6))), draw(_opt(t))),
        department=Department(
            draw(_opt(st.text("0123456789", min_size=3, max_size=9))), draw(_opt(t))
        ),
        money_unit=draw(st.sampled_from(["万元", "元", None])),
        overall=draw(_opt(overalls(cells=cells))),
        projects=draw(st.lists(projects(cells=cells), max_size=max_projects)),
    )


# --- hostile structured documents ------------------------------------------------------

#: Raw JSON number tokens that crashed the core (inserted unquoted into JSON text).
HOSTILE_NUMBER_TOKENS = [
    "NaN", "Infinity", "-Infinity", "1e30", "1e309", "-1e309", "1e-400", "-0", "0.1e999999",
    "1" * 5000, "-" + "9" * 400, "12345678901234567890.123456789012345678901234567890",
]  # fmt: skip


def hostile_numbers() -> st.SearchStrategy[Any]:
    """Numbers and number-like strings a reader must refuse or bound."""
    return st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**40), max_value=10**40),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.sampled_from(["NaN", "Infinity", "-1", "1e30", "1,234.50", "９６", "96万元", "", " "]),
    )


def hostile_values(max_leaves: int = 20) -> st.SearchStrategy[Any]:
    """Any JSON-like value: wrong types, long strings, nesting, hostile numbers."""
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        hostile_numbers(),
        st.text(max_size=40),
        st.text(min_size=300, max_size=400),
    )
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=max_leaves,
    )


_PLAN_KEYS = ["year", "region", "department", "money_unit", "overall", "projects"]
_PROJECT_KEYS = ["code", "name", "budget", "purpose", "spending_plan", "goals", "indicators"]
_INDICATOR_KEYS = ["level1", "level2", "name", "description", "target", "basis", "points"]
_SELFEVAL_KEYS = [
    "year", "project", "money_unit", "funds", "execution", "indicators", "published_total",
    "published_grade", "policy",
]  # fmt: skip


@st.composite
def _valid_plan_dict(draw: st.DrawFn) -> dict[str, Any]:
    return draw(plans()).to_dict()


@st.composite
def hostile_documents(draw: st.DrawFn) -> Any:
    """A plan or self-evaluation dict (valid at first) with some fields replaced by
    hostile values, or deeply nested, or not a document at all."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(hostile_values())
    if kind == 1:  # nesting far beyond any real document
        depth = draw(st.integers(50, 600))  # deeper: tests/core/test_readers_numbers.py
        return {"format": PLAN_FORMAT, "projects": [], "x": _nest(depth)}
    if kind <= 5:
        doc = draw(_valid_plan_dict())
        keys = _PLAN_KEYS
        if doc["projects"] and draw(st.booleans()):
            target = draw(st.sampled_from(doc["projects"]))
            keys = _PROJECT_KEYS
            if target["indicators"] and draw(st.booleans()):
                target = draw(st.sampled_from(target["indicators"]))
                keys = _INDICATOR_KEYS
            elif draw(st.booleans()):
                target = target["budget"]
                keys = ["total", "fiscal", "other"]
        else:
            target = doc
    else:
        doc = {
            "format": SELFEVAL_FORMAT,
            "year": 2024,
            "project": {"name": "甲"},
            "funds": {"annual": "10", "executed": "9"},
            "execution": {"points": "10", "published_score": "9"},
            "indicators": [
                {"level1": "产出指标", "level2": "数量指标", "name": "数量", "target": "≥10个",
                 "actual": "12个", "points": "50", "published_score": "50"},
                {"level1": "效益指标", "level2": "社会效益指标", "name": "效果", "target": "有效",
                 "actual": "有效", "points": "40", "published_score": "40"},
            ],
        }  # fmt: skip
        target = doc
        keys = _SELFEVAL_KEYS
        choice = draw(st.integers(0, 3))
        if choice == 1:
            target, keys = doc["indicators"][0], [*_INDICATOR_KEYS, "actual", "published_score"]
        elif choice == 2:
            target, keys = doc["funds"], ["initial", "annual", "executed"]
        elif choice == 3:
            target, keys = doc["execution"], ["points", "published_score"]
    for key in draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True)):
        target[key] = draw(st.one_of(hostile_numbers(), hostile_values(6)))
    return doc


def _nest(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


# --- mutated text documents -------------------------------------------------------------

_INSERTS = st.one_of(
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=8),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=8),
    st.sampled_from(["≥", "%", "万元", "NaN", "1e309", "\t", "（一）", "一级指标", "9" * 30]),
)


@st.composite
def mutated_texts(draw: st.DrawFn, text: str, max_mutations: int = 6) -> str:
    """``text`` with a few line-level and character-level mutations."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, max_mutations))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.integers(0, 6))
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        elif op == 2:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif op == 4:
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(_INSERTS) + lines[i][at:]
        elif op == 5:
            lines[i] = re.sub(
                r"\d+", lambda m: draw(st.sampled_from(["0", "13", "99999", "-1", ""])), lines[i]
            )
        else:
            del lines[i:]  # the document cut short
    return "\n".join(lines) + "\n"
