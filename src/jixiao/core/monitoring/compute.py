"""The monitoring computation (M6–M12): a plan, its payments and its progress at a date.

Pure: no file is read, nothing is printed. The CLI calls it with a ledger it read; the
web application with payments and progress loaded from its database (one synthetic
payment per project and month will do where only monthly sums are kept).

For each project, at ``as_of`` (month N):

- executed = the sum of its payments dated on or before ``as_of`` (reversals negative);
- execution_rate = executed ÷ budget (the adjusted budget where one is reported, M6);
- time_progress = N/12 (M7); planned = the spending-plan line at N (M8);
  plan_gap = execution_rate − planned;
- ratio = execution_rate ÷ base × 100, base = time_progress or planned by the setting
  ``lamp_base`` (a plan line at 0 or missing falls back to the time line); the lamp by
  the thresholds, unrounded (M9);
- forecast = the unit's 全年预计执行数 when reported, else ``lines.forecast``;
- key = selected for key monitoring by the configured rule (M12).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from fractions import Fraction

from jixiao.core.findings import Finding
from jixiao.core.model import Indicator, Plan, Project
from jixiao.core.money import TEN_THOUSAND
from jixiao.core.monitoring.lamps import budget_lamp, indicator_lamp, meets_target
from jixiao.core.monitoring.ledger import Payment
from jixiao.core.monitoring.lines import forecast, plan_line, quantize, time_progress
from jixiao.core.monitoring.progress import IndicatorProgress, Progress
from jixiao.core.monitoring.report import (
    IndicatorResult,
    MonitorReport,
    ProjectResult,
    TotalResult,
)
from jixiao.core.monitoring.rules import (
    budget_findings,
    category_of,
    indicator_findings,
    missing_progress,
)
from jixiao.core.monitoring.settings import LAMPS, Lamp, MonitorSettings
from jixiao.core.monitoring.targets import department_indicators

__all__ = ["MonitorError", "compute_monitor", "executed_by_month"]

_ZERO = Decimal(0)


class MonitorError(ValueError):
    """Inputs that cannot be monitored together (an as-of date outside the plan's year)."""


def executed_by_month(payments: Iterable[Payment], as_of: date) -> dict[str, list[Decimal]]:
    """Per project, the payments (元) of each month 1…N dated on or before ``as_of``."""
    n = as_of.month
    year = as_of.year
    out: dict[str, list[Decimal]] = {}
    for p in payments:
        d = p.date
        if d > as_of or d.year != year:
            continue
        months = out.get(p.project)
        if months is None:
            months = out[p.project] = [_ZERO] * n
        months[d.month - 1] += p.amount
    return out


def _in_unit(yuan: Decimal, money_unit: str) -> Decimal:
    return yuan / TEN_THOUSAND if money_unit == "万元" else yuan


def _indicator(
    index: int,
    ind: Indicator,
    entry: IndicatorProgress | None,
    settings: MonitorSettings,
) -> tuple[IndicatorResult, bool]:
    r = IndicatorResult(index, ind.level1, ind.level2, ind.name, ind.target)
    if entry is None:
        return r, False
    r.current, r.projected, r.likelihood = entry.current, entry.projected, entry.likelihood
    r.deviation_reason, r.corrective_measure = entry.deviation_reason, entry.corrective_measure
    r.deviation_category, bad = category_of(
        entry.deviation_category, entry.deviation_reason, settings
    )
    r.meets = meets_target(ind.target, entry.projected)
    r.lamp = indicator_lamp(ind.target, entry.current, entry.projected, entry.likelihood, settings)
    r.source, r.detail = entry.source, entry.detail
    return r, bad


def _budget_in_unit(amount: Decimal, money_unit: str) -> Decimal:
    """An amount in 万元 (the key rule's unit) in the plan's money unit."""
    return amount * TEN_THOUSAND if money_unit == "元" else amount


def _reported(progress: Progress | None) -> bool:
    """Whether the unit reported progress itself (a feed alone leaves others blank)."""
    return progress is not None and any(
        e.source == "progress" for e in progress.indicators.values()
    )


def _project(
    project: Project,
    months: list[Decimal] | None,
    n: int,
    progress: Progress | None,
    money_unit: str,
    settings: MonitorSettings,
    reported: bool,
) -> ProjectResult:
    key = project.key
    budget_entry = None if progress is None or key is None else progress.budget.get(key)
    initial = project.budget.total
    budget = initial
    if budget_entry is not None and budget_entry.adjusted_budget is not None:
        budget = budget_entry.adjusted_budget
    cumulative: list[Decimal] = []
    running = _ZERO
    for m in months or [_ZERO] * n:
        running += m
        cumulative.append(_in_unit(running, money_unit))
    executed = cumulative[-1] if cumulative else _ZERO
    tp = time_progress(n)
    planned = plan_line(project.spending_plan, n)
    rate = Fraction(executed) / Fraction(budget) if budget else None
    gap = None if rate is None or planned is None else rate - planned
    base_kind = settings.lamp_base if settings.lamp_base == "time" or planned else "time"
    base = tp if base_kind == "time" else planned
    ratio = lamp = None
    if rate is not None and base:
        ratio = rate / base * 100
        lamp = budget_lamp(ratio, settings)
    fc: Decimal | None = None
    method: str | None = None
    if budget_entry is not None and budget_entry.projected_executed is not None:
        fc, method = budget_entry.projected_executed, "unit"
    elif budget:
        line_end = plan_line(project.spending_plan, 12)
        if planned is not None and line_end is not None:
            fc = quantize(forecast(executed, budget, planned, line_end), 2)
            method = "plan"
        else:
            fc = quantize(forecast(executed, budget, tp, Fraction(1)), 2)
            method = "time"
    key_selected = (
        rate is not None
        and budget is not None
        and n >= settings.key_from_month
        and budget >= _budget_in_unit(settings.key_min_budget, money_unit)
        and rate < Fraction(settings.key_below) / 100
    )
    result = ProjectResult(
        code=project.code,
        name=project.name,
        initial_budget=initial,
        budget=budget,
        executed=executed,
        execution_rate=rate,
        time_progress=tp,
        planned=planned,
        plan_gap=gap,
        lamp_base=base_kind if ratio is not None else None,
        ratio=ratio,
        lamp=lamp,
        forecast=fc,
        forecast_method=method,
        key=key_selected,
        executed_by_month=cumulative,
    )
    bad_budget_category = False
    if budget_entry is not None:
        result.deviation_reason = budget_entry.deviation_reason
        result.corrective_measure = budget_entry.corrective_measure
        result.deviation_category, bad_budget_category = category_of(
            budget_entry.deviation_category, budget_entry.deviation_reason, settings
        )
    findings = budget_findings(result, budget_entry, bad_budget_category, money_unit, settings)
    missing: list[int] = []
    for i, ind in enumerate(project.indicators, 1):
        entry = None if progress is None else progress.indicators.get((key, i))
        r, bad = _indicator(i, ind, entry, settings)
        result.indicators.append(r)
        findings += indicator_findings(key, r, entry, bad, settings)
        if entry is None:
            missing.append(i)
    if reported and missing:
        findings.append(missing_progress(key, missing))
    result.findings = findings
    return result


def _total(projects: list[ProjectResult], n: int, settings: MonitorSettings) -> TotalResult:
    budget = sum((p.budget for p in projects if p.budget), _ZERO)
    executed = sum((p.executed for p in projects), _ZERO)
    tp = time_progress(n)
    rate = Fraction(executed) / Fraction(budget) if budget else None
    # The department's plan line: each project's line (its time line where it has no
    # spending plan) weighted by its budget.
    weighted = sum(
        (
            Fraction(p.budget) * (p.planned if p.planned is not None else tp)
            for p in projects
            if p.budget
        ),
        Fraction(0),
    )
    planned = weighted / Fraction(budget) if budget else None
    gap = None if rate is None or planned is None else rate - planned
    base = tp if settings.lamp_base == "time" or not planned else planned
    ratio = rate / base * 100 if rate is not None and base else None
    forecasts = [p.forecast for p in projects if p.forecast is not None]
    lamps = {lamp: sum(1 for p in projects if p.lamp == lamp) for lamp in LAMPS}
    return TotalResult(
        budget=budget,
        executed=executed,
        execution_rate=rate,
        time_progress=tp,
        planned=planned,
        plan_gap=gap,
        ratio=ratio,
        lamp=None if ratio is None else budget_lamp(ratio, settings),
        forecast=sum(forecasts, _ZERO) if forecasts else None,
        lamps=lamps,
        key=sum(1 for p in projects if p.key),
    )


def compute_monitor(
    plan: Plan,
    as_of: date,
    payments: Iterable[Payment],
    progress: Progress | None = None,
    settings: MonitorSettings | None = None,
    *,
    reach_op: str = "≥",
) -> MonitorReport:
    """Monitor ``plan`` at ``as_of``; raises ``MonitorError`` for an as-of date outside
    the plan's year. ``payments`` are in 元 and keyed by project key (code, else name);
    payments of projects not in the plan are ignored."""
    settings = settings or MonitorSettings()
    if plan.year is not None and as_of.year != plan.year:
        raise MonitorError(f"监控截止日期 {as_of.isoformat()} 不在预算年度 {plan.year} 年内")
    n = as_of.month
    money_unit = plan.money_unit or "万元"
    months = executed_by_month(payments, as_of)
    reported = _reported(progress)
    projects = [
        _project(p, months.get(p.key or ""), n, progress, money_unit, settings, reported)
        for p in plan.projects
    ]
    overall: list[IndicatorResult] = []
    dept_findings: list[Finding] = []
    dept_missing: list[int] = []
    for i, d in enumerate(department_indicators(plan, reach_op), 1):
        entry = None if progress is None else progress.indicators.get((None, i))
        r, bad = _indicator(i, d.indicator, entry, settings)
        r.section, r.position = d.section, d.position
        overall.append(r)
        dept_findings += indicator_findings(None, r, entry, bad, settings)
        if entry is None:
            dept_missing.append(i)
    if reported and dept_missing and len(dept_missing) < len(overall):
        dept_findings.append(missing_progress(None, dept_missing))
    findings = [f for p in projects for f in p.findings] + dept_findings
    return MonitorReport(
        as_of=as_of,
        month=n,
        year=plan.year,
        department={"code": plan.department.code, "name": plan.department.name},
        money_unit=money_unit,
        settings=settings,
        projects=projects,
        overall=overall,
        total=_total(projects, n, settings),
        findings=findings,
    )


def lamp_counts(reports: Iterable[MonitorReport]) -> dict[Lamp, int]:
    """Projects per lamp over several departments (a county dashboard's first line)."""
    counts: dict[Lamp, int] = dict.fromkeys(LAMPS, 0)
    for r in reports:
        for p in r.projects:
            if p.lamp is not None:
                counts[p.lamp] += 1
    return counts
