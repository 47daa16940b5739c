"""复核: compare a published self-evaluation with the policy's scores (docs/scoring.md R0–R7).

Every difference is a ``Finding`` with the rule slug of docs/scoring.md#recheck; published values are
never overwritten. Tolerance (R0) is half a unit of the precision at which the two numbers
can be compared: the policy's rounding, or — when ``respect_published_precision`` is on —
the published number's own precision if that is coarser. A published "9" is a whole-point
score, so it is judged against the policy's score rounded to whole points (8.62 → 9, no
finding), while a published "9.00" is judged at two decimals (finding).

R3 (over-points) follows the policy's caps: under ``cap_at_points: false`` (or
``execution_cap: false``) a score above its points is what the policy itself gives, so it
is not reported; R1 still reports it when it departs from the uncapped formula.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jixiao.core.findings import Finding, Severity
from jixiao.core.model import SelfEvaluation
from jixiao.core.scoring.policy import QUANTA, Policy
from jixiao.core.scoring.scorer import (
    DEADLINE,
    HUNDRED,
    NOT_APPLICABLE,
    QUALITATIVE,
    QUANTITY,
    ZERO,
    IndicatorScore,
    Parts,
    ScoreReport,
    fmt,
    render,
)

__all__ = ["RULE_BASIS", "recheck", "tolerance_digits"]

RULE_BASIS = {
    "score-mismatch": "docs/scoring.md#r1；财预〔2020〕10号 评分方法（S5–S8）",
    "execution-score-mismatch": "docs/scoring.md#r2；预算执行率得分 = 执行率 × 分值（S13）",
    "over-points": "docs/scoring.md#r3；得分最高不能超过该指标分值（S4）",
    "points-sum": "docs/scoring.md#r4；一级指标分值统一设置（S1、S3）",
    "total-mismatch": "docs/scoring.md#r5；总分 = 各项得分之和（S15、S12）",
    "qualitative-band": "docs/scoring.md#r6；定性指标得分区间（S9）",
    "grade-mismatch": "docs/scoring.md#r7；评价等级（S16）",
}

_SEVERITY: dict[str, Severity] = {
    "score-mismatch": "warning",
    "execution-score-mismatch": "warning",
    "over-points": "error",
    "points-sum": "warning",
    "total-mismatch": "error",
    "qualitative-band": "error",
    "grade-mismatch": "error",
}

_GRADE_ALIASES = {
    "优秀": "优",
    "良好": "良",
    "中等": "中",
    "合格": "中",
    "较差": "差",
    "不合格": "差",
}


def tolerance_digits(policy: Policy, published: Decimal) -> int:
    """Decimals at which ``published`` is compared with a computed value (R0)."""
    digits = policy.rounding
    if policy.respect_published_precision:
        text = str(published)  # cheaper than as_tuple(); exponent forms go the long way
        if "E" in text:
            exp = published.as_tuple().exponent
            shown = max(0, -exp) if isinstance(exp, int) else 0
        else:
            dot = text.find(".")
            shown = 0 if dot < 0 else len(text) - dot - 1
        if shown < digits:
            digits = shown
    return digits


_HALF = tuple(q / 2 for q in QUANTA)


def _differs(
    published: Decimal, raw: Decimal, policy: Policy, rounded: Decimal | None = None
) -> bool:
    """Whether ``published`` departs from ``raw`` at the tolerance of R0; ``rounded`` is
    ``raw`` already rounded at the policy's precision, if the caller has it."""
    digits = tolerance_digits(policy, published)
    if rounded is None or digits != policy.rounding:
        rounded = raw.quantize(QUANTA[digits], ROUND_HALF_UP)
    return abs(published - rounded) > _HALF[digits]


def _finding(
    rule: str,
    report: ScoreReport,
    indicator: int | None,
    message: tuple[Callable[..., str], tuple[Any, ...]],
    published: str | None,
    computed: str | None,
    **extra: Any,
) -> Finding:
    """A finding whose message is ``render(*args)`` for ``message = (render, args)``,
    formatted only when read (most scoring runs only count or serialise some)."""
    render, args = message
    data = {"published": published, "computed": computed}
    if extra:
        data.update(extra)
    return Finding.deferred(
        rule,
        _SEVERITY[rule],
        report.project,
        indicator,
        render,
        *args,
        basis=RULE_BASIS[rule],
        extra=data,
    )


# --- messages (formatted when read) ------------------------------------------------------


def _label(name: str | None, index: int) -> str:
    return name or f"第{index}项指标"


