"""Export a stored plan: ``jixiao.plan/1`` JSON (docs/formats.md) and the 绩效目标表 workbook."""

from __future__ import annotations

import re

from jixiao.core.readers.structured import dump_json
from jixiao.web.plans.models import Plan
from jixiao.web.plans.services.mapping import plan_to_core

__all__ = ["export_filename", "plan_json_bytes", "plan_xlsx_bytes"]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan_json_bytes(plan: Plan) -> bytes:
    """``jixiao.plan/1`` JSON (UTF-8), indicators with their ``parsed`` values."""
    return (dump_json(plan_to_core(plan), parsed=True) + "\n").encode("utf-8")


def plan_xlsx_bytes(plan: Plan) -> bytes:
    """One printable 绩效目标表 sheet per project."""
    from jixiao.core.writers.excel_plan import write_plan_workbook

    return write_plan_workbook(plan_to_core(plan))


def export_filename(plan: Plan, extension: str) -> str:
    """``巨鹿县政法委本级-2024-绩效目标.xlsx`` (no characters that break downloads)."""
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", plan.unit.name)
    return f"{name}-{plan.year}-绩效目标.{extension}"
