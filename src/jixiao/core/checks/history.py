"""Rules against last year's record (T23): a target set below what was already achieved.

A plan started from last year's carries, per indicator, ``extra.previous_target`` (上年
目标值) and ``extra.previous_actual`` (上年实际值, from the self-evaluation). Only rows that
carry the actual are checked, so plans written from scratch never trigger it.
"""

from __future__ import annotations

from jixiao.core.checks.base import Context, Facts, Hit, Rule
from jixiao.core.scoring.scorer import fmt, parse_actual

__all__ = ["RULES", "check_below_last_actual"]

PREVIOUS_TARGET = "previous_target"
PREVIOUS_ACTUAL = "previous_actual"


def check_below_last_actual(f: Facts, ctx: Context) -> Hit | None:
    """T23: a lower bound (≥, >, or no operator) below last year's actual, same unit."""
    raw = f.ind.extra.get(PREVIOUS_ACTUAL) if f.ind.extra else None
    if not isinstance(raw, str) or not raw.strip():
        return None
    v = f.value
    if v.kind != "quantity" or v.number is None or f.is_cost or v.op not in (None, "≥", ">"):
        return None
    last = parse_actual(raw.strip())
    if last.kind != "quantity" or last.number is None:
        return None
    unit = last.unit if last.unit is not None else v.unit  # a bare number takes the target's
    if unit != v.unit or v.number >= last.number:
        return None
    return Hit(
        params={"name": f.label, "target": v.text, "actual": raw.strip()},
        suggestion=f"目标一般不低于上年实际完成值（{fmt(last.number)}{v.unit or ''}），或在确定依据中说明原因",
    )


RULES: tuple[Rule, ...] = (
    Rule(
        slug="below-last-actual",
        title="指标值低于上年实际",
        severity="warning",
        scope="indicator",
        check=check_below_last_actual,
        messages={"default": "“{name}”的指标值“{target}”低于上年实际完成值“{actual}”"},
        basis="绩效目标审核的适当性：指标值应与以往实际水平相比合理（财预〔2015〕88号 审核维度，经转引；docs/rules.md#t23）",
    ),
)
