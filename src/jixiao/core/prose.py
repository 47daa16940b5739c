"""Quantified promises in department prose (docs/rules.md#d4), as ``Indicator`` objects.

Part 1 of a 部门预算绩效文本 states targets in sentences ("使群众对社会治安状况满意度达到
90%以上", "确保网络正常使用不少于360天"). ``extract_promises`` turns each such phrase
into an indicator (name = the subject, target = operator + number + unit) so the
single-indicator checks can run on it and the promise can be matched against the
project tables. A trend with no number ("安全感逐步增加") is kept as a qualitative
target: that is what ``not-measurable`` reports. Prose wraps mid-word in extractions,
so all whitespace is removed first.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jixiao.core.model import Indicator, Plan
from jixiao.core.values import normalize_text

__all__ = ["extract_promises", "promises_of_plan", "subgoal_promises"]

# Operator words before the number (D4), longest first; "" marks "达到" (configurable).
_VERBS: tuple[tuple[str, str], ...] = (
    ("不少于", "≥"),
    ("不低于", "≥"),
    ("不小于", "≥"),
    ("至少", "≥"),
    ("提高到", "≥"),
    ("提高至", "≥"),
    ("提升到", "≥"),
    ("提升至", "≥"),
    ("增加到", "≥"),
    ("增加至", "≥"),
    ("增长到", "≥"),
    ("保持在", "≥"),
    ("稳定在", "≥"),
    ("不超过", "≤"),
    ("不高于", "≤"),
    ("不大于", "≤"),
    ("控制在", "≤"),
    ("降低到", "≤"),
    ("降低至", "≤"),
    ("下降到", "≤"),
    ("下降至", "≤"),
    ("降至", "≤"),
    ("达到", ""),
    ("达", ""),
    ("超过", ">"),
    ("高于", ">"),
    ("低于", "<"),
    ("少于", "<"),
)
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("及以上", "≥"),
    ("以上", "≥"),
    ("及以下", "≤"),
    ("以下", "≤"),
    ("以内", "≤"),
)
_UNITS = (
    "个百分点|%|‰|万人次|人次|万人|人|万户|户|天|日|小时|次|个|项|件|条|册|页|份|场|家|所|座|台|套|"
    "公里|千米|平方米|亩|吨|万元|亿元|元|年|月|期|批|篇|期"
)
_VERB_RE = "|".join(re.escape(v) for v, _ in _VERBS)
_SUFFIX_RE = "|".join(re.escape(s) for s, _ in _SUFFIXES)
_PROMISE = re.compile(
    rf"(?P<verb>{_VERB_RE})?(?P<num>\d+(?:\.\d+)?)(?P<unit>{_UNITS})?(?P<suffix>{_SUFFIX_RE})?"
)
_TREND = re.compile(
    r"(?P<adv>逐步|逐年|稳步|持续|不断|明显|有所|进一步|大幅)"
    r"(?P<verb>增加|提高|提升|增长|改善|增强|减少|下降|降低|好转)"
)
# Clause boundaries; "." only when not inside a number.
_CLAUSE = re.compile(r"[。;!?；！？,，\n]|(?<!\d)\.|\.(?!\d)")
# Words that introduce the subject: the subject starts after the last of them.
_LEAD = re.compile(
    r"^.*(?:确保|保证|保障|力争|推动|促进|实现|使得|使(?!用)|让|努力|争取|做到|全年|年度)"
)
_HEAD_TRIM = re.compile(r"^(?:对|将|把|我县|本县|全县|我市|全市|各区|年内|\d{4}年(?:度)?|的)+")
_TAIL_TRIM = re.compile(r"(?:要|均|都|须|必须|应|将|能|可|率先|基本|稳定|力争|保持|继续)+$")


def _op(verb: str | None, suffix: str | None, number: str, unit: str, reach_op: str) -> str:
    if suffix:
        return dict(_SUFFIXES)[suffix]
    if verb:
        op = dict(_VERBS)[verb]
        if op:
            return op
        # "达到 X": ≥X by default (D4); a full 100% can only be met exactly.
        if unit == "%" and number in ("100", "100.0"):
            return "="
        return reach_op
    return ""


def _subject(text: str) -> str:
    s = _LEAD.sub("", text)
    s = _HEAD_TRIM.sub("", s)
    s = _TAIL_TRIM.sub("", s)
    return s.strip("，,、:：的")


def _target(op: str, number: str, unit: str) -> str:
    return f"{op}{number}{unit}"


@lru_cache(maxsize=256)
def _extract(text: str, reach_op: str) -> tuple[tuple[str, str, str], ...]:
    flat = normalize_text(text)
    out: list[tuple[str, str, str]] = []
    for clause in _CLAUSE.split(flat):
        if not clause:
            continue
        start = 0
        for m in _PROMISE.finditer(clause):
            verb, suffix, unit = m.group("verb"), m.group("suffix"), m.group("unit") or ""
            if not verb and not suffix:
                continue  # a bare number (a year, a count in passing) is not a promise
            if unit == "" and m.end() < len(clause) and clause[m.end()] == "年":
                continue
            subject = _subject(clause[start : m.start()])
            start = m.end()
            if len(subject) < 2:
                continue
            op = _op(verb, suffix, m.group("num"), unit, reach_op)
            out.append((subject, _target(op, m.group("num"), unit), clause))
        for t in _TREND.finditer(clause):
            after = clause[t.end() : t.end() + 2]
            if re.match(r"[到至]?\d", after):
                continue  # "提高到95%" is quantified and found above
            rest = clause[t.end() :].lstrip("了的")
            # "安全感逐步增加": the subject comes first; "进一步提高群众满意度": after.
            subject = _subject(rest) if rest and not re.search(r"\d", rest) else ""
            if not subject:
                subject = _subject(clause[: t.start()])
            if len(subject) >= 2:
                out.append((subject, t.group(0), clause))
    return tuple(out)


def extract_promises(text: str | None, *, reach_op: str = "≥") -> list[Indicator]:
    """The quantified (or trend-only) promises in one prose paragraph, in text order."""
    if not text:
        return []
    return [
        Indicator(name=name, target=target, extra={"source_text": clause})
        for name, target, clause in _extract(text, reach_op)
    ]


def subgoal_promises(
    goal: str | None, indicator_text: str | None, *, reach_op: str = "≥"
) -> list[Indicator]:
    """A sub-goal's promises: those of its 绩效目标 text, then of its 绩效指标 text."""
    return extract_promises(goal, reach_op=reach_op) + extract_promises(
        indicator_text, reach_op=reach_op
    )


def promises_of_plan(plan: Plan, *, reach_op: str = "≥") -> Plan:
    """Fill ``overall.indicators`` and ``subgoals[].indicators`` where they are empty.

    Lists a reader already filled are kept. The plan is changed in place and returned.
    """
    o = plan.overall
    if o is None:
        return plan
    if not o.indicators:
        o.indicators = extract_promises(o.goal, reach_op=reach_op)
    for sg in o.subgoals:
        if not sg.indicators:
            sg.indicators = subgoal_promises(sg.goal, sg.indicator_text, reach_op=reach_op)
    return plan
