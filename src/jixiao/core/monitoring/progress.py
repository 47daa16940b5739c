"""Indicator progress: what a unit reports per indicator and per budget line.

Per indicator (M3): the value reached so far (``current``, 1~N月实际完成值), the value
expected at year end (``projected``, 全年预计完成值), 完成目标可能性 (``likelihood``:
确定能 / 有可能 / 不可能, M4), and where the target may be missed, 偏差原因 (with its
category, M5) and 纠偏措施. Per project's budget line (M3, M11): 全年预计执行数, an
adjusted budget where one exists (M6), and the reason and measure a red or yellow lamp
asks for. The web form builds ``Progress`` directly; ``progress_io`` reads it from a
file. Nothing here judges the entries: the findings are the computation's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.findings import Location

__all__ = ["BudgetProgress", "IndicatorProgress", "Progress", "ProgressKey"]

# (project key, or None for the department's own promises; 1-based indicator index)
ProgressKey = tuple[str | None, int]


@dataclass(slots=True)
class IndicatorProgress:
    project: str | None
    index: int
    current: str | None = None
    projected: str | None = None
    likelihood: str | None = None
    deviation_category: str | None = None
    deviation_reason: str | None = None
    corrective_measure: str | None = None
    # Where the values came from: "progress" (a file or the form) or "feed:<name>",
    # and what a feed counted ("242/244 天").
    source: str = "progress"
    detail: str | None = None
    location: Location | None = None

    @property
    def key(self) -> ProgressKey:
        return (self.project, self.index)


@dataclass(slots=True)
class BudgetProgress:
    project: str
    projected_executed: Decimal | None = None  # in the plan's money unit
    adjusted_budget: Decimal | None = None  # in the plan's money unit
    deviation_category: str | None = None
    deviation_reason: str | None = None
    corrective_measure: str | None = None
    location: Location | None = None


@dataclass(slots=True)
class Progress:
    """Everything reported for one plan and one monitoring period."""

    indicators: dict[ProgressKey, IndicatorProgress] = field(default_factory=dict)
    budget: dict[str, BudgetProgress] = field(default_factory=dict)

    def merge_feed(self, fed: IndicatorProgress) -> None:
        """A feed's value replaces ``current`` (records outrank typing); the unit's
        likelihood, reasons and measures for that indicator are kept."""
        entry = self.indicators.get(fed.key)
        if entry is None:
            self.indicators[fed.key] = fed
            return
        entry.current = fed.current
        entry.source = fed.source
        entry.detail = fed.detail
