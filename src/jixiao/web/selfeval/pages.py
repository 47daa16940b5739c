"""What several self-evaluation pages show: rows beside the rules' scores, totals, bands.

Views import this, never each other (the ``views-independent`` contract).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest

from jixiao.core import workflow as wf
from jixiao.core.findings import Finding
from jixiao.core.money import plain_decimal
from jixiao.core.scoring.policy import Band, Policy
from jixiao.core.scoring.scorer import IndicatorScore, fmt
from jixiao.core.values import parse_value
from jixiao.web.common.ui import count_severities, findings_by_indicator
from jixiao.web.rectification.models import Rectification
from jixiao.web.rectification.services.items import can_manage
from jixiao.web.selfeval.access import can_edit_selfeval
from jixiao.web.selfeval.models import EvalRow, Evidence, SelfEvaluation
from jixiao.web.selfeval.services.scoring import Scored, scored
from jixiao.web.selfeval.services.transitions import available_actions

__all__ = ["BandOption", "RowView", "band_options", "evaluation_context", "row_views"]

#: What the unit may write for each qualitative grade (the policy's phrases match them).
GRADE_TEXT = {
    "达成": "达成年度指标",
    "部分达成": "部分达成年度指标并具有一定效果",
    "未达成": "未达成年度指标且效果较差",
}


@dataclass(frozen=True, slots=True)
class BandOption:
    grade: str
    text: str
    low: str
    high: str
    closed: bool


def band_options(policy: Policy, points: Decimal | None) -> list[BandOption]:
    """The policy's qualitative bands as score ranges of a row with ``points`` (S9)."""
    if points is None:
        return []
    out = []
    for grade, band in policy.qualitative_bands.items():
        out.append(
            BandOption(
                grade,
                GRADE_TEXT.get(grade, grade),
                fmt(points * band.lower),
                fmt(points * band.upper),
                band.upper_inclusive,
            )
        )
    return out


def _band_text(band: Band | None, points: Decimal | None) -> str:
    if band is None or points is None:
        return ""
    close = "]" if band.upper_inclusive else ")"
    return f"[{fmt(points * band.lower)}, {fmt(points * band.upper)}{close}"


@dataclass(slots=True)
class RowView:
    row: EvalRow
    index: int
    res: IndicatorScore
    findings: list[Finding]
    qualitative: bool
    bands: list[BandOption]
    band_range: str
    short: bool  # the row does not get full points: a reason is required

    @property
    def points(self) -> str:
        return "" if self.row.points is None else fmt(plain_decimal(self.row.points))

    @property
    def unit_score(self) -> str:
        return "" if self.row.score is None else fmt(plain_decimal(self.row.score))


def row_views(result: Scored, rows: list[EvalRow]) -> tuple[list[RowView], list[Finding]]:
    """Each row with its score, explanation, bands and findings; the general findings."""
    policy = result.report.policy
    by_row, general = findings_by_indicator(result.findings, result.report.project)
    out = []
    for i, (row, res) in enumerate(zip(rows, result.report.indicators, strict=True), start=1):
        qualitative = parse_value(row.target or None).kind == "qualitative"
        score = row.score if row.score is not None else res.score
        short = (
            res.method != "not_applicable"
            and score is not None
            and res.points is not None
            and score < res.points
        )
        out.append(
            RowView(
                row,
                i,
                res,
                by_row.get(i, []),
                qualitative,
                band_options(policy, res.points) if qualitative else [],
                _band_text(res.band, res.points),
                short,
            )
        )
    return out, general


def evaluation_context(request: HttpRequest, ev: SelfEvaluation) -> dict[str, Any]:
    rows = list(ev.rows.order_by("position", "id"))
    result = scored(ev, rows)
    views, general = row_views(result, rows)
    actions = available_actions(request.user, ev)
    return {
        "ev": ev,
        "project": ev.project,
        "plan": ev.project.plan,
        "result": result,
        "report": result.report,
        "rows": views,
        "general": general,
        "counts": count_severities(result.findings),
        "can_edit": can_edit_selfeval(request.user, ev),
        "actions": [(a.value, wf.ACTION_LABELS[a]) for a in actions],
        "needs_comment": {wf.Action.RETURN.value},
        "transitions": list(ev.transitions.select_related("user").order_by("at", "id")),
        "changes": list(ev.changes.select_related("user").order_by("-at", "-id")[:50]),
        "rectifications": list(Rectification.objects.filter(project=ev.project)),
        "evidence": list(
            Evidence.objects.filter(evaluation=ev).defer("data").select_related("uploaded_by")
        ),
        "can_rectify": can_manage(request.user, ev.unit),
    }