def _over_points_message(name: str | None, index: int, published: Decimal, points: Decimal) -> str:
    return f"{_label(name, index)}：公布得分{fmt(published)}分超过分值{fmt(points)}分"


def _mismatch_message(
    name: str | None, index: int, parts: Parts, computed: Decimal, published: Decimal
) -> str:
    return (
        f"{_label(name, index)}：{render(parts)}，应得{fmt(computed)}分，公布为{fmt(published)}分"
    )


def _band_message(
    name: str | None,
    index: int,
    grade: str | None,
    lo: Decimal,
    hi: Decimal,
    close: str,
    published: Decimal,
) -> str:
    return (
        f"{_label(name, index)}：实际完成情况为“{grade}”，"
        f"得分应在[{fmt(lo)},{fmt(hi)}{close}内，公布为{fmt(published)}分"
    )


def _execution_over_points_message(published: Decimal, points: Decimal) -> str:
    return f"预算执行率：公布得分{fmt(published)}分超过分值{fmt(points)}分"


def _execution_mismatch_message(parts: Parts, computed: Decimal, published: Decimal) -> str:
    return f"预算执行率：{render(parts)}，应得{fmt(computed)}分，公布为{fmt(published)}分"


def _text_message(text: str) -> str:
    return text


def _total_message(how: Parts, shown: Decimal, published_total: Decimal) -> str:
    return f"总分：{render(how)}为{fmt(shown)}分，公布总分为{fmt(published_total)}分"


def _grade_message(
    total: Decimal, grade_bands: tuple[tuple[str, Decimal], ...], expected: str, published: str
) -> str:
    bands = "、".join(f"{g}≥{fmt(lower)}" for g, lower in grade_bands)
    return (
        f"评价等级：公布总分{fmt(total)}分按等级划分（{bands}）"
        f"应为“{expected}”，公布为“{published}”"
    )


def recheck(doc: SelfEvaluation, report: ScoreReport) -> list[Finding]:
    """All R1–R7 findings for ``doc`` against the policy scores in ``report``."""
    policy = report.policy
    q = policy.quantum
    out: list[Finding] = []
    out.extend(_points_sum(doc, report))
    for ind, res in zip(doc.indicators, report.indicators, strict=True):
        published = ind.published_score
        if published is None or res.method == NOT_APPLICABLE:
            continue
        if policy.cap_at_points and res.points is not None and published > res.points:
            out.append(
                _finding(
                    "over-points",
                    report,
                    res.index,
                    (_over_points_message, (ind.name, res.index, published, res.points)),
                    fmt(published),
                    fmt(res.points),
                )
            )
        if res.method in (QUANTITY, DEADLINE) and res.raw is not None:
            # compute_scores set score = raw rounded at the policy's precision. A published
            # score equal to it is within tolerance at any coarser precision too.
            computed = res.raw.quantize(q, ROUND_HALF_UP) if res.score is None else res.score
            if published != computed and _differs(published, res.raw, policy, computed):
                message = (ind.name, res.index, res.parts, computed, published)
                out.append(
                    _finding(
                        "score-mismatch",
                        report,
                        res.index,
                        (_mismatch_message, message),
                        fmt(published),
                        str(computed),
                    )
                )
        elif res.method == QUALITATIVE:
            out.extend(_band(ind.name, published, res, report))
    out.extend(_execution(doc, report))
    out.extend(_total(doc, report))
    out.extend(_grade(doc, report))
    return out


def _band(
    name: str | None, published: Decimal, res: IndicatorScore, report: ScoreReport
) -> list[Finding]:
    band, pts = res.band, res.points
    if band is None or pts is None or pts <= 0:
        return []
    if band.contains(published / pts):
        return []
    lo, hi = pts * band.lower, pts * band.upper
    close = "]" if band.upper_inclusive else ")"
    return [
        _finding(
            "qualitative-band",
            report,
            res.index,
            (_band_message, (name, res.index, res.grade, lo, hi, close, published)),
            fmt(published),
            f"[{fmt(lo)},{fmt(hi)}{close}",
            grade=res.grade,
        )
    ]


def _execution(doc: SelfEvaluation, report: ScoreReport) -> list[Finding]:
    ex = report.execution
    published = doc.execution.published_score
    if published is None:
        return []
    out: list[Finding] = []
    if report.policy.execution_cap and published > ex.points:
        out.append(
            _finding(
                "over-points",
                report,
                None,
                (_execution_over_points_message, (published, ex.points)),
                fmt(published),
                fmt(ex.points),
                item="execution",
            )
        )
    if ex.raw is not None and _differs(published, ex.raw, report.policy):
        computed = ex.raw.quantize(report.policy.quantum, ROUND_HALF_UP)
        out.append(
            _finding(
                "execution-score-mismatch",
                report,
                None,
                (_execution_mismatch_message, (ex.parts, computed, published)),
                fmt(published),
                str(computed),
                item="execution",
            )
        )
    return out


