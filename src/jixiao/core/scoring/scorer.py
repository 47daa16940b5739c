"""The scorer: a ``jixiao.selfeval/1`` document scored by a policy (docs/scoring.md S1–S19).

Every score comes with a short Chinese explanation of how it was reached, because the
point of computing it is to show a finance officer where a hand-filled table departs from
the rules. Money and scores are ``Decimal`` throughout; rounding is ROUND_HALF_UP at the
policy's precision, applied to each item, and the total is the sum of the rounded items
(as the printed forms add up), rescaled to 100 when items are not applicable (S12).

Scoring choices the texts leave open, as implemented (all policy fields):

- a target without an operator is positive (≥), except a 成本 row measured in money,
  which is a cap (≤) when ``unsigned_cost_reverse``;
- a 指标方向性 of 正向 / 反向 (``extra["direction"]``, 一体化 forms) decides a target
  without an operator;
- a unitless actual takes the target's unit (R0); 元 / 千元 / 万元 / 亿元 convert; a
  fraction ≤ 1 against a % target above 1 ("0.95" for "≥90%") is read as a rate;
- a qualitative row scores its grade's ``score`` share (达成 100%, 部分达成 70%, 未达成
  30% by default); a published score inside the grade's band is accepted by 复核 (R6);
- a deadline met on or before its date scores full points; a late one is graded
  ``deadline_missed_grade`` (S8);
- a row that cannot be scored (no actual, units that do not convert, a phrase we cannot
  grade) keeps its published score, or 0 without one, and says so;
- points missing from the table are spread by ``missing_points`` and the rule is stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from jixiao.core.findings import Finding
from jixiao.core.model import EvalIndicator, SelfEvaluation
from jixiao.core.scoring.policy import DEFAULT_POLICY, GRADE_MET, GRADE_NOT_MET, Band, Policy
from jixiao.core.values import ParsedValue, normalize_text, parse_value, quantity_value

__all__ = [
    "ExecutionScore",
    "IndicatorScore",
    "ScoreReport",
    "compute_scores",
    "fmt",
    "parse_actual",
]

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
RATE_QUANTUM = Decimal("0.0001")
CENT = Decimal("0.01")  # percentages and spread points are shown to two decimals

# Money units convert; everything else must match exactly.
_MONEY_FACTORS = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "亿元": Decimal(100000000),
}

# Words that negate the 达成 phrase right after them.
_NEGATIONS = ("未", "不", "没有", "没", "无", "尚未")

# Methods (``IndicatorScore.method``): which rule produced the score; 复核 uses it to pick
# R1 (quantity, deadline) or R6 (qualitative).
QUANTITY = "quantity"
DEADLINE = "deadline"
QUALITATIVE = "qualitative"
FALLBACK = "fallback"
NOT_APPLICABLE = "not_applicable"


_FMT_CACHE: dict[Decimal, str] = {}


def fmt(d: Decimal | None) -> str:
    """A number for messages: no exponent, no trailing zeros ("10", "8.62")."""
    if d is None:
        return "—"
    # Cached: equal decimals ("10" and "10.00") share an entry, and print the same.
    try:
        return _FMT_CACHE[d]
    except KeyError:
        pass
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s == "-0":
        s = "0"
    if len(_FMT_CACHE) > 8192:
        _FMT_CACHE.clear()
    _FMT_CACHE[d] = s
    return s


def render(parts: tuple[str | Decimal, ...]) -> str:
    """Join explanation parts, numbers written by ``fmt``.

    Explanations are kept as parts so that scoring thousands of tables (web lists, 复核
    batches) does not format text nobody reads.
    """
    return "".join([fmt(p) if isinstance(p, Decimal) else p for p in parts])


@dataclass(slots=True)
class IndicatorScore:
    """Our score for one indicator row (docs/formats.md#4-scores ``indicators[]``)."""

    index: int
    name: str | None
    points: Decimal | None
    score: Decimal | None
    raw: Decimal | None
    parts: tuple[str | Decimal, ...]  # the explanation, rendered only when asked for
    method: str
    grade: str | None = None
    band: Band | None = None
    points_spread: bool = False
    flags: tuple[str, ...] = ()

    @property
    def explanation(self) -> str:
        """How the score was reached, e.g. "37.24/43.2×10 = 8.62"."""
        return render(self.parts)

    def to_dict(self, quantum: Decimal) -> dict[str, Any]:
        out: dict[str, Any] = {
            "index": self.index,
            "name": self.name,
            "points": None if self.points is None else fmt(self.points),
            "score": None if self.score is None else str(self.score.quantize(quantum)),
            "explanation": self.explanation,
            "method": self.method,
        }
        if self.grade is not None:
            out["grade"] = self.grade
        if self.points_spread:
            out["points_spread"] = True
        if self.flags:
            out["flags"] = list(self.flags)
        return out


@dataclass(slots=True)
class ExecutionScore:
    """The 预算执行率 item (S13)."""

    rate: Decimal | None
    points: Decimal
    score: Decimal | None
    raw: Decimal | None
    parts: tuple[str | Decimal, ...]
    points_from_policy: bool = False

    @property
    def explanation(self) -> str:
        return render(self.parts)

    def to_dict(self, quantum: Decimal) -> dict[str, Any]:
        return {
            "rate": None
            if self.rate is None
            else str(self.rate.quantize(RATE_QUANTUM, ROUND_HALF_UP)),
            "points": fmt(self.points),
            "score": None if self.score is None else str(self.score.quantize(quantum)),
            "explanation": self.explanation,
        }


@dataclass(slots=True)
class ScoreReport:
    """Scores of one self-evaluation under one policy, plus the 复核 findings."""

    policy: Policy
    project: str | None
    execution: ExecutionScore
    indicators: list[IndicatorScore]
    total: Decimal | None
    grade: str | None
    rescaled: bool = False
    points_parts: tuple[str | Decimal, ...] = ()
    findings: list[Finding] = field(default_factory=list)

    @property
    def points_note(self) -> str | None:
        """How points missing from the table were spread, or ``None`` when none were."""
        return render(self.points_parts) if self.points_parts else None

    def to_dict(self) -> dict[str, Any]:
        """docs/formats.md#4-scores, plus explanations and the missing-points statement."""
        q = self.policy.quantum
        out: dict[str, Any] = {
            "policy": self.policy.name,
            "project": self.project,
            "execution": self.execution.to_dict(q),
            "indicators": [i.to_dict(q) for i in self.indicators],
            "total": None if self.total is None else str(self.total.quantize(q)),
            "grade": self.grade,
        }
        if self.rescaled:
            out["rescaled"] = True
        if self.points_note:
            out["points_rule"] = self.points_note
        out["findings"] = [f.to_dict() for f in self.findings]
        return out


# --- compiled policy tables (policies are unhashable; cache by identity) -----------------


class _Tables:
    __slots__ = ("cache", "na", "na_cache", "phrases", "policy")

    def __init__(self, policy: Policy) -> None:
        self.policy = policy  # keeps the id alive
        self.phrases = policy.phrase_table()
        self.na = frozenset(normalize_text(p) for p in policy.not_applicable_phrases)
        self.cache: dict[str, str | None] = {}
        self.na_cache: dict[str, bool] = {}

    def not_applicable(self, text: str) -> bool:
        """Whether ``text`` is one of the policy's 不适用 phrases (spacing, width aside)."""
        try:
            return self.na_cache[text]
        except KeyError:
            pass
        # The phrases are Chinese: an ASCII-only value ("98%", "735") is never one of them.
        found = not text.isascii() and _norm(text) in self.na
        if len(self.na_cache) < 4096:
            self.na_cache[text] = found
        return found

    def grade(self, text: str) -> str | None:
        try:
            return self.cache[text]
        except KeyError:
            pass
        norm = _norm(text)
        # The phrase that starts earliest wins, the longest among those: "部分达成年度指标…"
        # is 部分达成 although it also contains 达成年度指标.
        found: str | None = None
        best = len(norm)
        for phrase, grade in self.phrases:  # longest first
            pos = norm.find(phrase)
            if 0 <= pos < best:
                best, found = pos, grade
        if found == GRADE_MET and norm[:best].endswith(_NEGATIONS):
            found = GRADE_NOT_MET
        if len(self.cache) < 4096:
            self.cache[text] = found
        return found


_TABLES: dict[int, _Tables] = {}


def _tables(policy: Policy) -> _Tables:
    t = _TABLES.get(id(policy))
    if t is None or t.policy is not policy:
        if len(_TABLES) > 64:
            _TABLES.clear()
        t = _TABLES[id(policy)] = _Tables(policy)
    return t


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    return normalize_text(text)


# A number, with decimals unless it is a year-like 4-digit "2019.5", and an optional %.
_PLAIN_NUMBER = re.compile(r"(?!\d{4}\.)\d+(?:\.\d+)?%?")


def parse_actual(text: str | None) -> ParsedValue:
    """``parse_value`` with a fast path for the plain numbers most actuals are.

    Actuals ("735", "98%", "37.24") are mostly distinct, so the grammar's cache rarely
    helps them; this path builds the same ``ParsedValue`` directly (a test checks it
    against ``parse_value``) and leaves anything else, including "2019.5" (a month in
    the grammar), to the grammar.
    """
    if text and _PLAIN_NUMBER.fullmatch(text):
        if text[-1] == "%":
            return quantity_value(None, Decimal(text[:-1]), "%", text)
        return quantity_value(None, Decimal(text), None, text)
    return parse_value(text)


# --- the scorer -------------------------------------------------------------------------


def compute_scores(doc: SelfEvaluation, policy: Policy | None = None) -> ScoreReport:
    """Score every indicator, the execution item, the total and the grade (no 复核)."""
    policy = policy or DEFAULT_POLICY
    tables = _tables(policy)
    quantum = policy.quantum
    year = doc.year

    execution = _score_execution(doc, policy, quantum)
    points, spread, note = _effective_points(doc, policy, execution.points)

    results: list[IndicatorScore] = []
    for i, ind in enumerate(doc.indicators):
        pts = points[i]
        if _is_not_applicable(ind, tables):
            results.append(
                IndicatorScore(
                    i + 1, ind.name, pts, None, None, ("不适用，不计分",), NOT_APPLICABLE
                )
            )
            continue
        res = _score_indicator(i + 1, ind, pts, policy, tables, year)
        res.points_spread = spread[i]
        if res.raw is not None:
            res.score = res.raw.quantize(quantum, ROUND_HALF_UP)
        results.append(res)

    total, rescaled = _total(results, execution, policy, quantum)
    return ScoreReport(
        policy=policy,
        project=doc.project.code or doc.project.name,
        execution=execution,
        indicators=results,
        total=total,
        grade=None if total is None else policy.grade_of(total),
        rescaled=rescaled,
        points_parts=note,
    )


def _is_not_applicable(ind: EvalIndicator, tables: _Tables) -> bool:
    extra = ind.extra
    if extra and (extra.get("not_applicable") is True or extra.get("applicable") is False):
        return True
    actual, target = ind.actual, ind.target
    if actual and not actual.isascii() and tables.not_applicable(actual):
        return True
    return bool(target and tables.not_applicable(target))


def _total(
    results: list[IndicatorScore], execution: ExecutionScore, policy: Policy, quantum: Decimal
) -> tuple[Decimal | None, bool]:
    total = ZERO
    applicable_points = ZERO
    left_out = False
    for r in results:
        if r.method == NOT_APPLICABLE:
            left_out = True
            continue
        if r.score is not None:
            total += r.score
        if r.points is not None:
            applicable_points += r.points
    if execution.score is None:
        left_out = True
    else:
        total += execution.score
        applicable_points += execution.points
    if left_out and policy.not_applicable_rescale:
        if applicable_points <= 0:
            return None, False
        return (total * HUNDRED / applicable_points).quantize(quantum, ROUND_HALF_UP), True
    return total.quantize(quantum, ROUND_HALF_UP), False


# --- execution (S13) ----------------------------------------------------------------------


def _score_execution(doc: SelfEvaluation, policy: Policy, quantum: Decimal) -> ExecutionScore:
    given = doc.execution.points
    points = given if given is not None else policy.execution_points
    funds = doc.funds
    base, base_label = funds.annual, "全年预算数"
    if base is None and funds.initial is not None:
        base, base_label = funds.initial, "年初预算数（未填全年预算数）"
    if base is None or funds.executed is None or base <= 0:
        why = (
            "缺少全年预算数或全年执行数"
            if base is None or funds.executed is None
            else "全年预算数为0"
        )
        return ExecutionScore(None, points, None, None, (why, "，预算执行率不计分"), given is None)
    rate = funds.executed / base
    share = min(rate, ONE) if policy.execution_cap else rate
    if share < 0:
        share = ZERO
    raw = share * points
    score = raw.quantize(quantum, ROUND_HALF_UP)
    pct = (rate * HUNDRED).quantize(CENT, ROUND_HALF_UP)
    parts: tuple[str | Decimal, ...] = ("执行率 ", funds.executed, "/", base, " = ", pct, "%")
    if base_label != "全年预算数":
        parts = (*parts, "（以", base_label, "为分母）")
    if rate > ONE and policy.execution_cap:
        parts = (*parts, "，超过100%按100%计，得", score)
    else:
        parts = (*parts, "，×", points, " = ", score)
    return ExecutionScore(rate, points, score, raw, parts, given is None)


# --- points (S3, missing points) ----------------------------------------------------------


def _effective_points(
    doc: SelfEvaluation, policy: Policy, execution_points: Decimal
) -> tuple[list[Decimal | None], list[bool], tuple[str | Decimal, ...]]:
    inds = doc.indicators
    points: list[Decimal | None] = [ind.points for ind in inds]
    spread = [False] * len(inds)
    # Not ``None in points``: Decimal == None takes the slow path (an ABC check).
    missing = [i for i, p in enumerate(points) if p is None]
    if not missing:
        return points, spread, ()
    parts: list[str | Decimal] = []
    rest_missing = missing
    fixed = policy.level1_points
    if policy.missing_points == "level1" and fixed is not None:
        groups: dict[str, list[int]] = {}
        given: dict[str, Decimal] = {}
        for i, ind in enumerate(inds):
            g = policy.group_of(ind.level1)
            if g is None:
                continue
            p = points[i]
            if p is None:
                groups.setdefault(g, []).append(i)
            else:
                given[g] = given.get(g, ZERO) + p
        rest_missing = [i for i in missing if policy.group_of(inds[i].level1) is None]
        parts.append("未列分值的指标按一级指标分值平均分配：")
        for g, idx in groups.items():
            room = max(fixed[g] - given.get(g, ZERO), ZERO)
            each = (room / len(idx)).quantize(CENT, ROUND_HALF_UP)
            for i in idx:
                points[i] = each
                spread[i] = True
            if len(parts) > 1:
                parts.append("；")
            parts += [g, "指标（", fixed[g], "−已列", given.get(g, ZERO), "）÷", str(len(idx))]
            parts += ["项 = ", each, "分/项"]
    else:
        parts.append("未列分值的指标平均分配100分中的剩余分值：")
    if rest_missing:
        used = sum((p for p in points if p is not None), ZERO) + execution_points
        room = max(HUNDRED - used, ZERO)
        each = (room / len(rest_missing)).quantize(CENT, ROUND_HALF_UP)
        for i in rest_missing:
            points[i] = each
            spread[i] = True
        if len(parts) > 1:
            parts.append("；")
        parts += ["剩余（100−已列", used, "）÷", str(len(rest_missing)), "项 = ", each, "分/项"]
    return points, spread, tuple(parts)


# --- one indicator ------------------------------------------------------------------------

Parts = tuple[str | Decimal, ...]


def _score_indicator(
    index: int,
    ind: EvalIndicator,
    points: Decimal | None,
    policy: Policy,
    tables: _Tables,
    year: int | None,
) -> IndicatorScore:
    pts = points if points is not None else ZERO
    target = parse_value(ind.target)
    actual = parse_actual(ind.actual)
    if actual.kind == "empty":
        return _fallback(index, ind, pts, ("未填实际完成值",))
    if target.kind == "deadline":
        return _score_deadline(index, ind, pts, target, actual, policy, tables, year)
    if target.kind == "quantity" and actual.kind == "quantity":
        res = _score_quantity(index, ind, pts, target, actual, policy)
        if res is not None:
            return res
        why = ("实际值“", actual.text, "”与目标“", target.text, "”单位不一致，无法换算")
        return _fallback(index, ind, pts, why)
    return _score_qualitative(index, ind, pts, target, actual, policy, tables)


def _fallback(index: int, ind: EvalIndicator, pts: Decimal, why: Parts) -> IndicatorScore:
    published = ind.published_score
    if published is not None:
        parts = (*why, "，沿用公布得分", published)
        return IndicatorScore(index, ind.name, pts, None, published, parts, FALLBACK)
    parts = (*why, "，且未公布得分，按0分计")
    return IndicatorScore(index, ind.name, pts, None, ZERO, parts, FALLBACK)


def _align_units(
    target: ParsedValue, actual: ParsedValue
) -> tuple[Decimal, Decimal, str | None, Parts] | None:
    """(A, B, unit, note) with B converted to the target's unit, or ``None`` if it cannot be."""
    a = target.number
    b = actual.number
    assert a is not None
    assert b is not None
    tu, au = target.unit, actual.unit
    if au is None and tu == "%" and 0 < b <= 1 < a:
        # "0.95" against "≥90%": a rate written as a fraction, not 0.95 per cent.
        return a, b * HUNDRED, tu, ("（", b, "按", b * HUNDRED, "%计）")
    if au is None or tu is None or au == tu:
        return a, b, tu or au, ()
    fa, ft = _MONEY_FACTORS.get(au), _MONEY_FACTORS.get(tu)
    if fa is None or ft is None:
        return None
    converted = b * fa / ft
    return a, converted, tu, ("（", b, au, " = ", converted, tu, "）")


def _direction(ind: EvalIndicator, target: ParsedValue, policy: Policy, unit: str | None) -> str:
    op = target.op
    if op in ("≥", ">"):
        return "positive"
    if op in ("≤", "<"):
        return "reverse"
    if op == "=":
        return "equality"
    direction = ind.extra.get("direction") if ind.extra else None
    if direction == "反向":  # 指标方向性 column of 一体化 forms
        return "reverse"
    if direction == "正向":
        return "positive"
    if (
        policy.unsigned_cost_reverse
        and unit in _MONEY_FACTORS
        and "成本" in (ind.level2 or "") + (ind.level1 or "")
    ):
        return "reverse"
    return "positive"


def _score_quantity(
    index: int,
    ind: EvalIndicator,
    pts: Decimal,
    target: ParsedValue,
    actual: ParsedValue,
    policy: Policy,
) -> IndicatorScore | None:
    tu, au = target.unit, actual.unit
    note: Parts
    if tu == au or (
        au is None and not (tu == "%" and actual.number is not None and 0 < actual.number <= 1)
    ):
        # Common case, inlined: same unit, or a unitless actual taking the target's.
        a, b, unit, note = target.number, actual.number, tu, ()
        assert a is not None
        assert b is not None
    else:
        aligned = _align_units(target, actual)
        if aligned is None:
            return None
        a, b, unit, note = aligned
    u = unit or ""
    op = target.op
    if op == "≥" or op == ">":
        direction = "positive"
    elif op == "≤" or op == "<":
        direction = "reverse"
    else:
        direction = _direction(ind, target, policy, unit)
    flags: tuple[str, ...] = ()
    parts: Parts
    if direction == "reverse":
        raw, parts = _reverse(a, b, pts, u, policy)
        if not target.op:
            parts = (*parts, "（成本指标未写“≤”，按反向计）")
    elif direction == "equality" and a == 0:
        if b <= 0:
            raw, parts = pts, (b, u, " ≤ 0，满分")
        else:
            raw, parts = ZERO, (b, u, "，目标为0，0分")
    elif direction == "equality" and policy.equality_formula == "two_sided" and a > 0:
        raw = pts * max(ONE - abs(b - a) / a, ZERO)
        if b == a:
            parts = ("等于目标，满分",)
        else:
            parts = (pts, "×(1−|", b, "−", a, "|/", a, ") = ", _q(raw, policy))
    else:
        raw, parts = _positive(a, b, pts, u, policy)
        if direction == "equality" and raw == pts and b >= a:
            parts = (b, u, "，达到目标=", a, u, "，满分")
        ratio = policy.over_achievement_ratio
        if ratio is not None and a > 0 and b / a >= ratio:
            flags = ("over-achievement",)
            parts = (*parts, "（超过目标", ratio, "倍，需说明原因）")
    if raw < 0:
        raw = ZERO
    if note:
        parts = (*parts, *note)
    return IndicatorScore(index, ind.name, pts, None, raw, parts, QUANTITY, flags=flags)


def _q(d: Decimal, policy: Policy) -> Decimal:
    return d.quantize(policy.quantum, ROUND_HALF_UP)


def _positive(
    a: Decimal, b: Decimal, pts: Decimal, u: str, policy: Policy
) -> tuple[Decimal, Parts]:
    if a <= 0:
        if b >= a:
            return pts, (b, u, " ≥ ", a, u, "，满分")
        return ZERO, (b, u, " < ", a, u, "，0分")
    if b >= a and policy.cap_at_points:
        return pts, (b, u, " ≥ ", a, u, "，满分")
    raw = pts * b / a
    if b > a:
        return raw, (b, "/", a, "×", pts, " = ", _q(raw, policy), "（超过分值，未封顶）")
    return raw, (b, "/", a, "×", pts, " = ", _q(raw, policy))


def _reverse(a: Decimal, b: Decimal, pts: Decimal, u: str, policy: Policy) -> tuple[Decimal, Parts]:
    if a <= 0:
        if b <= a:
            return pts, (b, u, " ≤ ", a, u, "，满分")
        return ZERO, (b, u, " > ", a, u, "，0分")
    if b <= a:
        if policy.cap_at_points or b <= 0 or policy.reverse_formula == "linear":
            return pts, (b, u, " ≤ ", a, u, "，满分")
        raw = pts * a / b
        return raw, (a, "/", b, "×", pts, " = ", _q(raw, policy), "（反向，未封顶）")
    if policy.reverse_formula == "linear":
        if b >= 2 * a:
            return ZERO, (b, u, " ≥ 2×", a, u, "，0分（反向线性）")
        raw = pts * (ONE - (b - a) / a)
        return raw, (pts, "×(1−(", b, "−", a, ")/", a, ") = ", _q(raw, policy), "（反向线性）")
    raw = pts * a / b
    return raw, (a, "/", b, "×", pts, " = ", _q(raw, policy), "（反向，超出目标）")


def _score_deadline(
    index: int,
    ind: EvalIndicator,
    pts: Decimal,
    target: ParsedValue,
    actual: ParsedValue,
    policy: Policy,
    tables: _Tables,
    year: int | None,
) -> IndicatorScore:
    if actual.kind == "deadline":
        due = target.resolved_date(year)
        done = actual.resolved_date(year)
        if due is None or done is None:  # no year anywhere: compare month and day
            due, done = (target.date or "")[-5:], (actual.date or "")[-5:]
        if done <= due:
            parts: Parts = (done, " 完成，不晚于期限 ", due, "，满分")
            return IndicatorScore(index, ind.name, pts, None, pts, parts, DEADLINE)
        grade = policy.deadline_missed_grade
        band = policy.qualitative_bands[grade]
        raw = pts * band.score
        parts = (
            done,
            " 完成，晚于期限 ",
            due,
            "，按“",
            grade,
            "”计",
            band.score * HUNDRED,
            "% = ",
            _q(raw, policy),
        )
        return IndicatorScore(
            index, ind.name, pts, None, raw, parts, DEADLINE, grade=grade, band=band
        )
    if actual.kind == "quantity" and actual.unit == "%" and actual.number is not None:
        share = actual.number / HUNDRED
        if policy.cap_at_points:
            share = min(share, ONE)
        raw = pts * max(share, ZERO)
        if share >= 1:
            parts = ("按期完成，满分",)
        else:
            parts = ("按期完成", actual.number, "%×", pts, " = ", _q(raw, policy))
        return IndicatorScore(index, ind.name, pts, None, raw, parts, DEADLINE)
    return _score_qualitative(index, ind, pts, target, actual, policy, tables)


def _score_qualitative(
    index: int,
    ind: EvalIndicator,
    pts: Decimal,
    target: ParsedValue,
    actual: ParsedValue,
    policy: Policy,
    tables: _Tables,
) -> IndicatorScore:
    grade: str | None = None
    how: Parts
    if (
        policy.qualitative_match_target
        and target.kind != "empty"
        and _norm(actual.text) == _norm(target.text)
    ):
        grade = GRADE_MET
        how = ("实际“", actual.text, "”与目标一致")
    else:
        grade = tables.grade(actual.text)
        how = ("“", actual.text, "”")
    if grade is None:
        return _fallback(index, ind, pts, ("实际完成值“", actual.text, "”无法判定达成档次"))
    band = policy.qualitative_bands[grade]
    raw = pts * band.score
    close = "]" if band.upper_inclusive else ")"
    parts = (
        *how,
        "→",
        grade,
        "，区间[",
        pts * band.lower,
        ",",
        pts * band.upper,
        close,
        "，计",
        _q(raw, policy),
    )
    return IndicatorScore(
        index, ind.name, pts, None, raw, parts, QUALITATIVE, grade=grade, band=band
    )
