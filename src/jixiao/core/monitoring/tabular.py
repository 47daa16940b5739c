"""Bounded reading of the tables monitoring takes in: CSV and .xlsx, header found by text.

A payment ledger, a progress table and a feed's records are all "a header row, then one
record a row", exported from the 一体化 system or kept by hand in Excel. This module
turns the bytes into that shape and nothing more: CSV in UTF-8 (with or without BOM) or
GB18030, comma/semicolon/tab separated; the first sheet of an .xlsx workbook whose
header is recognised (python-calamine). Size, rows, columns, cell length and the
workbook's unzipped size are bounded before anything large is held.

The header is the first of the top rows that has every required column; columns are
matched by normalised header text (whitespace and full-width forms removed, lower case,
a unit in brackets set aside) against the aliases of each role, most specific first.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jixiao.core.findings import Location, ReadError
from jixiao.core.monitoring.settings import Limits
from jixiao.core.values import normalize_text

__all__ = [
    "Column",
    "Header",
    "Table",
    "cell_text",
    "decode_text",
    "header_key",
    "read_table",
]

HEADER_SEARCH_ROWS = 10
_BRACKETS = re.compile(r"[（(]([^（）()]*)[）)]\s*$")
# "1~8月实际完成值", "1-8月执行数": the period prefix of monitoring columns.
_PERIOD = re.compile(r"^1[~～\-—–至到]\d{1,2}月份?")


@dataclass(frozen=True, slots=True)
class Column:
    """A role found in the header: its 0-based position, header text and bracketed unit."""

    role: str
    index: int
    header: str
    unit: str | None

    @property
    def letter(self) -> str:
        """The spreadsheet column name (A, B, … AA) for messages."""
        n, out = self.index + 1, ""
        while n:
            n, r = divmod(n - 1, 26)
            out = chr(65 + r) + out
        return out


@dataclass(frozen=True, slots=True)
class Header:
    row: int
    columns: Mapping[str, Column]
    texts: tuple[str, ...]


@dataclass(slots=True)
class Table:
    """A header and its data rows: ``rows`` yields (1-based row number, cells)."""

    source: str
    sheet: str | None
    header: Header
    rows: Iterator[tuple[int, Sequence[Any]]]

    def where(self, row: int, column: Column | None = None) -> Location:
        """Where a cell is, for messages: file, sheet, row and "C（金额（元））"."""
        return Location(
            file=self.source,
            sheet=self.sheet,
            row=row,
            column=None if column is None else f"{column.letter}（{column.header}）",
        )


def header_key(text: str) -> tuple[str, str | None]:
    """(normalised header text without its bracketed unit, the unit or None).

    A leading period ("1~8月") is dropped too: the column is the same every month.
    """
    t = _PERIOD.sub("", normalize_text(text).lower())
    m = _BRACKETS.search(t)
    if m:
        return t[: m.start()], m.group(1) or None
    return t, None


def cell_text(value: Any) -> str:
    """A cell as text: strings stripped, integral floats without ".0", None as ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def decode_text(data: bytes, source: str) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ReadError("文件不是 UTF-8 或 GB18030 编码的文本", Location(file=source))


def _find_header(
    rows: Iterator[tuple[int, Sequence[Any]]],
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    where: Location,
    limits: Limits,
) -> Header | None:
    """The first of the top rows holding every required role (``None`` if none does)."""
    wanted = {role: [header_key(n)[0] for n in names] for role, names in aliases.items()}
    for number, cells in rows:
        _check_width(cells, number, where, limits)
        texts = tuple(cell_text(c)[: limits.max_cell_chars] for c in cells)
        keys = [header_key(t)[0] for t in texts]
        found: dict[str, Column] = {}
        for role, names in wanted.items():
            for name in names:
                if name in keys:
                    i = keys.index(name)
                    found[role] = Column(role, i, texts[i], header_key(texts[i])[1])
                    break
        if all(r in found for r in required):
            return Header(number, found, texts)
        if number >= HEADER_SEARCH_ROWS:
            return None
    return None


def _check_width(cells: Sequence[Any], number: int, where: Location, limits: Limits) -> None:
    if len(cells) > limits.max_columns:
        raise ReadError(
            f"列数过多（{len(cells)} 列），上限为 {limits.max_columns} 列",
            replace(where, row=number),
        )


def _bounded(
    rows: Iterator[tuple[int, Sequence[Any]]], where: Location, limits: Limits
) -> Iterator[tuple[int, Sequence[Any]]]:
    """Data rows with their numbers; blank rows skipped; every bound checked per row."""
    for number, cells in rows:
        if number > limits.max_rows + HEADER_SEARCH_ROWS:
            raise ReadError(
                f"行数过多（超过 {limits.max_rows:,} 行）；请按年度或单位分开导出",
                replace(where, row=number),
            )
        _check_width(cells, number, where, limits)
        blank = True
        for c in cells:
            if c is None or c == "":
                continue
            blank = False
            if isinstance(c, str) and len(c) > limits.max_cell_chars:
                raise ReadError(
                    f"单元格过长（{len(c)} 个字符），上限为 {limits.max_cell_chars} 个字符",
                    replace(where, row=number),
                )
        if not blank:  # blank lines between blocks, trailing empty rows of a sheet
            yield number, cells


