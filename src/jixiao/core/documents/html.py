"""The 绩效文本 as one self-contained HTML page (inline CSS, no scripts), from templates.

The same page is what WeasyPrint prints to PDF (``pdf``), so the screen and the paper
show one layout. Jinja2 escapes every text (``autoescape``): a project named
``<script>`` or ``{{ x }}`` prints as written. Templates live in ``templates/``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from jixiao.core.documents.fit import fit
from jixiao.core.documents.grid import column_widths_mm, table_grid
from jixiao.core.documents.layout import Layout, build_layout

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jinja2 import Environment

    from jixiao.core.documents.fonts import Fonts
    from jixiao.core.documents.grid import Pagination
    from jixiao.core.model import Plan

__all__ = ["keep_words", "render_html", "render_layout_html", "sheet_environment"]

# Generic names after the installed family: a browser without Noto still shows Chinese.
_SERIF_FALLBACK = '"Source Han Serif SC", "Songti SC", SimSun, "宋体", serif'
_SANS_FALLBACK = '"Source Han Sans SC", "PingFang SC", SimHei, "黑体", sans-serif'


_ASCII_GAP = re.compile(r"(?<=[A-Za-z0-9]) (?=[A-Za-z0-9])")


def keep_words(text: str) -> str:
    """A space between two ASCII words as a no-break space: a line may wrap inside a
    word (``overflow-wrap: anywhere``) but never at that space, where text extraction
    would lose it ("ISO" / "9001" reads back "ISO9001"). Extraction turns the no-break
    space back into a space."""
    return _ASCII_GAP.sub("\u00a0", text)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("jixiao.core.documents", "templates"),
        autoescape=select_autoescape(["html", "html.j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(fit=fit, grid=table_grid, widths=column_widths_mm())
    env.filters["t"] = keep_words
    return env


@lru_cache(maxsize=1)
def sheet_environment() -> Environment:
    """Templates of the printed worksheets (``sheet``): autoescaped like the page above."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("jixiao.core.documents", "templates"),
        autoescape=select_autoescape(["html", "html.j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_layout_html(
    doc: Layout,
    fonts: Fonts | None = None,
    pages: Mapping[int, Pagination] | None = None,
    *,
    marks: bool = False,
) -> str:
    """``doc`` as HTML. For the PDF: ``fonts`` names the installed CJK families,
    ``pages`` says how a table breaks where a row group does not fit a page (by table
    number), ``marks`` adds the row markers the PDF writer reads pages from."""
    serif = (
        f'"{fonts.serif}", {_SERIF_FALLBACK}'
        if fonts
        else f'"Noto Serif CJK SC", {_SERIF_FALLBACK}'
    )
    sans = f'"{fonts.sans}", {_SANS_FALLBACK}' if fonts else f'"Noto Sans CJK SC", {_SANS_FALLBACK}'
    return (
        _environment()
        .get_template("plan.html.j2")
        .render(doc=doc, serif=serif, sans=sans, pages=pages or {}, marks=marks)
    )


def render_html(plan: Plan) -> str:
    """The plan's 绩效文本 as a self-contained HTML page."""
    return render_layout_html(build_layout(plan))
