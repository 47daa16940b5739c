"""PDF reader: a published Hebei county 部门预算绩效文本 as PDF (pdfplumber).

Where the PDF has ruled tables, each 绩效目标表 is read from its cells (pdfplumber keeps
them apart, so no wrap guessing is needed: a cell's line breaks are simply joined); the
prose of part 1 and the " N.…绩效目标表" headings come from the text outside the tables.
A PDF without ruled tables (or whose tables are not 绩效目标表) is read by the text
reader from its extracted text. pdfplumber is imported here only, so ``jixiao parse`` on
text files never loads it.
"""

from __future__ import annotations

import functools
import io
import re
from typing import Any

from jixiao.core.findings import Location, ReadError
from jixiao.core.readers import ReadResult
from jixiao.core.readers.cleaning import clean
from jixiao.core.readers.limits import check_count
from jixiao.core.readers.target_tables import Item, Table, read_flow

__all__ = ["read_pdf"]

# A page number printed in the foot margin ("— 3 —", "第 3 页", "第3页 共10页", "3 / 10").
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})$"
)
_FOOT = 0.9  # below this fraction of the page height a line is in the foot margin


def read_pdf(data: bytes, source: str | None = None) -> ReadResult:
    """Read a 绩效文本 PDF; ``ReadError`` (with the page) when it cannot be read."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise ReadError(f"无法打开 PDF 文件：{exc}", Location(file=source)) from exc
    items: list[Item] = []
    with pdf:
        try:
            pages = len(pdf.pages)
        except Exception as exc:  # pdfminer raises its own kinds on a damaged page tree
            raise ReadError(f"无法读取 PDF 的页面：{exc}", Location(file=source)) from exc
        if not pages:
            raise ReadError("PDF 文件没有页面", Location(file=source))
        check_count("max_pdf_pages", pages, Location(file=source))
        for pno, page in enumerate(pdf.pages, start=1):
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            flow = page.filter(functools.partial(_outside, boxes=boxes))
            foot = _FOOT * float(page.height)
            lines: list[Item] = []
            # A space at the end of a line is dropped from the line's text: keep it.
            blanks = [(float(c["top"]), float(c["x0"])) for c in flow.chars if c["text"] == " "]
            for ln in flow.extract_text_lines(x_tolerance=1.5):
                if float(ln["top"]) > foot and _PAGE_NUMBER.match(ln["text"].strip()):
                    continue  # a page number is not part of the document's text
                top, end = float(ln["top"]), float(ln["x1"])
                gap = any(abs(t - top) < 2 and abs(x - end) < 1.5 for t, x in blanks)
                lines.append((pno, top, "line", ln["text"] + (" " if gap else "")))
            items += _join_word_gaps(lines)
            for t in tables:
                items.append((pno, float(t.bbox[1]), "table", _table(t)))
    items.sort(key=lambda it: (it[0], it[1]))
    tables_found = [it for it in items if it[2] == "table"]
    if not tables_found or not any(_has_label(t[3].rows, "项目编") for t in tables_found):
        from jixiao.core.readers.text import read_text

        text = "\n".join(it[3] for it in items if it[2] == "line")
        if not text.strip():
            raise ReadError(
                "PDF 中没有可提取的文字（可能是扫描件，需要先做文字识别）",
                Location(file=source, page=1),
            )
        return read_text(text, source)
    return read_flow(items, source)


def _table(t: Any) -> Table:
    """A pdfplumber table with each cell's horizontal extent on the page."""
    # Blank characters kept: a space at the end of a line is a real gap ("ISO" | "9001"),
    # a line ending without one a wrap inside a word.
    rows: list[list[str | None]] = [
        [None if c is None else _line_gaps(c) for c in row]
        for row in t.extract(x_tolerance=1.5, keep_blank_chars=True)
    ]
    extents = [
        [None if box is None else (float(box[0]), float(box[2])) for box in row.cells]
        for row in t.rows
    ]
    return Table(rows, extents)


_WORD_END = re.compile(r"[A-Za-z0-9][ \t]+$")
_WORD_START = re.compile(r"^[ \t]*[A-Za-z0-9]")


def _join_word_gaps(lines: list[Item]) -> list[Item]:
    """Prose lines broken at a space between two ASCII words ("ISO " | "9001"), as one
    line: joining wrapped lines would otherwise lose the gap."""
    out: list[Item] = []
    for item in lines:
        if out and _WORD_END.search(out[-1][3]) and _WORD_START.match(item[3]):
            prev = out[-1]
            out[-1] = (prev[0], prev[1], "line", prev[3].rstrip() + " " + item[3].lstrip())
        else:
            out.append(item)
    return [(p, t, k, text.strip()) for p, t, k, text in out]


_GAP_AT_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def _line_gaps(cell: str) -> str:
    """A cell's line breaks: with a blank beside them one space, else a plain wrap."""
    return _GAP_AT_BREAK.sub(lambda m: " " if m.group() != "\n" else "\n", cell.strip())


def _outside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    return not any(_inside(obj, b) for b in boxes)


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx = (float(obj["x0"]) + float(obj["x1"])) / 2
    cy = (float(obj["top"]) + float(obj["bottom"])) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _has_label(rows: list[list[str | None]], label: str) -> bool:
    """A cell starting with ``label`` (a page break may cut the rest of it)."""
    return any(clean(c or "").startswith(label) for row in rows for c in row)
