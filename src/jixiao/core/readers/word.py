"""Word reader: the 部门预算绩效文本 as units keep it, a .docx typed in Word or WPS.

python-docx opens the package (relationships, the main document part); the body is then
walked once with lxml, since python-docx's cell API re-reads the table on every call.
Paragraphs become text lines and tables rows of cells on the table's grid, ``None``
where a merged cell covers the position (``w:gridSpan`` across, ``w:vMerge`` down, old
``w:hMerge``), so the 绩效目标表 is read by ``target_tables`` exactly as from a PDF.
A cell's paragraphs and line breaks are joined as a wrapped cell is; text in content
controls, insertions, hyperlinks and smart tags is read, text only in a text box or an
``mc:Fallback`` (a copy of what the document shows) is not.

The package is bounded before python-docx allocates anything (``check_docx_package``:
size, number of members, their uncompressed size and compression ratio) and the body
after parsing (paragraphs, tables, rows, columns, nesting), each with a Chinese message.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from jixiao.core.findings import Location, ReadError
from jixiao.core.readers import ReadResult
from jixiao.core.readers.target_tables import Item, Table, read_flow

__all__ = ["DocxLimits", "check_docx_package", "docx_text_items", "read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
P, TBL, TR, TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
# Containers whose children are read as if they stood in their place.
_WRAPPERS = frozenset(
    {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins", _W + "smartTag"}
)
_SKIPPED = frozenset({_MC_FALLBACK, _W + "txbxContent", _W + "del", _W + "moveFrom"})


class DocxLimits:
    """What a .docx may hold (a county's 绩效文本 is a few hundred kB, some hundred rows)."""

    max_bytes = 50 * 1024 * 1024
    max_members = 2000
    max_uncompressed = 200 * 1024 * 1024  # all members together
    max_ratio = 200  # uncompressed / compressed size of one member
    max_blocks = 50_000  # paragraphs and tables of the body
    max_rows = 50_000  # table rows, all tables together
    max_columns = 63  # Word's own limit per table
    max_depth = 3  # tables nested in cells


def check_docx_package(
    data: bytes, source: str | None, limits: type[DocxLimits] = DocxLimits
) -> None:
    """Refuse a .docx whose package is too large or expands too much, before opening it."""
    where = Location(file=source)
    mb = 1024 * 1024
    if len(data) > limits.max_bytes:
        raise ReadError(
            f"Word 文件过大（{len(data) // mb} MB），上限为 {limits.max_bytes // mb} MB", where
        )
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(f"不是有效的 Word 文件（.docx 应为 zip 包）：{exc}", where) from None
    if len(infos) > limits.max_members:
        raise ReadError(f"Word 文件包含 {len(infos)} 个部件，上限为 {limits.max_members} 个", where)
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed:
        raise ReadError(
            f"Word 文件解压后为 {total // mb} MB，上限为 {limits.max_uncompressed // mb} MB", where
        )
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > limits.max_ratio * max(i.compress_size, 1):
            raise ReadError(
                f"Word 文件的部件“{i.filename}”压缩比异常（疑似压缩炸弹），拒绝读取", where
            )


def read_docx(data: bytes, source: str | None = None) -> ReadResult:
    """Read a 绩效文本 .docx; ``ReadError`` (Chinese, with the place) when it cannot be read."""
    return read_flow(docx_text_items(data, source), source)


def docx_text_items(data: bytes, source: str | None) -> list[Item]:
    """The body of a .docx as the flow ``target_tables`` reads: lines and tables in order."""
    check_docx_package(data, source)
    body = _open_body(data, source)
    walker = _Walker(source)
    items: list[Item] = []
    for el in walker.blocks(body):
        n = len(items) + 1
        if el.tag == P:
            text = _paragraph_text(el)
            if text.strip():
                items.append((1, float(n), "line", text))
        else:
            items.append((1, float(n), "table", walker.table(el, 1)))
    return items


def _open_body(data: bytes, source: str | None) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.LxmlError, zipfile.BadZipFile) as exc:
        raise ReadError(f"无法打开 Word 文件（.docx）：{exc}", Location(file=source)) from None
    return document.element.body


