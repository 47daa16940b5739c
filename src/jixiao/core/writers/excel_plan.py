"""A plan as an Excel workbook: one 绩效目标表 sheet per project, ready to print.

The layout is the one of published Hebei tables (the model document's): a header block
(项目编码, 项目名称, 预算数 with 财政资金/其他资金, 资金用途, 资金支出计划, 绩效目标) and the
indicator table 一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据 (plus
分值 when any row has points). A last sheet holds the 部门整体绩效目标
(``writers.excel_overall``). ``readers.excel_plan`` reads the workbook back exactly.

Money is written as ``Decimal`` (openpyxl stores its exact digits) with a number format
showing as many decimals as were written, so Excel sums work and nothing passes through
float on our side.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.core.model import Plan, Project
from jixiao.core.writers.cells import put_value
from jixiao.core.writers.excel_overall import OVERALL_TITLE, write_overall_sheet

__all__ = ["HEADER", "sheet_title", "write_plan_workbook"]

HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
POINTS = "分值"
MONTHS_PER_ROW = 5  # columns B..F

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name="宋体", size=10)
_BOLD = Font(name="宋体", size=10, bold=True)
_TITLE = Font(name="黑体", size=14, bold=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_WIDTHS = (12, 14, 18, 30, 16, 18, 8)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_title(position: int, project: Project, taken: set[str]) -> str:
    """``"1.项目名称"`` cut to Excel's 31 characters, unique within the workbook."""
    base = _BAD_SHEET_CHARS.sub("_", f"{position}.{project.name or project.code or '项目'}")[:31]
    title, n = base, 2
    while title in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def write_plan_workbook(plan: Plan) -> bytes:
    """The workbook as ``.xlsx`` bytes: one sheet per project, then the
    部门整体绩效目标 sheet (``writers.excel_overall``), which also carries the plan's
    year, region, department and money unit."""
    wb = Workbook()
    default = wb.active
    taken: set[str] = {OVERALL_TITLE}
    for i, project in enumerate(plan.projects, start=1):
        ws = wb.create_sheet(sheet_title(i, project, taken))
        _write_project(ws, plan, project, i)
    write_overall_sheet(wb.create_sheet(OVERALL_TITLE), plan)
    if default is not None:
        wb.remove(default)
    wb.properties.title = f"{plan.department.name or ''} {plan.year or ''}年度绩效目标表".strip()
    wb.properties.creator = "jixiao"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _money_format(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0" + ("." + "0" * places if places else "")


def _percent_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value}%"


