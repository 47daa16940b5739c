"""Cell writing for the monitoring workbook: text always as text, styles, row heights.

Kept apart from the sheet layouts (``workbook``): these are the rules every cell of the
绩效运行监控表 follows — a value from a file that begins with = + - @ or a tab/CR is
stored as a string with Excel's quote prefix (shown as written, never run as a
formula; ``writers.cells.put_value``, shared by every workbook we write), characters
XML cannot hold are replaced, numbers are exact Decimals with a
number format — and the row heights LibreOffice and Excel would not compute for
wrapped text in merged cells.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from jixiao.core.monitoring.settings import LAMP_LABELS
from jixiao.core.writers.cells import put_value

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "BOLD",
    "CENTER",
    "HEAD_FILL",
    "LAMP_FILL",
    "LEFT",
    "RIGHT",
    "TITLE_FONT",
    "box",
    "fit_rows",
    "lamp_cell",
    "merge",
    "print_setup",
    "put",
]

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
LEFT = Alignment(wrap_text=True, vertical="center", horizontal="left")
RIGHT = Alignment(wrap_text=False, vertical="center", horizontal="right")
FONT = Font(name="宋体", size=10)
BOLD = Font(name="宋体", size=10, bold=True)
TITLE_FONT = Font(name="宋体", size=16, bold=True)
LAMP_FILL = {
    "red": PatternFill("solid", fgColor="F8A5A5"),
    "yellow": PatternFill("solid", fgColor="FFE08A"),
    "green": PatternFill("solid", fgColor="B5DCA0"),
}
HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")


def put(
    ws: Worksheet,
    row: int,
    col: int,
    value: Any,
    *,
    align: Alignment = CENTER,
    bold: bool = False,
    number_format: str | None = None,
) -> None:
    """Write one cell: text always as text (never a formula), numbers exact."""
    put_value(ws.cell(row=row, column=col), value, number_format=number_format)
    cell = ws.cell(row=row, column=col)
    cell.alignment = align
    cell.font = BOLD if bold else FONT


def merge(ws: Worksheet, r1: int, c1: int, r2: int, c2: int) -> None:
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def box(ws: Worksheet, r1: int, r2: int, columns: int) -> None:
    for r in range(r1, r2 + 1):
        for c in range(1, columns + 1):
            ws.cell(r, c).border = _BORDER


def lamp_cell(ws: Worksheet, row: int, col: int, lamp: str | None) -> None:
    put(ws, row, col, LAMP_LABELS[lamp] if lamp else "—", bold=lamp is not None)
    if lamp:
        ws.cell(row, col).fill = LAMP_FILL[lamp]


def print_setup(ws: Worksheet, last_row: int, columns: int, header_rows: str) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_area = f"A1:{get_column_letter(columns)}{last_row}"
    ws.print_title_rows = header_rows


def text_width(text: str) -> float:
    """Display width in Excel column units at 宋体 10 pt: a wide (CJK) character is
    about one and a half, a narrow one a little less than one."""
    return sum(1.5 if ord(ch) > 0x2E7F else 0.9 for ch in text)


def fit_rows(ws: Worksheet, first: int, last: int) -> None:
    """Row heights for wrapped text (openpyxl leaves them to the viewer, and LibreOffice
    does not grow a row for a merged cell): lines needed × a 10-point line."""
    spans: dict[tuple[int, int], tuple[float, int]] = {}
    covered: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        width = sum(
            ws.column_dimensions[get_column_letter(c)].width or 8.43
            for c in range(rng.min_col, rng.max_col + 1)
        )
        spans[(rng.min_row, rng.min_col)] = (width, rng.max_row - rng.min_row + 1)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    covered.add((r, c))
    for r in range(first, last + 1):
        lines = 1
        for c in range(1, ws.max_column + 1):
            value = ws.cell(r, c).value
            if not isinstance(value, str) or (r, c) in covered:
                continue
            width, rows = spans.get(
                (r, c), (ws.column_dimensions[get_column_letter(c)].width or 8.43, 1)
            )
            usable = max(width - 0.8, 2)
            needed = sum(max(1, math.ceil(text_width(part) / usable)) for part in value.split("\n"))
            lines = max(lines, -(-needed // rows))  # a tall merge spreads its lines
        current = ws.row_dimensions[r].height or 0
        ws.row_dimensions[r].height = max(current, 6 + 13.5 * lines)
