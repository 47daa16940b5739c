"""Scores of a self-evaluation by the core, and the cached totals lists show.

``scored(ev)`` is what every page, the API and the export use: the core's report for the
document of ``services.mapping`` (the rules' scores with their explanations, and the 复核
findings against the unit's own scores) plus the S18 reasons check that blocks submit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from jixiao.core.findings import Finding
from jixiao.core.model import SelfEvaluation as Doc
from jixiao.core.scoring import ScoreReport, score_selfeval
from jixiao.core.scoring.reasons import missing_reasons
from jixiao.core.scoring.scorer import NOT_APPLICABLE
from jixiao.web.selfeval.models import EvalRow, SelfEvaluation
from jixiao.web.selfeval.services.mapping import policy_of, to_document

__all__ = ["Scored", "claimed_total", "refresh", "scored"]


@dataclass(slots=True)
class Scored:
    doc: Doc
    report: ScoreReport
    #: 复核 (R1–R7): where the unit's scores depart from the rules.
    departures: list[Finding]
    #: Findings that block submit (S18 reasons, and departures of severity error).
    blocking: list[Finding]
    claimed: Decimal | None

    @property
    def findings(self) -> list[Finding]:
        return [*self.departures, *(f for f in self.blocking if f not in self.departures)]

    @property
    def claimed_grade(self) -> str | None:
        return None if self.claimed is None else self.report.policy.grade_of(self.claimed)


def claimed_total(doc: Doc, report: ScoreReport) -> Decimal | None:
    """The unit's own total: its scores summed (S15), rescaled like the rules' (S12).

    ``None`` while an applicable row or the execution item has no score of the unit's.
    """
    policy = report.policy
    total = Decimal(0)
    points = Decimal(0)
    for ind, res in zip(doc.indicators, report.indicators, strict=True):
        if res.method == NOT_APPLICABLE:
            continue
        if ind.published_score is None:
            return None
        total += ind.published_score
        points += res.points or 0
    ex = doc.execution.published_score
    if ex is None:
        return None
    total += ex
    points += report.execution.points
    if report.rescaled and points > 0:
        total = total * 100 / points
    return total.quantize(policy.quantum, ROUND_HALF_UP)


def scored(ev: SelfEvaluation, rows: Sequence[EvalRow] | None = None) -> Scored:
    doc = to_document(ev, rows)
    report = score_selfeval(doc, policy_of(ev))
    departures = list(report.findings)
    blocking = missing_reasons(doc, report)
    blocking += [f for f in departures if f.severity == "error"]
    return Scored(doc, report, departures, blocking, claimed_total(doc, report))


def refresh(ev: SelfEvaluation, result: Scored | None = None) -> Scored:
    """Recompute and cache the total, grade and number of departures on ``ev``."""
    result = result or scored(ev)
    SelfEvaluation.objects.filter(pk=ev.pk).update(
        total=result.report.total,
        grade=result.report.grade or "",
        claimed_total=result.claimed,
        departures=len(result.departures),
    )
    ev.total = result.report.total
    ev.grade = result.report.grade or ""
    ev.claimed_total = result.claimed
    ev.departures = len(result.departures)
    return result
