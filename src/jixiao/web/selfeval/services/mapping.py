"""Database rows ⇄ the core's ``jixiao.selfeval/1`` document, and the policy to score with.

The page, the API, the Excel export and ``jixiao score`` all score the same document built
here, so the scores they show are the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jixiao.core.model import EvalIndicator, EvalProject, Execution, Funds
from jixiao.core.model import SelfEvaluation as Doc
from jixiao.core.money import plain_decimal
from jixiao.core.scoring import Policy, load_policy
from jixiao.web.selfeval.models import EvalRow, SelfEvaluation

__all__ = ["policy_of", "to_document"]


def _num(d: Decimal | None) -> Decimal | None:
    """A stored amount without the column's fixed scale ("15.000000" → 15)."""
    return None if d is None else plain_decimal(d)


def policy_of(ev: SelfEvaluation) -> Policy:
    return load_policy(ev.policy or None)


def to_document(ev: SelfEvaluation, rows: Sequence[EvalRow] | None = None) -> Doc:
    """The self-evaluation as the core reads it; the unit's scores are the published ones."""
    if rows is None:
        rows = list(ev.rows.order_by("position", "id"))
    project = ev.project
    unit = ev.unit
    supervisor = unit.parent.name if unit.parent_id is not None and unit.parent else unit.name
    return Doc(
        year=ev.year,
        project=EvalProject(
            code=project.code, name=project.name, supervisor=supervisor, implementer=unit.name
        ),
        money_unit=project.plan.money_unit or "万元",
        funds=Funds(_num(ev.funds_initial), _num(ev.funds_annual), _num(ev.funds_executed)),
        execution=Execution(_num(ev.execution_points), _num(ev.execution_score)),
        indicators=[
            EvalIndicator(
                level1=r.level1 or None,
                level2=r.level2 or None,
                name=r.name or None,
                target=r.target or None,
                actual=r.actual or None,
                points=_num(r.points),
                published_score=_num(r.score),
                reason=r.reason or None,
            )
            for r in rows
        ],
        policy=ev.policy or None,
        extra={"goal": ev.goal, "goal_actual": ev.goal_actual} if ev.goal else {},
    )