def _points_sum(doc: SelfEvaluation, report: ScoreReport) -> list[Finding]:
    policy = report.policy
    ex_points = report.execution.points
    total = ZERO
    sums: dict[str, Decimal] = {}
    fixed = policy.level1_points
    if fixed is None:
        for r in report.indicators:
            if r.points is not None:
                total += r.points
        total += ex_points
    else:
        sums = dict.fromkeys(fixed, ZERO)
        present: set[str] = set()
        group_of = policy.group_of
        for ind, r in zip(doc.indicators, report.indicators, strict=True):
            p = r.points
            if p is not None:
                total += p
            g = group_of(ind.level1)
            if g is not None:
                present.add(g)
                if p is not None:
                    sums[g] += p
        total += ex_points
        if policy.absent_group_redistributes and present != set(fixed):
            fixed = None  # S1a: a level1 without indicators gave its points to the others
        elif total == HUNDRED and ex_points == policy.execution_points and sums == fixed:
            return []
    if fixed is None and total == HUNDRED:
        return []
    problems: list[str] = []
    if total != HUNDRED:
        problems.append(f"指标分值与预算执行率分值合计{fmt(total)}分，应为100分")
    published_parts: list[str] = []
    computed_parts: list[str] = []
    if fixed is not None:
        for g, expected in fixed.items():
            published_parts.append(f"{g}{fmt(sums[g])}")
            computed_parts.append(f"{g}{fmt(expected)}")
            if sums[g] != expected:
                problems.append(f"{g}指标{fmt(sums[g])}分，规则为{fmt(expected)}分")
        published_parts.append(f"预算执行率{fmt(ex_points)}")
        computed_parts.append(f"预算执行率{fmt(policy.execution_points)}")
        if ex_points != policy.execution_points:
            problems.append(f"预算执行率{fmt(ex_points)}分，规则为{fmt(policy.execution_points)}分")
    return [
        _finding(
            "points-sum",
            report,
            None,
            (_text_message, (f"分值设置与评分规则“{policy.name}”不符：{'；'.join(problems)}",)),
            "/".join(published_parts) or fmt(total),
            "/".join(computed_parts) or "100",
        )
    ]


def _total(doc: SelfEvaluation, report: ScoreReport) -> list[Finding]:
    published_total = doc.published_total
    if published_total is None:
        return []
    policy = report.policy
    scores = ZERO
    points = ZERO
    left_out = False
    for ind, r in zip(doc.indicators, report.indicators, strict=True):
        if r.method == NOT_APPLICABLE:
            left_out = True
            continue
        if ind.published_score is None:
            return []  # cannot add up what is not published
        scores += ind.published_score
        points += r.points or ZERO
    ex_published = doc.execution.published_score
    if ex_published is None:
        if report.execution.score is not None:
            return []
        left_out = True
    else:
        scores += ex_published
        points += report.execution.points
    expected = scores
    how: Parts = ("各项公布得分之和",)
    if left_out and policy.not_applicable_rescale and points > 0:
        expected = scores * HUNDRED / points
        how = ("各项公布得分之和", scores, "×100÷适用分值", points)
    if not _differs(published_total, expected, policy):
        return []
    shown = expected.quantize(policy.quantum, ROUND_HALF_UP)
    return [
        _finding(
            "total-mismatch",
            report,
            None,
            (_total_message, (how, shown, published_total)),
            fmt(published_total),
            str(shown),
        )
    ]


def _grade(doc: SelfEvaluation, report: ScoreReport) -> list[Finding]:
    published_grade = (doc.published_grade or "").strip()
    if not published_grade or doc.published_total is None:
        return []
    policy = report.policy
    names = [g for g, _ in policy.grade_bands]
    grade = _GRADE_ALIASES.get(published_grade, published_grade)
    if grade not in names:
        grade = next((g for g in names if published_grade.startswith(g)), grade)
    expected = policy.grade_of(doc.published_total)
    if grade == expected:
        return []
    message = (doc.published_total, policy.grade_bands, expected, published_grade)
    return [
        _finding(
            "grade-mismatch",
            report,
            None,
            (_grade_message, message),
            published_grade,
            expected,
        )
    ]
