"""Money rules (docs/rules.md T12, T18–T20): costs are caps that fit the budget; the budget adds up."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise

from jixiao.core.checks.base import (
    MONEY_FACTOR,
    PCT_UNITS,
    Context,
    Facts,
    Hit,
    ProjectFacts,
    Rule,
    fmt_target,
)
from jixiao.core.money import format_wanyuan

__all__ = [
    "RULES",
    "check_budget_sum",
    "check_cost_direction",
    "check_cost_exceeds_budget",
    "check_negative_amount",
    "check_spending_plan",
]

_HUNDRED = Decimal(100)
# A per-unit cost (元/亩, 人均, 单价 …) cannot be compared with the project budget.
_PER_UNIT = re.compile(r"单价|人均|户均|亩均|均价|平均|每|单位成本|标准|定额")


def check_cost_direction(f: Facts, ctx: Context) -> Hit | None:
    """T12: a cost is an upper bound: ≥/> is an error, no operator or = a warning."""
    if not f.is_cost:
        return None
    v = f.value
    economic = f.l2 in ("成本", "经济成本") or f.l1 != "成本"
    if not economic and v.unit not in MONEY_FACTOR:
        return None  # 社会成本 / 生态环境成本 are often qualitative or counts
    params = {"name": f.label, "target": v.text}
    if v.kind == "qualitative":
        text = v.text.strip()
        if text in ctx.m.tiers_short or text in ("0", "无", "零"):
            return None
        return Hit("no-cap", params, severity="warning", suggestion="写明成本上限，如“≤X万元”")
    if v.kind != "quantity" or v.number is None:
        return None
    if f.cat == "rate" and (v.unit is None or v.unit in PCT_UNITS):
        return None  # 成本节约率 ≥5%, 成本控制率 100: a rate, not an amount
    fix = f"改为 {fmt_target(v, '≤')}"
    if v.op in ("≥", ">"):
        return Hit("floor", params, suggestion=fix)
    if v.op in (None, "="):
        return Hit("no-op", params, severity="warning", suggestion=fix)
    return None


def _yuan(amount: Decimal, unit: str | None) -> Decimal | None:
    factor = MONEY_FACTOR.get(unit or "")
    return None if factor is None else amount * factor


def check_cost_exceeds_budget(f: Facts, ctx: Context) -> Hit | None:
    """T18: a total cost target above the project's 预算数 (1 万元 = 10000 元)."""
    p = ctx.project
    v = f.value
    if p is None or p.budget.total is None or not f.is_cost:
        return None
    if v.kind != "quantity" or v.number is None or v.unit not in MONEY_FACTOR:
        return None
    if _PER_UNIT.search(f.name + f.desc):
        return None
    cost = _yuan(v.number, v.unit)
    budget = _yuan(p.budget.total, ctx.money_unit or "万元")
    if cost is None or budget is None or cost <= budget:
        return None
    shown = f"{format_wanyuan(p.budget.total, ctx.money_unit)}万元"
    return Hit(
        params={"name": f.label, "target": v.text, "budget": shown},
        suggestion=f"成本不应超过预算数 {shown}，请核对金额和单位",
    )


def check_budget_sum(p: ProjectFacts, ctx: Context) -> Iterator[Hit]:
    """T19: 财政资金 + 其他资金 = 预算数, exactly; a blank part counts as 0."""
    b = p.project.budget
    if b.total is None or (b.fiscal is None and b.other is None):
        return
    fiscal = b.fiscal or Decimal(0)
    other = b.other or Decimal(0)
    if fiscal + other != b.total:
        yield Hit(
            params={
                "total": str(b.total),
                "fiscal": "—" if b.fiscal is None else str(b.fiscal),
                "other": "—" if b.other is None else str(b.other),
                "sum": str(fiscal + other),
            },
            suggestion="核对预算数及其资金来源",
        )


