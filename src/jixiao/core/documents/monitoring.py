"""The 绩效运行监控表 as PDF: the monitoring workbook (``monitoring.workbook``) printed by
``sheet``, every sheet (汇总, one per project, 部门整体) as its own landscape pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.core.documents.layout import flat
from jixiao.core.documents.sheet import render_sheets_pdf

if TYPE_CHECKING:
    from jixiao.core.model import Plan
    from jixiao.core.monitoring.report import MonitorReport

__all__ = ["render_monitor_pdf"]


def render_monitor_pdf(report: MonitorReport, plan: Plan) -> bytes:
    """The monitoring tables of ``report`` as one PDF, cell for cell like the .xlsx."""
    from jixiao.core.monitoring.workbook import TITLE, monitor_workbook

    name = flat(plan.department.name)
    return render_sheets_pdf(monitor_workbook(report, plan), f"{name}{TITLE}")
