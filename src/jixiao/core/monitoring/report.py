"""The result of a monitoring run and its JSON, ``jixiao.monitor/1``.

Values stay exact (money ``Decimal`` in the plan's money unit, rates ``Fraction``) so a
web page or a workbook can format them its own way; ``to_dict`` writes the contract:
rates with 4 decimals, the lamp ratio with 2, money with 2, absent values ``null``.
Fields beyond the contract (``initial_budget``, ``lamp_base``, ``executed_by_month``,
department promises under ``overall`` …) are additions; none of the documented ones is
renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from jixiao.core.findings import Finding
from jixiao.core.monitoring.lines import quantize, rate_text
from jixiao.core.monitoring.settings import Lamp, MonitorSettings

__all__ = [
    "MONITOR_FORMAT",
    "IndicatorResult",
    "MonitorReport",
    "ProjectResult",
    "TotalResult",
    "money_text",
]

MONITOR_FORMAT = "jixiao.monitor/1"
_CENT = Decimal("0.01")


def money_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(_CENT, ROUND_HALF_UP))


def _ratio_text(value: Fraction | None) -> str | None:
    return None if value is None else str(quantize(value, 2))


@dataclass(slots=True)
class IndicatorResult:
    index: int
    level1: str | None
    level2: str | None
    name: str | None
    target: str | None
    current: str | None = None
    projected: str | None = None
    likelihood: str | None = None
    deviation_category: str | None = None
    deviation_reason: str | None = None
    corrective_measure: str | None = None
    lamp: Lamp | None = None
    meets: bool | None = None  # the year-end value satisfies the target
    source: str | None = None
    detail: str | None = None
    section: str | None = None  # department promises: "overall" / "subgoals[k]"
    position: int | None = None  # … and their number there, as in ``jixiao check``

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "index": self.index,
            "target": self.target,
            "current": self.current,
            "likelihood": self.likelihood,
            "deviation_reason": self.deviation_reason,
            "corrective_measure": self.corrective_measure,
            "lamp": self.lamp,
            "name": self.name,
            "level1": self.level1,
            "level2": self.level2,
            "projected": self.projected,
            "deviation_category": self.deviation_category,
            "meets": self.meets,
            "source": self.source,
            "detail": self.detail,
        }
        if self.section is not None:
            out["section"] = self.section
            out["position"] = self.position
        return out


@dataclass(slots=True)
class ProjectResult:
    code: str | None
    name: str | None
    initial_budget: Decimal | None  # 年初预算数 (the plan's budget)
    budget: Decimal | None  # the adjusted budget where one is reported, else the initial
    executed: Decimal
    execution_rate: Fraction | None
    time_progress: Fraction
    planned: Fraction | None
    plan_gap: Fraction | None
    lamp_base: str | None  # the base actually used: "time" or "plan"
    ratio: Fraction | None
    lamp: Lamp | None
    forecast: Decimal | None
    forecast_method: str | None  # "unit" (reported), "plan" or "time" (computed)
    key: bool
    executed_by_month: list[Decimal]  # cumulative at the end of months 1…N (N: as_of)
    deviation_category: str | None = None
    deviation_reason: str | None = None
    corrective_measure: str | None = None
    indicators: list[IndicatorResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def project_key(self) -> str | None:
        return self.code or self.name

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "budget": money_text(self.budget),
            "executed": money_text(self.executed),
            "execution_rate": rate_text(self.execution_rate),
            "time_progress": rate_text(self.time_progress),
            "planned": rate_text(self.planned),
            "plan_gap": rate_text(self.plan_gap),
            "ratio": _ratio_text(self.ratio),
            "lamp": self.lamp,
            "forecast": money_text(self.forecast),
            "key": self.key,
            "initial_budget": money_text(self.initial_budget),
            "lamp_base": self.lamp_base,
            "forecast_method": self.forecast_method,
            "executed_by_month": [money_text(m) for m in self.executed_by_month],
            "deviation_category": self.deviation_category,
            "deviation_reason": self.deviation_reason,
            "corrective_measure": self.corrective_measure,
            "indicators": [i.to_dict() for i in self.indicators],
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(slots=True)
class TotalResult:
    """The department's totals (部门整体 spending, M1)."""

    budget: Decimal
    executed: Decimal
    execution_rate: Fraction | None
    time_progress: Fraction
    planned: Fraction | None
    plan_gap: Fraction | None
    ratio: Fraction | None
    lamp: Lamp | None
    forecast: Decimal | None
    lamps: dict[Lamp, int]
    key: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "budget": money_text(self.budget),
            "executed": money_text(self.executed),
            "execution_rate": rate_text(self.execution_rate),
            "lamp": self.lamp,
            "time_progress": rate_text(self.time_progress),
            "planned": rate_text(self.planned),
            "plan_gap": rate_text(self.plan_gap),
            "ratio": _ratio_text(self.ratio),
            "forecast": money_text(self.forecast),
            "lamps": dict(self.lamps),
            "key": self.key,
        }


@dataclass(slots=True)
class MonitorReport:
    as_of: date
    month: int
    year: int | None
    department: dict[str, str | None]
    money_unit: str
    settings: MonitorSettings
    projects: list[ProjectResult]
    overall: list[IndicatorResult]
    total: TotalResult
    findings: list[Finding]

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """``jixiao.monitor/1``. ``findings`` holds every finding; each project's
        ``findings`` repeats those about it."""
        return {
            "format": MONITOR_FORMAT,
            "as_of": self.as_of.isoformat(),
            "month": self.month,
            "department": dict(self.department),
            "money_unit": self.money_unit,
            "settings": self.settings.to_dict(),
            "projects": [p.to_dict() for p in self.projects],
            "total": self.total.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "year": self.year,
            "overall": {"indicators": [i.to_dict() for i in self.overall]},
        }
