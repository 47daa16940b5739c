"""The 绩效文本 as a Word document (.docx, python-docx) that units can edit.

The same layout as the PDF: the prose of 第一部分 as paragraphs, then per project the
title, the unit line (the department at the left, "单位：万元" at a right tab stop) and
one real table on the grid of ``grid``: merged cells are Word merges (``gridSpan``
across, ``vMerge`` down), so the level1/level2 labels span their rows as in the
published tables. Rows may not break across pages (``cantSplit``) and each row group
(the block above the indicator table, each level1 run) is kept on one page
(``keep with next``). Page numbers "— N —" in the footer.

The tables are written as WordprocessingML (one ``w:tc`` per merged cell, paragraphs
referring to three cell styles) and parsed once: python-docx's cell API re-reads the
table on every call and took seconds for the seed's eight tables.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from jixiao.core.documents.grid import Cell, column_widths_mm, table_grid, table_rows
from jixiao.core.documents.layout import Block, Layout, ProjectTable, build_layout

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

    from jixiao.core.model import Plan

__all__ = ["render_docx", "render_layout_docx"]

SERIF = "宋体"  # the fonts of county documents; Word substitutes where absent
SANS = "黑体"
_SIZES = {"part": 16.0, "part_title": 16.0, "section": 14.0}
TABLE_PT = 10.5
BODY_PT = 12.0
# Paragraph styles of the table cells (ids as Word derives them from the names).
TABLE, TABLE_LEFT, TABLE_HEAD = "JXTable", "JXTableLeft", "JXTableHead"


def render_docx(plan: Plan) -> bytes:
    """The plan's 绩效文本 as .docx bytes."""
    return render_layout_docx(build_layout(plan))


def render_layout_docx(doc: Layout) -> bytes:
    from docx import Document as new_document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    d = new_document()
    _page_setup(d)
    props = d.core_properties
    props.title, props.author, props.last_modified_by = doc.title, "", ""
    props.comments, props.keywords, props.subject = "", "", doc.subject
    normal = d.styles["Normal"]
    _fonts(normal.element.get_or_add_rPr(), SERIF)
    normal.font.size = Pt(BODY_PT)
    _table_styles(d)

    title = d.paragraphs[0] if d.paragraphs else d.add_paragraph()
    _run(title, doc.title, SANS, 18.0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Mm(6)
    for b in doc.part1:
        _block(d, b)
    for i, b in enumerate(doc.part2):
        p = _block(d, b)
        if i == 0 and doc.part1:
            p.paragraph_format.page_break_before = True
    for t in doc.tables:
        _table(d, t)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _table_styles(d: Document) -> None:
    """Cell paragraphs refer to these styles instead of each carrying its own format."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    names = {TABLE: "JX Table", TABLE_LEFT: "JX Table Left", TABLE_HEAD: "JX Table Head"}
    for style_id, name in names.items():
        style = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        assert style.style_id == style_id, style.style_id
        style.base_style = d.styles["Normal"]
        style.font.size = Pt(TABLE_PT)
        _fonts(style.element.get_or_add_rPr(), SANS if style_id == TABLE_HEAD else SERIF)
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = 1.0
        fmt.first_line_indent = Pt(0)
        fmt.alignment = (
            WD_ALIGN_PARAGRAPH.LEFT if style_id == TABLE_LEFT else WD_ALIGN_PARAGRAPH.CENTER
        )


def _page_setup(d: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin = s.bottom_margin = Mm(25)
    s.left_margin = s.right_margin = Mm(20)
    footer = s.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, "— ", SERIF, TABLE_PT)
    _page_field(footer)
    _run(footer, " —", SERIF, TABLE_PT)


def _page_field(p: Paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    field.append(r)
    p._p.append(field)


def _fonts(rpr: Any, east_asia: str) -> None:
    """Set a run's (or style's) fonts: ``east_asia`` for Chinese, Times New Roman else."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), "Times New Roman")
    fonts.set(qn("w:hAnsi"), "Times New Roman")
    fonts.set(qn("w:eastAsia"), east_asia)


def _run(p: Paragraph, text: str, font: str, size: float) -> None:
    from docx.shared import Pt

    run = p.add_run(text)
    run.font.size = Pt(size)
    _fonts(run._r.get_or_add_rPr(), font)


