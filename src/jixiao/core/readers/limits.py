"""Bounds on what a reader accepts, checked before anything large is allocated.

A small hostile upload must not take the server down (a 1.5 MB xlsx that inflates to
gigabytes, one project with a million indicators, JSON nested thousands deep). Every
reader asks this module before it allocates: the file's size, an archive's directory
(member count and total uncompressed size, read from the zip's central directory before
openpyxl, calamine or python-docx open it), rows and columns read, projects per plan,
indicators per project, PDF pages and nesting depth.

The defaults are far above any real document (docs/formats.md, "读取上限") and are
configurable: ``[limits]`` in ``jixiao.toml`` (``parse_limits``) or the web setting
``JIXIAO_READ_LIMITS``; ``configure`` sets them for the process, ``using`` for a block.
A refusal is a ``LimitError`` (a ``ReadError``) whose Chinese message says the real
figure, the limit and the key that sets it.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from typing import Any

from jixiao.core.findings import Location, ReadError

__all__ = [
    "DEFAULT_LIMITS",
    "LimitError",
    "ReadLimits",
    "check_archive",
    "check_count",
    "check_depth",
    "check_document",
    "check_file_size",
    "check_number",
    "check_sheet",
    "check_xlsx",
    "configure",
    "current",
    "format_bytes",
    "parse_limits",
    "using",
]

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """What one input may contain. Field names are the ``[limits]`` keys."""

    max_file_bytes: int = 50 * MB
    # An xlsx/docx is a zip: its members and what they inflate to.
    max_archive_members: int = 2_000
    max_archive_bytes: int = 200 * MB
    # Cells read from any one sheet (rows × columns beyond these are not read).
    max_rows: int = 100_000
    max_columns: int = 200
    # Cells in one workbook, and cells covered by merged ranges (openpyxl makes an object
    # for each; a merge over A1:XFD1048576 is 17 billion of them).
    max_cells: int = 100_000
    max_merged_cells: int = 1_000_000
    max_projects: int = 2_000
    max_indicators: int = 500
    max_pdf_pages: int = 2_000
    # JSON/YAML nesting (our formats are 5 deep; 64 leaves room for extra fields), and
    # values in all (YAML aliases count each time they are used: "billion laughs").
    max_depth: int = 64
    max_nodes: int = 1_000_000


DEFAULT_LIMITS = ReadLimits()

# What each limit counts, for the messages.
_NOUNS: dict[str, str] = {
    "max_archive_members": "压缩包内文件数",
    "max_rows": "表格行数",
    "max_columns": "表格列数",
    "max_cells": "单元格数",
    "max_merged_cells": "合并单元格覆盖的单元格数",
    "max_projects": "项目数",
    "max_indicators": "一个项目的指标数",
    "max_pdf_pages": "PDF 页数",
    "max_depth": "嵌套层数",
    "max_nodes": "文档中的值",
}

_process_limits: ReadLimits = DEFAULT_LIMITS
_block_limits: ContextVar[ReadLimits | None] = ContextVar("jixiao_read_limits", default=None)


class LimitError(ReadError):
    """An input over one of the ``ReadLimits``; ``limit`` is the key that was exceeded."""

    def __init__(self, message: str, location: Location | None = None, *, limit: str) -> None:
        super().__init__(message, location)
        self.limit = limit


def current() -> ReadLimits:
    """The limits in force (a ``using`` block, else the process's, else the defaults)."""
    return _block_limits.get() or _process_limits


def configure(limits: ReadLimits | None) -> None:
    """Set the process's limits (``None`` restores the defaults)."""
    global _process_limits
    _process_limits = limits or DEFAULT_LIMITS


@contextmanager
def using(limits: ReadLimits) -> Iterator[ReadLimits]:
    """Read with ``limits`` inside the block (tests, one CLI run)."""
    token = _block_limits.set(limits)
    try:
        yield limits
    finally:
        _block_limits.reset(token)


def parse_limits(data: Mapping[str, Any], *, where: str = "") -> ReadLimits:
    """Build limits from ``[limits]`` of jixiao.toml (or a settings dict); a Chinese
    ``ValueError`` names a bad key. Sizes may be written in MB as ``max_file_mb``."""
    known = {f.name for f in fields(ReadLimits)}
    changes: dict[str, int] = {}
    for key, value in data.items():
        name = key
        scale = 1
        if key.endswith("_mb") and f"{key.removesuffix('_mb')}_bytes" in known:
            name, scale = f"{key.removesuffix('_mb')}_bytes", MB
        if name not in known:
            raise ValueError(
                f"配置项 limits.{key}{where} 未知；可用：{'、'.join(sorted(known))}"
                "（*_bytes 也可写作 *_mb）"
            )
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"配置项 limits.{key}{where} 应为正整数，实为 {value!r}")
        changes[name] = value * scale
    return replace(DEFAULT_LIMITS, **changes)


