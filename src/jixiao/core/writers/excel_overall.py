"""The 部门整体绩效目标 sheet of the plan workbook: what the project sheets do not carry.

One flat table, one line per item, so that finance offices can read and fill it and
``readers.excel_overall`` reads it back exactly: the plan's year, region, department and
money unit; the 总体目标 with its indicators; each 分项目标 (title, goal, 指标说明) with
its indicators; each 工作保障措施. The first column says what a line is (部分), the
second numbers it (序号: an indicator line carries its 分项目标's number).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.core.model import Indicator, Plan
from jixiao.core.writers.cells import put_value

__all__ = ["COLUMNS", "OVERALL_TITLE", "write_overall_sheet"]

OVERALL_TITLE = "部门整体绩效目标"
COLUMNS = (
    "部分", "序号", "标题", "内容", "指标说明", "一级指标", "二级指标", "三级指标",
    "绩效指标描述", "指标值", "指标值确定依据", "分值",
)  # fmt: skip
_WIDTHS = (10, 6, 16, 40, 20, 10, 12, 18, 24, 14, 18, 8)
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name="宋体", size=10)
_BOLD = Font(name="宋体", size=10, bold=True)
_TITLE = Font(name="黑体", size=14, bold=True)
_WRAP = Alignment(vertical="center", wrap_text=True)

Line = Sequence[str | Decimal | int | None]


def _money_format(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "0" + ("." + "0" * places if places else "")


def _indicator(part: str, number: int, ind: Indicator) -> Line:
    return (
        part, number, None, None, None, ind.level1, ind.level2, ind.name,
        ind.description, ind.target, ind.basis, ind.points,
    )  # fmt: skip


def _lines(plan: Plan) -> list[Line]:
    lines: list[Line] = [
        ("年度", None, None, plan.year),
        ("地区", None, plan.region.code, plan.region.name),
        ("部门", None, plan.department.code, plan.department.name),
        ("金额单位", None, None, plan.money_unit),
    ]
    o = plan.overall
    if o is None:
        return lines
    lines.append(("总体目标", None, None, o.goal))
    lines.extend(_indicator("总体指标", k, ind) for k, ind in enumerate(o.indicators, 1))
    for k, sg in enumerate(o.subgoals, 1):
        lines.append(("分项目标", k, sg.title, sg.goal, sg.indicator_text))
        lines.extend(_indicator("分项指标", k, ind) for ind in sg.indicators)
    lines.extend(("保障措施", k, m.title, m.text) for k, m in enumerate(o.measures, 1))
    return lines


def write_overall_sheet(ws: Worksheet, plan: Plan) -> None:
    """Fill ``ws`` (titled ``OVERALL_TITLE``) with the plan's department-level targets."""
    last = get_column_letter(len(COLUMNS))
    put_value(ws["A1"], OVERALL_TITLE)
    ws["A1"].font = _TITLE
    ws.merge_cells(f"A1:{last}1")
    for c, label in enumerate(COLUMNS, 1):
        put_value(ws.cell(2, c), label)
        ws.cell(2, c).font = _BOLD
    for r, line in enumerate(_lines(plan), 3):
        for c, value in enumerate(line, 1):
            cell = ws.cell(r, c)
            fmt = _money_format(value) if isinstance(value, Decimal) else None
            put_value(cell, value, number_format=fmt)
            cell.font = _BOLD if c == 1 else _FONT
            cell.alignment = _WRAP
    for r in range(2, ws.max_row + 1):
        for c in range(1, len(COLUMNS) + 1):
            ws.cell(r, c).border = _BORDER
    for c, width in enumerate(_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
