"""S18: a row that does not get full points needs 未完成原因及改进措施.

The published forms ask for the reason of every shortfall; the workspace refuses to
submit a self-evaluation without them (docs/scoring.md#s18). Pure: scores in, findings out.
"""

from __future__ import annotations

from jixiao.core.findings import Finding
from jixiao.core.model import SelfEvaluation
from jixiao.core.scoring.scorer import NOT_APPLICABLE, ScoreReport

__all__ = ["REASON_RULE", "missing_reasons"]

REASON_RULE = "reason-missing"
_BASIS = "本项目表单要求（docs/scoring.md#s18）"


def missing_reasons(doc: SelfEvaluation, report: ScoreReport) -> list[Finding]:
    """One error per scored row below its points whose reason is blank."""
    out: list[Finding] = []
    for ind, res in zip(doc.indicators, report.indicators, strict=True):
        if res.method == NOT_APPLICABLE or res.points is None:
            continue
        score = ind.published_score if ind.published_score is not None else res.score
        if score is None or score >= res.points or (ind.reason or "").strip():
            continue
        label = ind.name or f"第{res.index}项指标"
        out.append(
            Finding(
                REASON_RULE,
                "error",
                report.project,
                res.index,
                f"“{label}”得分 {score} 低于分值 {res.points}，请填写未完成原因及改进措施",
                _BASIS,
            )
        )
    return out