def format_bytes(n: int) -> str:
    """A size as people say it: "51.3 MB", "50 MB", "820 KB", "12 字节"."""
    for unit, size in (("GB", 1024 * MB), ("MB", MB), ("KB", 1024)):
        if n >= size:
            value = n / size
            text = f"{value:.1f}".removesuffix(".0")
            return f"{text} {unit}"
    return f"{n} 字节"


def check_file_size(size: int, source: str | None = None) -> None:
    """Refuse a file over ``max_file_bytes``, saying its real size."""
    limit = current().max_file_bytes
    if size > limit:
        raise LimitError(
            f"文件过大（{format_bytes(size)}），上限为 {format_bytes(limit)}",
            Location(file=source),
            limit="max_file_bytes",
        )


def check_archive(data: bytes, source: str | None = None, *, kind: str = "Excel") -> None:
    """Refuse a zip (xlsx/docx) whose directory promises too many members or too many
    bytes once inflated — read from the central directory, nothing is decompressed.

    The declared sizes are what the decompressor is asked to produce; a member that
    lies about its size is stopped by zipfile itself (it checks the declared size).
    """
    lim = current()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ReadError(
            f"无法打开 {kind} 文件（不是有效的压缩包）：{exc}", Location(file=source)
        ) from exc
    if len(infos) > lim.max_archive_members:
        raise LimitError(
            f"{kind} 文件包含 {len(infos)} 个内部文件，上限为 {lim.max_archive_members} 个"
            "（limits.max_archive_members）",
            Location(file=source),
            limit="max_archive_members",
        )
    total = sum(i.file_size for i in infos)
    if total > lim.max_archive_bytes:
        raise LimitError(
            f"{kind} 文件解压后过大（{format_bytes(total)}），上限为 "
            f"{format_bytes(lim.max_archive_bytes)}（limits.max_archive_bytes）",
            Location(file=source),
            limit="max_archive_bytes",
        )


def check_count(
    limit: str, count: int, location: Location | None = None, *, at_least: bool = False
) -> None:
    """Refuse ``count`` items over the limit named ``limit`` (a ``ReadLimits`` field);
    ``at_least`` when counting stopped early (the real number is larger)."""
    bound = int(getattr(current(), limit))
    if count > bound:
        shown = f"至少 {count} 个" if at_least else f"{count} 个"
        raise LimitError(
            f"{_NOUNS.get(limit, limit)}超过上限：{shown}，上限为 {bound} 个（limits.{limit}）",
            location,
            limit=limit,
        )


def check_depth(value: object, source: str | None = None) -> None:
    """Refuse a parsed JSON/YAML value nested deeper than ``max_depth`` or holding more
    than ``max_nodes`` values. Iterative, so the check itself cannot overflow the stack;
    a YAML alias counts every time it is used (what a writer would expand), which also
    ends a self-referencing alias."""
    lim = current()
    stack: list[tuple[object, int]] = [(value, 1)]
    visited = 0
    while stack:
        item, depth = stack.pop()
        visited += 1
        if visited > lim.max_nodes:
            raise LimitError(
                f"文档中的值过多（超过 {lim.max_nodes} 个，limits.max_nodes）",
                Location(file=source),
                limit="max_nodes",
            )
        if isinstance(item, Mapping | list):
            if depth > lim.max_depth:
                raise LimitError(
                    f"文档嵌套过深（超过 {lim.max_depth} 层，limits.max_depth）",
                    Location(file=source),
                    limit="max_depth",
                )
            children = item.values() if isinstance(item, Mapping) else item
            stack.extend((child, depth + 1) for child in children)


