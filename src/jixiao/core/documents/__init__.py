"""Documents out: a plan as the published 部门预算绩效文本 (PDF, Word, HTML, text, Excel).

``render(plan, fmt)`` returns the file's bytes; it is a pure function (no files, no
Django), so the CLI (``jixiao render``) and a web view call the same code. Every format
is built from one layout (``layout``, ``grid``): 第一部分 部门整体绩效目标 as prose, then
one 绩效目标表 per project with merged level cells. What the layout carries, and so what
reading a rendered document back recovers, is ``carried`` (docs/documents.md).

Heavy libraries are imported by the writer that needs them only: WeasyPrint (``pdf``),
python-docx (``word``), Jinja2 (``html``), openpyxl (the Excel writer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from jixiao.core.documents.layout import RenderError

if TYPE_CHECKING:
    from jixiao.core.model import Plan

__all__ = ["FORMATS", "MEDIA_TYPES", "Format", "RenderError", "render"]

Format = Literal["pdf", "docx", "html", "txt", "xlsx"]
FORMATS: tuple[Format, ...] = ("pdf", "docx", "html", "txt", "xlsx")
MEDIA_TYPES: dict[Format, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(plan: Plan, fmt: Format) -> bytes:
    """The plan's 绩效文本 in ``fmt``; ``RenderError`` (Chinese message) when it cannot be."""
    if fmt == "pdf":
        from jixiao.core.documents.pdf import render_pdf

        return render_pdf(plan)
    if fmt == "docx":
        from jixiao.core.documents.word import render_docx

        return render_docx(plan)
    if fmt == "html":
        from jixiao.core.documents.html import render_html

        return render_html(plan).encode("utf-8")
    if fmt == "txt":
        from jixiao.core.documents.text import render_text

        return render_text(plan).encode("utf-8")
    if fmt == "xlsx":
        from jixiao.core.writers.excel_plan import write_plan_workbook

        return write_plan_workbook(plan)
    raise RenderError(f"不支持的格式“{fmt}”，应为 {'、'.join(FORMATS)} 之一")
