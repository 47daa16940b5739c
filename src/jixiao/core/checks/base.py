"""The rule engine's vocabulary: ``Rule``, ``Hit``, the per-indicator ``Facts`` and ``Context``.

A rule is a small pure function. Indicator rules take the ``Facts`` of one row (labels,
name, description and parsed value, each normalised once) and return a ``Hit`` or
``None``; project rules take the ``ProjectFacts`` and yield hits that may point at a row.
The engine (``checks/__init__.py``) turns a hit into a ``Finding`` by filling the rule's
Chinese message template with the hit's named parameters, so wording lives in one place
per rule and the functions stay testable on plain data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from jixiao.core.classification import alias_map, classify
from jixiao.core.config import CheckConfig, Words
from jixiao.core.findings import Severity
from jixiao.core.model import Indicator, Project
from jixiao.core.values import ParsedValue, normalize_text, parse_value

__all__ = [
    "PCT_UNITS",
    "Context",
    "Facts",
    "Hit",
    "Matchers",
    "ProjectFacts",
    "Rule",
    "category",
    "fmt_target",
    "implied_unit",
    "indicator_facts",
    "matchers",
]

Scope = Literal["indicator", "project", "department", "plan", "document"]

PCT_UNITS = frozenset({"%", "‰"})
MONEY_FACTOR: Mapping[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "亿元": Decimal(100000000),
}

_TRIM = re.compile(r"^[\s:：、，,。.;；]+|[\s:：、，,。.;；]+$")


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found: a message variant, its named parameters, and optionally the row,
    a severity for this variant (else the rule's default) and a suggested fix."""

    variant: str = "default"
    params: Mapping[str, object] = field(default_factory=dict)
    severity: Severity | None = None
    suggestion: str | None = None
    indicator: int | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: stable slug, default severity, message templates and basis."""

    slug: str
    title: str
    severity: Severity
    scope: Scope
    check: Callable[..., object]
    messages: Mapping[str, str]
    basis: str
    # D5: single-indicator rules that also apply to promises extracted from prose.
    prose: bool = False


@dataclass(frozen=True, slots=True)
class Matchers:
    """Word lists of a config compiled once (rules run per row, so this must be cheap)."""

    words: Words
    trend: re.Pattern[str]
    tiers_long: tuple[str, ...]
    tiers_short: frozenset[str]
    lower: re.Pattern[str]
    lower_exceptions: re.Pattern[str]
    higher_suffixes: tuple[str, ...]
    vague: frozenset[str]
    aliases: Mapping[str, str]


def _alternation(items: Iterable[str]) -> re.Pattern[str]:
    words = sorted({normalize_text(w) for w in items if w}, key=len, reverse=True)
    if not words:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(re.escape(w) for w in words))


@lru_cache(maxsize=32)
def matchers(config: CheckConfig) -> Matchers:
    w = config.words
    tiers = {normalize_text(t) for t in w.tiers}
    return Matchers(
        words=w,
        trend=_alternation(w.trend),
        tiers_long=tuple(sorted((t for t in tiers if len(t) > 1), key=len, reverse=True)),
        tiers_short=frozenset(t for t in tiers if len(t) == 1),
        lower=_alternation(w.lower_is_better),
        lower_exceptions=_alternation(w.lower_exceptions),
        higher_suffixes=tuple(normalize_text(s) for s in w.higher_is_better),
        vague=frozenset(_clean(v) for v in w.vague),
        aliases=alias_map(config.aliases),
    )


@dataclass(slots=True)
class Context:
    """What a rule may need besides the row: config, matchers, the project and plan facts."""

    config: CheckConfig
    m: Matchers
    project: Project | None = None
    money_unit: str | None = "万元"
    year: int | None = None


@lru_cache(maxsize=4096)
def _clean(text: str) -> str:
    return _TRIM.sub("", normalize_text(text))


# Measure categories, judged by how a name or description ends.
_RATE_SUFFIXES = ("率", "占比", "比例", "比率", "比重", "百分比", "百分率")
# Words ending in 率 that are not proportions (检查频率 2次/年, 设备功率 5kW).
_NOT_RATES = ("频率", "功率", "效率", "速率", "汇率", "利率", "税率", "费率", "概率", "容积率")
_SATISFACTION_SUFFIXES = ("满意度", "满意程度", "满意度调查", "满意情况")
_COUNT_UNITS = {
    "人数": "人",
    "人次": "人次",
    "次数": "次",
    "天数": "天",
    "户数": "户",
    "件数": "件",
    "个数": "个",
    "台数": "台",
    "套数": "套",
    "项数": "项",
    "场次": "场",
    "册数": "册",
    "份数": "份",
    "条数": "条",
    "家数": "家",
    "所数": "所",
    "座数": "座",
    "期数": "期",
}
_COUNT_SUFFIXES = (*_COUNT_UNITS, "数量", "总数", "数目", "批次")
_UNITLESS_SUFFIXES = ("指数", "系数", "分数", "分值", "得分", "评分", "倍数", "比", "等级", "级别")
_MONEY_SUFFIXES = (
    "金额",
    "资金",
    "经费",
    "成本",
    "费用",
    "总额",
    "造价",
    "单价",
    "价格",
    "投资",
    "补助",
    "补贴",
)
_TIME_SUFFIXES = ("时间", "日期", "期限", "时限", "节点", "完成时间", "时间节点")


@lru_cache(maxsize=8192)
def category(text: str) -> str | None:
    """What a normalised name measures: rate, satisfaction, count, money, time, unitless."""
    if not text:
        return None
    if text.endswith(_SATISFACTION_SUFFIXES) or text.endswith(("满意率",)):
        return "satisfaction" if not text.endswith("率") else "rate"
    if text.endswith(_NOT_RATES):
        return None
    if text.endswith(_RATE_SUFFIXES):
        return "rate"
    if text.endswith(_UNITLESS_SUFFIXES):
        return "unitless"
    if text.endswith(_COUNT_SUFFIXES):
        return "count"
    if text.endswith(_MONEY_SUFFIXES):
        return "money"
    if text.endswith(_TIME_SUFFIXES):
        return "time"
    return None


@lru_cache(maxsize=8192)
def implied_unit(text: str) -> str | None:
    """The unit a name supplies when the value has none (T9: a name ending in 率 → %)."""
    cat = category(text)
    if cat == "rate":
        return "%"
    if cat == "count":
        for suffix, unit in _COUNT_UNITS.items():
            if text.endswith(suffix):
                return unit
    return None


@dataclass(slots=True)
class Facts:
    """One indicator row, normalised once for all rules."""

    pos: int
    ind: Indicator
    l1: str
    l2: str
    name: str
    desc: str
    value: ParsedValue
    name_cat: str | None
    desc_cat: str | None
    # The row's measure: from its name, else from its description.
    cat: str | None
    is_cost: bool
    prose: bool = False

    @property
    def label(self) -> str:
        return self.ind.name or self.ind.description or f"第{self.pos}项指标"


def indicator_facts(pos: int, ind: Indicator, m: Matchers, *, prose: bool = False) -> Facts:
    l1, l2 = classify(ind.level1, ind.level2, m.aliases)
    name = _clean(ind.name) if ind.name else ""
    desc = _clean(ind.description) if ind.description else ""
    name_cat, desc_cat = category(name), category(desc)
    value = parse_value(ind.target)
    if value.unit and len(value.unit) > 1 and value.unit[0] in "%‰":
        # "100%合格": a rate with a qualifier; the unit is the % sign.
        value = replace(value, unit=value.unit[0])
    return Facts(
        pos=pos,
        ind=ind,
        l1=l1,
        l2=l2,
        name=name,
        desc=desc,
        value=value,
        name_cat=name_cat,
        desc_cat=desc_cat,
        cat=name_cat or desc_cat,
        is_cost=l1 == "成本" or l2.endswith("成本"),
        prose=prose,
    )


@dataclass(slots=True)
class ProjectFacts:
    project: Project
    rows: list[Facts]


def fmt_target(value: ParsedValue, op: str | None = None) -> str:
    """A value written with another operator: the suggested fix "≤96万元"."""
    number = "" if value.number is None else f"{value.number}"
    return f"{op if op is not None else value.op or ''}{number}{value.unit or ''}"
