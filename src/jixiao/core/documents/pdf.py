"""The 绩效文本 as PDF: the HTML page printed by WeasyPrint (A4, fonts embedded).

WeasyPrint is imported here only (it takes about a second to import), so nothing else
in ``jixiao`` pays for it. The page's CSS asks for A4, page numbers "— N —" at the foot,
rows and level1 runs kept on one page (``break-inside: avoid``) and long cells wrapped;
the CJK families are looked up first (``fonts``) so a missing font is an error, not a
PDF full of boxes.

A run of rows under one level1 label may not fit a page. Then WeasyPrint, asked to
keep it whole, may split a row in the middle; and a merged level cell broken by a page
shows its label on one page only. So the layout is checked (each indicator row has an
id; ``Page.anchors`` lists a split row on both its pages): a run with a split row may
break between rows, a merged cell crossing a page starts again on the new page with
its label, and the document is laid out again (rarely: the seed needs one pass).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jixiao.core.documents.fonts import cjk_fonts
from jixiao.core.documents.grid import Pagination, table_grid
from jixiao.core.documents.html import render_layout_html
from jixiao.core.documents.layout import Layout, build_layout

if TYPE_CHECKING:
    from weasyprint import Document

    from jixiao.core.model import Plan

__all__ = ["MAX_PASSES", "render_layout_pdf", "render_pdf"]

MAX_PASSES = 5
_MARK = re.compile(r"^r(\d+)-(\d+)$")


def render_pdf(plan: Plan) -> bytes:
    """The plan's 绩效文本 as PDF bytes; ``RenderError`` when no CJK font is installed."""
    return render_layout_pdf(build_layout(plan))


def render_layout_pdf(doc: Layout) -> bytes:
    """Any layout (a 绩效文本, a 批复 with its tables) printed as PDF."""
    fonts = cjk_fonts()
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # The page refers to nothing outside itself; whatever a text might smuggle in, no
    # file or network access is allowed.
    fetcher = URLFetcher(allowed_protocols=())
    pages: dict[int, Pagination] = {}
    for _ in range(MAX_PASSES):
        html = render_layout_html(doc, fonts, pages, marks=True)
        printed = HTML(string=html, url_fetcher=fetcher).render()
        better = _repaginate(doc, pages, printed)
        if better == pages:
            break
        pages = better
    pdf: bytes = printed.write_pdf()  # <title> becomes the PDF's title
    return pdf


def _repaginate(
    doc: Layout, pages: dict[int, Pagination], printed: Document
) -> dict[int, Pagination]:
    """How to break the tables, from where this layout put their rows: a run with a
    split row becomes loose (for good); a merged cell crossing a page starts again on
    the new page; a new start that no page break needs any more is dropped."""
    # Every page a row is printed on: a row split by a page break is on two.
    printed_on: dict[tuple[int, int], list[int]] = {}
    for number, page in enumerate(printed.pages):
        for anchor in page.anchors:
            m = _MARK.match(anchor)
            if m is not None:
                printed_on.setdefault((int(m.group(1)), int(m.group(2))), []).append(number)
    out: dict[int, Pagination] = {}
    for t in doc.tables:
        now = pages.get(t.number, Pagination())
        on = [printed_on.get((t.number, k), [-1]) for k in range(len(t.rows))]
        page = [min(p) for p in on]
        # A new start is kept only where a page does break the run.
        breaks = {j for j in now.breaks if page[j] != page[j - 1]}
        loose = set(now.loose)
        for g, group in enumerate(table_grid(t, now).body):
            rows = range(group.first, group.first + len(group.rows))
            if group.keep and any(len(on[k]) > 1 for k in rows):
                loose.add(g)  # WeasyPrint split a row to keep the run whole
            for k, cells in zip(rows, group.rows, strict=True):
                for cell in cells[:2]:  # the level cells, in the row they start
                    last = k + cell.rowspan - 1
                    if cell.rowspan > 1 and page[last] != page[k]:
                        breaks.add(
                            next(j for j in range(k + 1, last + 1) if page[j] != page[j - 1])
                        )
        better = Pagination(frozenset(breaks), frozenset(loose))
        if better != Pagination():
            out[t.number] = better
    return out