def _children(el: Any) -> Iterator[Any]:
    """``el``'s children, content controls and similar wrappers opened in place."""
    for child in el:
        tag = child.tag
        if tag in _WRAPPERS:
            yield from _children(child)
        elif tag not in _SKIPPED:
            yield child


def _paragraph_text(p: Any) -> str:
    """A paragraph's text: runs joined, tabs kept, line breaks as newlines."""
    out: list[str] = []
    stack = [p]
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag == _W + "t":
            out.append(el.text or "")
        elif tag == _W + "tab":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif isinstance(tag, str) and tag not in _SKIPPED:
            stack.extend(reversed(el))
    return "".join(out)


class _Walker:
    """Counts what it reads so that a hostile body stops early with a Chinese error."""

    def __init__(self, source: str | None) -> None:
        self.source = source
        self.blocks_seen = 0
        self.rows_seen = 0

    def _refuse(self, what: str, limit: int) -> ReadError:
        return ReadError(f"Word 文件的{what}超过上限 {limit}", Location(file=self.source))

    def blocks(self, body: Any) -> Iterator[Any]:
        for el in _children(body):
            if el.tag in (P, TBL):
                self.blocks_seen += 1
                if self.blocks_seen > DocxLimits.max_blocks:
                    raise self._refuse("段落和表格数", DocxLimits.max_blocks)
                yield el

    def table(self, tbl: Any, depth: int) -> Table:
        """The table's rows on its grid: a cell's text at its first grid column, ``None``
        at the columns it spans and where a cell above continues down (``vMerge``)."""
        if depth > DocxLimits.max_depth:
            raise self._refuse("表格嵌套层数", DocxLimits.max_depth)
        rows: list[list[tuple[int, int, str | None]]] = []
        width = 0
        for tr in (el for el in _children(tbl) if el.tag == TR):
            self.rows_seen += 1
            if self.rows_seen > DocxLimits.max_rows:
                raise self._refuse("表格行数", DocxLimits.max_rows)
            col = _int_prop(tr, "trPr", "gridBefore")
            if col > DocxLimits.max_columns:
                raise self._refuse("表格列数", DocxLimits.max_columns)
            cells: list[tuple[int, int, str | None]] = []
            for tc in (el for el in _children(tr) if el.tag == TC):
                span = max(_int_prop(tc, "tcPr", "gridSpan"), 1)
                covered = _continues(tc, "vMerge") or _continues(tc, "hMerge")
                cells.append((col, span, None if covered else self._cell_text(tc, depth)))
                col += span
                if col > DocxLimits.max_columns:
                    raise self._refuse("表格列数", DocxLimits.max_columns)
            width = max(width, col)
            rows.append(cells)
        out: list[list[str | None]] = []
        extents: list[list[tuple[float, float] | None]] = []
        for cells in rows:
            row: list[str | None] = [None] * width
            ext: list[tuple[float, float] | None] = [None] * width
            for col, span, text in cells:
                if text is not None:
                    row[col], ext[col] = text, (float(col), float(col + span))
            out.append(row)
            extents.append(ext)
        return Table(out, extents)

    def _cell_text(self, tc: Any, depth: int) -> str:
        lines: list[str] = []
        for el in _children(tc):
            if el.tag == P:
                lines.append(_paragraph_text(el))
            elif el.tag == TBL:  # a table inside a cell: its text, row by row
                for row in self.table(el, depth + 1).rows:
                    lines.append(" ".join(c for c in row if c))
        return "\n".join(lines).strip("\n")


def _int_prop(el: Any, props: str, name: str) -> int:
    pr = el.find(_W + props)
    node = pr.find(_W + name) if pr is not None else None
    if node is None:
        return 0 if name != "gridSpan" else 1
    try:
        return int(node.get(_W + "val", "1"))
    except ValueError:
        return 0 if name != "gridSpan" else 1


def _continues(tc: Any, name: str) -> bool:
    """A ``w:vMerge``/``w:hMerge`` without ``restart`` continues the cell before it."""
    pr = tc.find(_W + "tcPr")
    node = pr.find(_W + name) if pr is not None else None
    return node is not None and node.get(_W + "val", "continue") != "restart"
