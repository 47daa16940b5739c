"""The one way we put a value into an Excel cell: text is text, never a formula.

A plan or a self-evaluation carries text from files and forms. openpyxl takes any string
that begins with "=" for a formula, and Excel runs text beginning with "+", "-", "@",
a tab or a carriage return as one too (OWASP "CSV injection"): ``=HYPERLINK(…)`` or
``=cmd|' /C calc'!A0`` in an indicator name would come out live, and a genuine target
such as ``=100%`` would be damaged. Every writer (plan workbook, self-evaluation
workbook, monitoring workbook) stores strings through ``put_value``: an explicit string
cell, with Excel's quote prefix when it starts like a formula, so it shows and reads
back exactly as written. Characters XML cannot hold (control characters) are replaced
by U+FFFD instead of making openpyxl raise.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell, MergedCell

__all__ = ["FORMULA_START", "put_value", "safe_text"]

#: What Excel (or LibreOffice) may take for the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """``text`` with the characters an .xlsx cannot hold replaced (U+FFFD)."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def put_value(
    cell: Cell | MergedCell,
    value: str | Decimal | int | float | None,
    *,
    number_format: str | None = None,
) -> None:
    """Store ``value`` in ``cell``: strings as string cells (quote prefix when they start
    like a formula), numbers as numbers with ``number_format`` if given."""
    if isinstance(value, str):
        text = safe_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl would make "=…" a formula
        cell.quotePrefix = text.startswith(FORMULA_START)
        return
    cell.value = value
    if number_format is not None and value is not None:
        cell.number_format = number_format
