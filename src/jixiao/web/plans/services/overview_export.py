"""The overview as an Excel 汇总表: the filtered list, every page, in the page's order.

Written with openpyxl's write-only mode (rows streamed, memory flat at 30,000 plans).
Text from the database is written as text cells: a unit named "=1+1" stays a name,
never becomes a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from jixiao.core import workflow as wf
from jixiao.core.money import to_yuan

__all__ = ["overview_workbook"]


def _text(ws: WriteOnlyWorksheet, value: str | None) -> Cell:
    cell = WriteOnlyCell(ws, value=value or "")
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _number(ws: WriteOnlyWorksheet, value: Any, fmt: str = "0") -> Cell:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = fmt
    return cell


def _status(row: dict[str, Any]) -> str:
    if row["status"] == wf.State.DRAFT and row["last_action"] == wf.Action.RETURN.value:
        return _("已退回")
    return str(wf.STATE_LABELS.get(wf.State(row["status"]), row["status"]))


def _wanyuan(row: dict[str, Any]) -> Decimal | None:
    amount: Decimal | None = row["budget_sum"]
    if amount is None:
        return None
    return (to_yuan(amount, row["money_unit"] or "万元") / 10000).quantize(Decimal("0.01"))


def overview_workbook(rows: Iterable[dict[str, Any]], title: str) -> bytes:
    """汇总表: unit code and name, department, year, status, budget, errors, warnings."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("汇总表"))
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 36
    ws.column_dimensions["C"].width = 28
    ws.column_dimensions["I"].width = 18
    ws.append([_text(ws, title)])
    headers = [
        _("单位编码"),
        _("单位"),
        _("主管部门"),
        _("年度"),
        _("状态"),
        _("预算（万元）"),
        _("错误"),
        _("警告"),
        _("最近修改"),
    ]
    ws.append([_text(ws, h) for h in headers])
    tz = timezone.get_current_timezone()
    for r in rows:
        checked = r["checked_at"] is not None
        ws.append(
            [
                _text(ws, r["unit_code"]),
                _text(ws, r["unit_name"]),
                _text(ws, r["supervisor_name"]),
                _number(ws, r["year"]),
                _text(ws, _status(r)),
                _number(ws, _wanyuan(r), "#,##0.00"),
                _number(ws, r["error_count"] if checked else None),
                _number(ws, r["warning_count"] if checked else None),
                _text(ws, r["updated_at"].astimezone(tz).strftime("%Y-%m-%d %H:%M")),
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
