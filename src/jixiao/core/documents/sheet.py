"""A worksheet printed as PDF: the Excel forms (自评表, 运行监控表) on paper, cell for cell.

The standard forms are already written as .xlsx (``writers.excel_selfeval``,
``monitoring.workbook``); printing the same workbook guarantees that the PDF matches the
Excel file. Each sheet becomes one HTML table: merged ranges are ``colspan``/``rowspan``,
a number is shown through its number format ("0.00", "0.00%"), a cell keeps its
borders, alignment, bold, size and solid fill (the 红黄绿灯), columns keep their
relative widths, and the page its orientation; then WeasyPrint prints it like the
绩效文本 (embedded CJK fonts, page numbers, rows never split). Jinja2 escapes every text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.core.documents.layout import flat

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["SheetCell", "SheetPage", "cell_text", "render_sheets_pdf", "sheet_page", "sheets_html"]

PORTRAIT_MM = 180.0
LANDSCAPE_MM = 267.0
_DEFAULT_WIDTH = 8.43  # Excel's default column width
_FORMAT = re.compile(r"^0(?:\.(0+))?(%?)$")
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")


@dataclass(frozen=True, slots=True)
class SheetCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    align: str = "left"
    bold: bool = False
    size: float | None = None
    boxed: bool = False
    fill: str = ""  # "#RRGGBB" or ""


@dataclass(frozen=True, slots=True)
class SheetPage:
    title: str
    landscape: bool
    widths: tuple[float, ...]  # mm
    rows: tuple[tuple[SheetCell, ...], ...]
    scale: float = 1.0  # "fit to page width": the sheet's natural width over the page's


def cell_text(value: Any, number_format: str = "General") -> str:
    """What Excel shows for a value: numbers through "0", "0.00", "0.00%" formats."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        m = _FORMAT.match(number_format or "")
        if m is None:
            return format(number, "f")
        places = len(m.group(1) or "")
        if m.group(2):
            number *= 100
        shown = format(number.quantize(Decimal(1).scaleb(-places)), "f")
        return shown + ("%" if m.group(2) else "")
    return flat(str(value))


def _fill(cell: Any) -> str:
    f = cell.fill
    if f is None or f.fill_type != "solid":
        return ""
    rgb = getattr(f.fgColor, "rgb", None)
    if not isinstance(rgb, str):
        return ""
    rgb = rgb[-6:]
    return f"#{rgb}" if _HEX.match(rgb) and rgb.upper() != "000000" else ""


def _boxed(cell: Any) -> bool:
    b = cell.border
    return any(getattr(side, "style", None) for side in (b.left, b.right, b.top, b.bottom))


def sheet_page(ws: Worksheet) -> SheetPage:
    """The sheet as a table of displayed texts with its merges and cell styles."""
    from openpyxl.utils import get_column_letter

    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        spans[(rng.min_row, rng.min_col)] = (
            rng.max_row - rng.min_row + 1,
            rng.max_col - rng.min_col + 1,
        )
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    covered.add((r, c))
    columns = ws.max_column
    landscape = ws.page_setup.orientation == "landscape"
    raw = [
        ws.column_dimensions[get_column_letter(c)].width or _DEFAULT_WIDTH
        for c in range(1, columns + 1)
    ]
    page = LANDSCAPE_MM if landscape else PORTRAIT_MM
    widths = tuple(w * page / sum(raw) for w in raw)
    # Excel's column unit is a digit's width (7 px at 96 dpi, plus 5 px padding); the
    # forms are set to fit the page's width, which shrinks the text by the same ratio.
    natural = sum(w * 7 + 5 for w in raw) * 25.4 / 96
    scale = min(1.0, page / natural)
    rows = []
    for r in range(1, ws.max_row + 1):
        cells = []
        for c in range(1, columns + 1):
            if (r, c) in covered:
                continue
            cell = ws.cell(r, c)
            rowspan, colspan = spans.get((r, c), (1, 1))
            font = cell.font
            cells.append(
                SheetCell(
                    text=cell_text(cell.value, cell.number_format),
                    colspan=colspan,
                    rowspan=rowspan,
                    align=cell.alignment.horizontal
                    or ("right" if isinstance(cell.value, int | float | Decimal) else "left"),
                    bold=bool(font is not None and font.b),
                    size=float(font.sz) if font is not None and font.sz else None,
                    boxed=_boxed(cell),
                    fill=_fill(cell),
                )
            )
        rows.append(tuple(cells))
    return SheetPage(ws.title, landscape, widths, tuple(rows), scale)


def sheets_html(
    pages: Sequence[SheetPage],
    title: str,
    serif: str = '"Noto Serif CJK SC", serif',
    sans: str = '"Noto Sans CJK SC", sans-serif',
) -> str:
    """The pages as one HTML document (what the PDF is printed from)."""
    from jixiao.core.documents.html import sheet_environment

    return (
        sheet_environment()
        .get_template("sheet.html.j2")
        .render(pages=pages, title=title, serif=serif, sans=sans)
    )


def render_sheets_pdf(wb: Workbook, title: str, sheets: Sequence[str] | None = None) -> bytes:
    """The workbook's sheets (all, or those named) printed as one PDF."""
    from jixiao.core.documents.fonts import cjk_fonts

    fonts = cjk_fonts()
    chosen = [wb[name] for name in sheets] if sheets is not None else list(wb.worksheets)
    pages = [sheet_page(ws) for ws in chosen]
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = sheets_html(pages, title, f'"{fonts.serif}", serif', f'"{fonts.sans}", sans-serif')
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    return pdf
