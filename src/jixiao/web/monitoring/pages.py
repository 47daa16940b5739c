"""What several monitoring pages show: rates as percentages, the chart's lines, the
review bar. Figures come from the core's report; nothing is computed here but display."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from jixiao.core import model as core
from jixiao.core import workflow as wf
from jixiao.core.monitoring.lines import plan_line, quantize, time_progress
from jixiao.core.monitoring.report import ProjectResult
from jixiao.web.choices import label_of

__all__ = ["ActionButton", "chart_data", "percent", "round_buttons"]


def percent(value: Fraction | None) -> Decimal | None:
    """A rate as a percentage with two decimals (display only)."""
    return None if value is None else quantize(value * 100, 2)


def chart_data(project: core.Project, result: ProjectResult, month: int) -> dict[str, Any]:
    """The project's cumulative execution against its spending plan and the time line,
    month 0…12, in percent of the budget (the core's lines; the actual curve to N)."""
    budget = result.budget
    actual: list[float | None] = [0.0]
    for amount in result.executed_by_month:
        rate = Fraction(amount) / Fraction(budget) if budget else None
        actual.append(None if rate is None else float(quantize(rate * 100, 2)))
    plan: list[float | None] = []
    for m in range(13):
        line = plan_line(project.spending_plan, m) if m else Fraction(0)
        plan.append(None if line is None else float(quantize(line * 100, 2)))
    return {
        "months": [f"{m}月" if m else "0" for m in range(13)],
        "actual": actual,
        "plan": plan if any(v is not None for v in plan[1:]) else [],
        "time": [float(quantize(time_progress(m) * 100, 2)) for m in range(13)],
        "as_of": month,
        "labels": {"actual": _("实际执行"), "plan": _("支出计划"), "time": _("序时进度")},
    }


@dataclass(frozen=True, slots=True)
class ActionButton:
    value: str
    label: str
    style: str
    comment_label: str | None = None


def round_buttons(actions: list[wf.Action]) -> list[ActionButton]:
    out = []
    for a in actions:
        label = label_of(wf.ACTION_LABELS, a.value)
        if a is wf.Action.RETURN:
            out.append(ActionButton(a.value, label, "danger", _("退回意见")))
        elif a is wf.Action.WITHDRAW:
            out.append(ActionButton(a.value, label, ""))
        else:
            out.append(ActionButton(a.value, label, "primary"))
    return out