def read_table(
    data: bytes,
    filename: str,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    *,
    limits: Limits,
    what: str,
    source: str | None = None,
) -> Table:
    """The table in ``data`` (CSV or .xlsx by content, then extension).

    ``what`` names the kind of file in messages ("支付明细"). Raises ``ReadError`` when
    the file is too large, not a table, or has no header with the ``required`` roles.
    """
    src = source or filename
    if len(data) > limits.max_bytes:
        raise ReadError(
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），上限为 {limits.max_bytes // (1024 * 1024)} MB",
            Location(file=src),
        )
    suffix = Path(filename).suffix.lower()
    if data.startswith(b"PK") or suffix in {".xlsx", ".xlsm"}:
        return _xlsx_table(data, src, aliases, required, limits, what)
    if suffix == ".xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV", Location(file=src))
    return _csv_table(decode_text(data, src), src, aliases, required, limits, what)


def _missing(what: str, aliases: Mapping[str, Sequence[str]], required: Sequence[str]) -> str:
    need = "；".join(f"{'、'.join(aliases[r][:3])}" for r in required)
    return f"未找到{what}的表头：前 {HEADER_SEARCH_ROWS} 行中没有一行同时含有这些列：{need}"


def _csv_table(
    text: str,
    source: str,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    limits: Limits,
    what: str,
) -> Table:
    first = text[: text.find("\n") if "\n" in text else len(text)]
    delimiter = max((",", "\t", ";"), key=first.count)
    # csv's own field limit (131,072 characters) stops a runaway quoted field; our
    # max_cell_chars (far lower) is checked per cell by _bounded.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    where = Location(file=source)
    numbered = _csv_rows(reader, where)
    header = _find_header(numbered, aliases, required, where, limits)
    if header is None:
        raise ReadError(_missing(what, aliases, required), where)
    return Table(source, None, header, _bounded(numbered, where, limits))


def _csv_rows(reader: Any, where: Location) -> Iterator[tuple[int, Sequence[Any]]]:
    number = 0
    try:
        for row in reader:
            number += 1  # records, not physical lines: a quoted cell may hold a newline
            yield number, row
    except csv.Error as exc:
        raise ReadError(f"CSV 格式错误：{exc}", replace(where, row=number + 1)) from None


def _check_zip(data: bytes, source: str, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(
            f"无法打开 Excel 文件（应为 .xlsx）：{exc}", Location(file=source)
        ) from None
    if total > limits.max_unzipped_bytes:
        raise ReadError(
            f"Excel 文件解压后过大（{total // (1024 * 1024)} MB），上限为 "
            f"{limits.max_unzipped_bytes // (1024 * 1024)} MB",
            Location(file=source),
        )


def _xlsx_table(
    data: bytes,
    source: str,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    limits: Limits,
    what: str,
) -> Table:
    _check_zip(data, source, limits)
    # calamine (Rust) reads a 100,000-row ledger in about a second, openpyxl's
    # read-only mode in about forty; openpyxl stays the writer.
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(wb.sheet_names)
    except Exception as exc:  # calamine raises its own kinds on a damaged file
        raise ReadError(
            f"无法打开 Excel 文件（应为 .xlsx）：{exc}", Location(file=source)
        ) from None
    for name in names:
        where = Location(file=source, sheet=name)
        try:
            sheet = wb.get_sheet_by_name(name)
        except Exception as exc:
            raise ReadError(f"Excel 工作表内容损坏：{exc}", where) from None
        numbered = _sheet_rows(sheet.iter_rows(), sheet.start, where)
        header = _find_header(numbered, aliases, required, where, limits)
        if header is not None:
            return Table(source, name, header, _bounded(numbered, where, limits))
    raise ReadError(_missing(what, aliases, required), Location(file=source))


def _sheet_rows(
    rows: Iterator[list[Any]], start: tuple[int, int] | None, where: Location
) -> Iterator[tuple[int, Sequence[Any]]]:
    """Rows numbered as Excel numbers them. calamine yields rows from the first one but
    columns from the first used one: that many empty cells are put back in front."""
    pad: list[Any] = [None] * (start[1] if start else 0)
    number = 0
    try:
        for row in rows:
            number += 1
            end = len(row)
            while end and (row[end - 1] is None or row[end - 1] == ""):
                end -= 1  # empty cells at the right of a row
            yield number, (pad + row[:end]) if pad else row[:end]
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(f"Excel 工作表内容损坏：{exc}", replace(where, row=number + 1)) from None
