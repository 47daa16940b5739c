"""What a rendered 绩效文本 carries: the plan a reader recovers from it, field by field.

The published layout is the contract, so some of a plan's fields have no place in it:
the region's code, an indicator's 分值 (``points``), the indicators extracted from the
prose (``overall.indicators``, ``subgoals[].indicators``) and any unknown ``extra``
field. Amounts are printed with at
least two decimals ("96" → "96.00"). The rest is printed as written, in the form the readers normalise text to
(``cleaning.clean``: no whitespace between Chinese characters, "291条"; docs/documents.md)
and with empty texts read as absent. The region is the place the department's name
starts with ("巨鹿县政法委本级" → 巨鹿县) and the year the one the title names.

The round-trip law of the document writers is ``read(render(plan)) == carried(plan)``;
for a plan read from a published document (the seed) ``carried(plan) == plan``.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.documents.layout import amount_text, flat, percent_text
from jixiao.core.model import (
    Budget,
    Department,
    Indicator,
    Measure,
    Overall,
    Plan,
    Project,
    Region,
    SpendingPoint,
    Subgoal,
)
from jixiao.core.readers.cleaning import clean
from jixiao.core.readers.hebei import infer_region

__all__ = ["carried", "carried_text"]


def carried_text(text: str | None) -> str | None:
    """A text as read back: printed on one line (``flat``), cleaned, blank → None."""
    return clean(flat(text)) or None


def carried(plan: Plan) -> Plan:
    dept = Department(
        code=carried_text(plan.department.code), name=carried_text(plan.department.name)
    )
    return Plan(
        year=plan.year,
        region=Region(name=infer_region(dept.name)),
        department=dept,
        money_unit=plan.money_unit or "万元",
        overall=None if plan.overall is None else _overall(plan.overall),
        projects=[_project(p) for p in plan.projects],
    )


def _amount(value: Decimal | None) -> Decimal | None:
    """As printed: "96" → "96.00" (``amount_text``)."""
    return None if value is None else Decimal(amount_text(value))


def _percent(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(percent_text(value)[:-1])


def _overall(ov: Overall) -> Overall:
    return Overall(
        goal=carried_text(ov.goal),
        subgoals=[
            Subgoal(
                title=carried_text(s.title),
                goal=carried_text(s.goal),
                indicator_text=carried_text(s.indicator_text),
            )
            for s in ov.subgoals
        ],
        measures=[Measure(carried_text(m.title), carried_text(m.text)) for m in ov.measures],
    )


def _project(p: Project) -> Project:
    return Project(
        code=carried_text(p.code),
        name=carried_text(p.name),
        budget=Budget(_amount(p.budget.total), _amount(p.budget.fiscal), _amount(p.budget.other)),
        purpose=carried_text(p.purpose),
        spending_plan=[SpendingPoint(sp.month, _percent(sp.percent)) for sp in p.spending_plan],
        goals=[g for g in (carried_text(x) for x in p.goals) if g],
        indicators=[_indicator(i) for i in p.indicators],
    )


def _indicator(i: Indicator) -> Indicator:
    return Indicator(
        level1=carried_text(i.level1),
        level2=carried_text(i.level2),
        name=carried_text(i.name),
        description=carried_text(i.description),
        target=carried_text(i.target),
        basis=carried_text(i.basis),
    )