def check_negative_amount(p: ProjectFacts, ctx: Context) -> Iterator[Hit]:
    """T24: 预算数, its parts, 资金支出计划 percents and 分值 are never negative."""
    b = p.project.budget
    found = [
        f"{label} {value}"
        for label, value in (("预算数", b.total), ("财政资金", b.fiscal), ("其他资金", b.other))
        if value is not None and value < 0
    ]
    found += [
        f"{s.month}月底支出计划 {s.percent}%"
        for s in p.project.spending_plan
        if s.percent is not None and s.percent < 0
    ]
    if found:
        yield Hit(params={"items": "、".join(found)}, suggestion="金额和百分比应为非负数，请核对")
    for row, ind in enumerate(p.project.indicators, start=1):
        if ind.points is not None and ind.points < 0:
            yield Hit(
                "points",
                params={"name": ind.name or "（无名称）", "points": str(ind.points)},
                indicator=row,
                suggestion="分值应为非负数",
            )


def check_spending_plan(p: ProjectFacts, ctx: Context) -> Iterator[Hit]:
    """T20: 资金支出计划 is cumulative: never decreasing, never above 100, ending at 100."""
    points = [s for s in p.project.spending_plan if s.percent is not None]
    if not points:
        return
    problems: list[str] = []
    over = [s for s in points if s.percent is not None and s.percent > _HUNDRED]
    if over:
        problems.append("、".join(f"{s.month}月底{s.percent}%" for s in over) + "超过100%")
    for a, b in pairwise(points):
        if a.percent is not None and b.percent is not None and b.percent < a.percent:
            problems.append(f"{b.month}月底{b.percent}%低于{a.month}月底{a.percent}%（应为累计数）")
    last = points[-1]
    if last.percent != _HUNDRED:
        problems.append(f"截至{last.month}月底累计{last.percent}%，未达到100%")
    if problems:
        plan = " / ".join(f"{s.month}月底{s.percent}%" for s in points)
        yield Hit(
            params={"plan": plan, "problems": "；".join(problems)},
            suggestion="按累计进度填写，年底为100%",
        )


RULES: tuple[Rule, ...] = (
    Rule(
        slug="cost-direction",
        title="成本指标未设上限",
        severity="error",
        scope="indicator",
        check=check_cost_direction,
        messages={
            "floor": "成本指标应为反向指标（≤），此处为“{target}”：把成本上限写成了下限",
            "no-op": "成本指标“{name}”的指标值“{target}”没有写“≤”，节约的成本在自评时会按未完成计",
            "no-cap": "成本指标“{name}”的指标值“{target}”没有写明成本上限",
        },
        basis="成本指标反映成本控制，以≤设定上限（反向指标，超出按比例扣分）；如“项目总成本 ≤90万元”",
    ),
    Rule(
        slug="cost-exceeds-budget",
        title="成本超过预算",
        severity="error",
        scope="indicator",
        check=check_cost_exceeds_budget,
        messages={"default": "成本指标“{name}”为“{target}”，超过项目预算数 {budget}"},
        basis="绩效目标应与预算相应匹配（财预〔2015〕88号“相应匹配”），总成本不应超过预算数",
    ),
    Rule(
        slug="budget-sum",
        title="预算数与资金来源不符",
        severity="error",
        scope="project",
        check=check_budget_sum,
        messages={
            "default": "财政资金 {fiscal} + 其他资金 {other} = {sum}，与预算数 {total} 不符",
        },
        basis="预算数等于财政资金与其他资金之和",
    ),
    Rule(
        slug="negative-amount",
        title="金额或分值为负数",
        severity="error",
        scope="project",
        check=check_negative_amount,
        messages={
            "default": "{items} 为负数",
            "points": "指标“{name}”的分值为负数（{points}）",
        },
        basis="预算数、资金来源、资金支出计划（累计百分比）和分值按其含义都不为负（绩效目标表栏目；"
        "分值见 docs/scoring.md）",
    ),
    Rule(
        slug="spending-plan",
        title="资金支出计划有误",
        severity="error",
        scope="project",
        check=check_spending_plan,
        messages={"default": "资金支出计划（{plan}）：{problems}"},
        basis="资金支出计划为累计支出占预算的百分比，逐期不减、不超过100%、年底为100%（河北省绩效目标表；地方规定可配置）",
    ),
)