def _write_project(ws: Worksheet, plan: Plan, project: Project, position: int) -> None:
    has_points = any(ind.points is not None for ind in project.indicators)
    ncols = 7 if has_points else 6
    last = get_column_letter(ncols)

    def put(
        ref: str, value: str | Decimal | None, *, bold: bool = False, align: Alignment = _CENTER
    ) -> None:
        cell = ws[ref]
        fmt = _money_format(value) if isinstance(value, Decimal) else None
        put_value(cell, value, number_format=fmt)
        cell.font = _BOLD if bold else _FONT
        cell.alignment = align

    def merge(rng: str) -> None:
        ws.merge_cells(rng)

    # Title and the department line (outside the bordered table).
    put("A1", f"{position}.{project.name or ''}绩效目标表")
    ws["A1"].font = _TITLE
    merge(f"A1:{last}1")
    ws.row_dimensions[1].height = 28
    dept = " ".join(x for x in (plan.department.code, plan.department.name) if x)
    put("A2", dept or None, align=_LEFT)
    merge("A2:C2")
    put("D2", f"{plan.year}年度" if plan.year else None, align=_LEFT)
    put(f"{get_column_letter(ncols - 1)}2", f"单位：{plan.money_unit or ''}", align=_LEFT)
    merge(f"{get_column_letter(ncols - 1)}2:{last}2")

    # Header block.
    put("A3", "项目编码", bold=True)
    put("B3", project.code)
    merge("B3:C3")
    put("D3", "项目名称", bold=True)
    put("E3", project.name)
    merge(f"E3:{last}3")
    put("A4", "预算规模及资金用途", bold=True)
    merge("A4:A6")
    put("B4", "预算数", bold=True)
    put("C4", project.budget.total)
    put("B5", "其中：财政资金", bold=True)
    put("C5", project.budget.fiscal)
    put("B6", "其他资金", bold=True)
    put("C6", project.budget.other)
    put("D4", "资金用途", bold=True)
    merge("D4:D6")
    put("E4", project.purpose, align=_LEFT)
    merge(f"E4:{last}6")

    row = 7
    points = project.spending_plan or []
    chunks = [points[i : i + MONTHS_PER_ROW] for i in range(0, len(points), MONTHS_PER_ROW)] or [[]]
    first_plan_row = row
    for chunk in chunks:
        for j, sp in enumerate(chunk):
            col = get_column_letter(2 + j)
            put(f"{col}{row}", f"{sp.month}月底", bold=True)
            put(f"{col}{row + 1}", _percent_text(sp.percent))
        for j in range(len(chunk), ncols - 1):
            col = get_column_letter(2 + j)
            put(f"{col}{row}", None)
            put(f"{col}{row + 1}", None)
        row += 2
    put(f"A{first_plan_row}", "资金支出计划（%）", bold=True)
    merge(f"A{first_plan_row}:A{row - 1}")

    put(f"A{row}", "绩效目标", bold=True)
    goals = "\n".join(f"{k}.{g}" for k, g in enumerate(project.goals, start=1))
    put(f"B{row}", goals or None, align=_LEFT)
    merge(f"B{row}:{last}{row}")
    ws.row_dimensions[row].height = max(18, 15 * max(1, len(project.goals)))
    row += 1

    header_row = row
    for j, label in enumerate((*HEADER, POINTS)[:ncols]):
        put(f"{get_column_letter(1 + j)}{row}", label, bold=True)
    row += 1
    first = row
    for ind in project.indicators:
        values: list[str | Decimal | None] = [
            ind.level1, ind.level2, ind.name, ind.description, ind.target, ind.basis,
        ]  # fmt: skip
        if has_points:
            values.append(ind.points)
        for j, value in enumerate(values):
            put(f"{get_column_letter(1 + j)}{row}", value, align=_LEFT if j >= 2 else _CENTER)
        ws.row_dimensions[row].height = 15 * _lines(values, _WIDTHS) + 3
        row += 1
    # Merge runs of equal level1 (and level2 within them), as published tables do.
    level1: list[tuple[str | None, ...]] = [(ind.level1,) for ind in project.indicators]
    level2: list[tuple[str | None, ...]] = [(i.level1, i.level2) for i in project.indicators]
    for column, keys in ((1, level1), (2, level2)):
        for a, b in _runs(keys):
            ws.merge_cells(
                start_row=first + a, start_column=column, end_row=first + b, end_column=column
            )

    for r in range(3, row):
        for c in range(1, ncols + 1):
            ws.cell(r, c).border = _BORDER
    for j, width in enumerate(_WIDTHS[:ncols]):
        ws.column_dimensions[get_column_letter(1 + j)].width = width

    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True


def _lines(values: Sequence[object], widths: tuple[int, ...]) -> int:
    """Wrapped lines the tallest cell needs (Excel does not fit row heights on its own
    when the file is generated; a CJK character takes about two width units)."""
    most = 1
    for value, width in zip(values, widths, strict=False):
        if value is None:
            continue
        units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value))
        most = max(most, -(-units // max(1, width - 1)))
    return most


def _runs(values: list[tuple[str | None, ...]]) -> list[tuple[int, int]]:
    """Index ranges of consecutive equal keys whose last element is non-empty."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            if i - 1 > start and values[start][-1] not in (None, ""):
                out.append((start, i - 1))
            start = i
    return out
