"""Stored rows ⇄ ``jixiao.core.model.Plan``, exactly (``to_dict`` of a round trip is equal).

The core model is the single description of a plan: readers produce it, checks and
writers consume it. This module is the only place that knows how its fields are spread
over the Plan/Project/Indicator tables. Decimal columns have a fixed scale, so the digits
as written ("96.00") are kept in ``written`` and used when they still equal the column.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from jixiao.core import model as core
from jixiao.core.money import decimal_text, plain_decimal
from jixiao.web.plans.models import Indicator, Plan, Project

__all__ = [
    "indicator_fields",
    "indicator_to_core",
    "plan_fields",
    "plan_header_to_core",
    "plan_to_core",
    "project_fields",
    "project_to_core",
]


def _written(
    value: Decimal | None, written: dict[str, Any], key: str, as_written: bool = True
) -> Decimal | None:
    """The column's value with the digits it was written with (when they still agree);
    ``as_written=False`` gives the plain value (the history compares stored amounts)."""
    if value is None:
        return None
    text = written.get(key) if as_written else None
    if isinstance(text, str):
        try:
            digits: Decimal | None = Decimal(text)
        except ArithmeticError:
            digits = None
        if digits is not None and digits == value:
            return digits
    return plain_decimal(value)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else decimal_text(value)


# --- ORM → core ------------------------------------------------------------------------


def indicator_to_core(row: Indicator, *, as_written: bool = True) -> core.Indicator:
    return core.Indicator(
        level1=row.level1,
        level2=row.level2,
        name=row.name,
        description=row.description,
        target=row.target,
        basis=row.basis,
        points=_written(row.points, row.written, "points", as_written),
        extra=dict(row.extra),
    )


def project_to_core(
    row: Project, indicators: Iterable[Indicator] | None = None, *, as_written: bool = True
) -> core.Project:
    """Build the core project; pass ``indicators`` when already fetched (no extra query)."""
    rows = row.indicators.all() if indicators is None else indicators
    return core.Project(
        code=row.code,
        name=row.name,
        budget=core.Budget(
            total=_written(row.budget_total, row.written, "total", as_written),
            fiscal=_written(row.budget_fiscal, row.written, "fiscal", as_written),
            other=_written(row.budget_other, row.written, "other", as_written),
            extra=dict(row.budget_extra),
        ),
        purpose=row.purpose,
        spending_plan=[
            core.SpendingPoint.from_dict(p, f"spending_plan[{i}]")
            for i, p in enumerate(row.spending_plan)
        ],
        goals=list(row.goals),
        indicators=[indicator_to_core(i, as_written=as_written) for i in rows],
        extra=dict(row.extra),
    )


def plan_header_to_core(plan: Plan) -> core.Plan:
    """The plan without projects (region, department, money unit, overall targets)."""
    region = plan.region_info or {
        "code": plan.unit.region.code or None,
        "name": plan.unit.region.name,
    }
    department = plan.department_info or {"code": plan.unit.code or None, "name": plan.unit.name}
    return core.Plan(
        year=plan.year,
        region=core.Region.from_dict(region),
        department=core.Department.from_dict(department),
        money_unit=plan.money_unit or None,
        overall=None if plan.overall is None else core.Overall.from_dict(plan.overall),
        projects=[],
        extra=dict(plan.extra),
    )


def plan_to_core(plan: Plan) -> core.Plan:
    """The whole plan as the core model (two queries: projects, then indicators)."""
    out = plan_header_to_core(plan)
    projects = list(plan.projects.all())
    by_project: dict[int, list[Indicator]] = {p.pk: [] for p in projects}
    for ind in Indicator.objects.filter(project__plan=plan).order_by(
        "project_id", "position", "id"
    ):
        by_project[ind.project_id].append(ind)
    out.projects = [project_to_core(p, by_project[p.pk]) for p in projects]
    return out


# --- core → ORM field values ---------------------------------------------------------------


def indicator_fields(ind: core.Indicator) -> dict[str, Any]:
    """Model field values for one core indicator (no ``project``/``position``)."""
    return {
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "description": ind.description,
        "target": ind.target,
        "basis": ind.basis,
        "points": ind.points,
        "written": {} if ind.points is None else {"points": _text(ind.points)},
        "extra": dict(ind.extra),
    }


def project_fields(project: core.Project) -> dict[str, Any]:
    """Model field values for one core project (no ``plan``/``position``/indicators)."""
    b = project.budget
    written = {
        key: _text(value)
        for key, value in (("total", b.total), ("fiscal", b.fiscal), ("other", b.other))
        if value is not None
    }
    return {
        "code": project.code,
        "name": project.name,
        "budget_total": b.total,
        "budget_fiscal": b.fiscal,
        "budget_other": b.other,
        "budget_extra": dict(b.extra),
        "purpose": project.purpose,
        "spending_plan": [p.to_dict() for p in project.spending_plan],
        "goals": list(project.goals),
        "written": written,
        "extra": dict(project.extra),
    }


def plan_fields(document: core.Plan) -> dict[str, Any]:
    """Model field values of the plan header (no ``unit``/``year``/workflow fields)."""
    return {
        "money_unit": document.money_unit or "",
        "overall": None if document.overall is None else document.overall.to_dict(),
        "region_info": document.region.to_dict(),
        "department_info": document.department.to_dict(),
        "extra": dict(document.extra),
    }