def check_document(document: object, source: str | None = None) -> None:
    """Refuse a plan with more projects, or a project with more indicators, than the
    limits (every reader's result passes here before anything is built from it)."""
    projects = getattr(document, "projects", None)
    if isinstance(projects, list):
        check_count("max_projects", len(projects), Location(file=source))
        for i, project in enumerate(projects, start=1):
            indicators = getattr(project, "indicators", [])
            bound = current().max_indicators
            if len(indicators) > bound:
                name = getattr(project, "name", None) or f"第{i}个项目"
                raise LimitError(
                    f"项目“{name}”的指标数超过上限：{len(indicators)} 个，上限为 {bound} 个"
                    "（limits.max_indicators）",
                    Location(file=source),
                    limit="max_indicators",
                )
    check_count("max_indicators", len(getattr(document, "indicators", ())), Location(file=source))
    _check_numbers(document, source)


def _check_numbers(document: object, source: str | None) -> None:
    """Every Decimal of the model is finite and of sane size, whichever reader built it
    (the text and PDF readers build percents from digits; JSON goes through to_decimal)."""
    import dataclasses
    from decimal import Decimal

    from jixiao.core.money import MoneyError, bounded

    stack: list[tuple[object, str]] = [(document, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, Decimal):
            try:
                bounded(item)
            except MoneyError as exc:
                raise ReadError(f"字段 {path}：{exc}", Location(file=source)) from None
        elif isinstance(item, list):
            stack.extend((x, f"{path}[{i}]") for i, x in enumerate(item))
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            for f in dataclasses.fields(item):
                if f.name != "extra":
                    name = f"{path}.{f.name}" if path else f.name
                    stack.append((getattr(item, f.name), name))


def check_number(value: object, location: Location | None = None) -> None:
    """Refuse a number cell that is not finite or not of sane size (openpyxl hands back
    ``inf`` or ``1e300`` from a crafted sheet; quantizing it would crash later)."""
    from decimal import Decimal

    from jixiao.core.money import MoneyError, to_decimal

    if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
        try:
            to_decimal(value)
        except MoneyError as exc:
            raise ReadError(str(exc), location) from None


def check_sheet(ws: Any, source: str | None = None) -> None:
    """Refuse an openpyxl worksheet with more rows or columns than the limits, or a
    merged range that would spread beyond them (a merge over A1:XFD1048576 is 17
    billion cells once filled in)."""
    where = Location(file=source, sheet=getattr(ws, "title", None))
    check_count("max_rows", int(ws.max_row or 0), where)
    check_count("max_columns", int(ws.max_column or 0), where)
    for rng in ws.merged_cells.ranges:
        check_count("max_rows", int(rng.max_row), where)
        check_count("max_columns", int(rng.max_col), where)


_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_MERGE = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?\""
)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_xlsx(data: bytes, source: str | None = None) -> None:
    """``check_archive``, then each worksheet's XML streamed (never held whole) and its
    rows, cells and merged ranges counted — before openpyxl or calamine builds them."""
    check_archive(data, source)
    try:
        _scan_sheets(data, Location(file=source))
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise ReadError(
            f"无法打开 Excel 文件（压缩包已损坏）：{exc}", Location(file=source)
        ) from None


def _scan_sheets(data: bytes, where: Location) -> None:
    cells = merged = 0
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            rows = 0
            tail = b""
            with zf.open(info) as fh:
                while True:
                    chunk = fh.read(1024 * 1024)
                    buf = tail + chunk
                    # Whole tags only: cut after the last ">", the rest waits for more.
                    cut = len(buf) if not chunk else buf.rfind(b">") + 1
                    head, tail = buf[:cut], buf[cut:]
                    cells += len(_CELL.findall(head))
                    rows += len(_ROW.findall(head))
                    for m in _MERGE.finditer(head):
                        merged += _merge_area(m, where)
                    early = bool(chunk)  # more of the sheet is still unread
                    check_count("max_rows", rows, where, at_least=early)
                    check_count("max_cells", cells, where, at_least=early)
                    check_count("max_merged_cells", merged, where, at_least=early)
                    if not chunk:
                        break
                    if len(tail) > 1024 * 1024:  # no ">" in a megabyte: not XML we read
                        raise ReadError("Excel 工作表的内容无法识别", where)


def _merge_area(m: re.Match[bytes], where: Location) -> int:
    c1, r1 = _column_number(m.group(1)), int(m.group(2))
    c2 = _column_number(m.group(3)) if m.group(3) else c1
    r2 = int(m.group(4)) if m.group(4) else r1
    check_count("max_rows", max(r1, r2), where)
    check_count("max_columns", max(c1, c2), where)
    return (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