def _block(d: Document, b: Block) -> Paragraph:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    p = d.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.5
    if b.kind in ("part", "part_title"):
        _run(p, b.text, SANS, _SIZES[b.kind])
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if b.kind == "part_title":
            fmt.space_after = Mm(4)
    elif b.kind == "section":
        _run(p, b.text, SANS, _SIZES[b.kind])
        fmt.space_before = Mm(3)
        fmt.keep_with_next = True
    elif b.kind in ("subgoal", "measure"):
        _run(p, b.text, SANS, BODY_PT)
        fmt.first_line_indent = Pt(2 * BODY_PT)
        fmt.keep_with_next = True
    elif b.kind in ("center", "plain", "right"):
        _run(p, b.text, SERIF, BODY_PT)
        p.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "plain": WD_ALIGN_PARAGRAPH.LEFT,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }[b.kind]
        if b.kind == "center":
            fmt.space_after = Mm(4)
    else:
        if b.label:
            _run(p, b.label, SANS, BODY_PT)
        _run(p, b.text, SERIF, BODY_PT)
        fmt.first_line_indent = Pt(2 * BODY_PT)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return p


def _table(d: Document, t: ProjectTable) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.oxml import parse_xml
    from docx.shared import Mm, Pt

    title = d.add_paragraph()
    _run(title, t.title, SANS, 14.0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Mm(4)
    title.paragraph_format.space_after = Mm(2)
    title.paragraph_format.keep_with_next = True
    unit = d.add_paragraph()
    unit.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT)
    unit.paragraph_format.keep_with_next = True
    unit.paragraph_format.space_after = Pt(2)
    _run(unit, f"{t.department}\t{t.unit}", SERIF, TABLE_PT)
    d.element.body._insert_tbl(parse_xml(table_xml(t, d.styles["Table Grid"].style_id)))
    d.add_paragraph()


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Cell padding as in the PDF: about 0.8 mm above and below, 1 mm at the sides (twips).
_CELL_MARGINS = (
    '<w:tblCellMar><w:top w:w="45" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
    '<w:bottom w:w="45" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
)
_STYLE = {"text": TABLE_LEFT, "head": TABLE_HEAD, "label": TABLE, "value": TABLE}


def table_xml(t: ProjectTable, grid_style: str) -> str:
    """The 绩效目标表 as a ``w:tbl`` element: one ``w:tc`` per cell of ``grid``, a
    ``w:vMerge`` continuation under each cell that spans rows. Text is XML-escaped."""
    widths = [_twips(w) for w in column_widths_mm()]
    out = [
        f'<w:tbl xmlns:w="{_W}"><w:tblPr><w:tblStyle w:val="{grid_style}"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        f"{_CELL_MARGINS}</w:tblPr>"
        "<w:tblGrid>",
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    covered: dict[tuple[int, int], Cell] = {}  # (row, column) under a cell from above
    for r, (cells, keep) in enumerate(table_rows(table_grid(t))):
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        queue = list(cells)
        col = 0
        while col < len(widths):
            above = covered.get((r, col))
            cell = above or (queue.pop(0) if queue else None)
            if cell is None:
                break
            if above is None and cell.rowspan > 1:
                for below in range(r + 1, r + cell.rowspan):
                    covered[(below, col)] = cell
            merge = "" if cell.rowspan == 1 else ("continue" if above else "restart")
            out.append(_tc(cell, sum(widths[col : col + cell.colspan]), merge, keep))
            col += cell.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _tc(cell: Cell, width: int, merge: str, keep: bool) -> str:
    span = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
    vmerge = {"": "", "restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}[merge]
    ppr = f'<w:pPr><w:pStyle w:val="{_STYLE[cell.kind]}"/>{"<w:keepNext/>" if keep else ""}</w:pPr>'
    lines = ("",) if merge == "continue" else cell.lines
    rpr = f'<w:rPr><w:sz w:val="{round(cell.size * 2)}"/></w:rPr>' if cell.size else ""
    paras = "".join(
        f"<w:p>{ppr}"
        + (f'<w:r>{rpr}<w:t xml:space="preserve">{escape(line)}</w:t></w:r>' if line else "")
        + "</w:p>"
        for line in lines
    )
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{vmerge}'
        f'<w:vAlign w:val="center"/></w:tcPr>{paras}</w:tc>'
    )
