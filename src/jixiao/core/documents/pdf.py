"""The 绩效文本 as PDF: the HTML page printed by WeasyPrint (A4, fonts embedded).

WeasyPrint is imported here only (it takes about a second to import), so nothing else
in ``jixiao`` pays for it. The page's CSS asks for A4, page numbers "— N —" at the foot,
rows and level groups never split across pages (``break-inside: avoid``) and long cells
wrapped; the CJK families are looked up first (``fonts``) so a missing font is an error,
not a PDF full of boxes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.core.documents.fonts import cjk_fonts
from jixiao.core.documents.html import render_layout_html
from jixiao.core.documents.layout import build_layout

if TYPE_CHECKING:
    from jixiao.core.model import Plan

__all__ = ["render_pdf"]


def render_pdf(plan: Plan) -> bytes:
    """The plan's 绩效文本 as PDF bytes; ``RenderError`` when no CJK font is installed."""
    doc = build_layout(plan)
    html = render_layout_html(doc, cjk_fonts())
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf()  # <title> becomes the PDF's title
    return pdf
