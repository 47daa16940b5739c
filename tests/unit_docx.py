"""Word documents as units type them (python-docx), from a plan and a drawn ``Style``.

Not our renderer's output: each document varies what people and WPS do differently —
fonts and sizes changing run by run (with bookmarks and proofing marks between runs),
three column layouts (an even grid like ours, rows whose borders were dragged
independently so Word's grid is the union of every row's borders, and head rows
aligned to the indicator columns), the head block and the indicator table as one table
or two, level labels merged down (``vMerge``, with or without ``w:val="continue"``) or
typed in every row, long cells as several paragraphs or line breaks, the unit line
"单位：万元" pushed right by a tab, spaces or ideographic spaces, part headings on one
line or two, "（一）" or "(一)", "：" or ":". Texts are split only between two Chinese
characters, where a wrap and a paragraph break read alike.

``write_unit_docx(plan, style)`` returns the .docx bytes; the law is
``read_docx(write_unit_docx(p, s)) == carried(p)``.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass
from random import Random
from typing import Any, Literal

from hypothesis import strategies as st

from jixiao.core.documents.layout import ProjectTable, build_layout
from jixiao.core.model import Plan

__all__ = ["LAYOUTS", "Style", "styles", "write_unit_docx"]

FONTS = ["宋体", "仿宋_GB2312", "黑体", "楷体_GB2312", "微软雅黑"]
LAYOUTS = ("even", "dragged", "aligned")
Layout = Literal["even", "dragged", "aligned"]
WIDTH = 170.0  # mm
HEADERS = [
    ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"),
    ("一级指标", "二级指标", "三级指标", "指标描述", "年度指标值", "确定依据"),
    ("一级指标", "二级指标", "三级指标", "指标内容", "指标值", "指标值确定依据"),
]


@dataclass(frozen=True, slots=True)
class Style:
    seed: int
    fonts: tuple[str, str]  # body, table
    sizes: tuple[float, float]  # body, table (pt)
    layout: Layout
    two_tables: bool
    merge_levels: bool
    explicit_continue: bool  # WPS writes w:val="continue", Word leaves it out
    breaks: Literal["paragraphs", "line_breaks", "none"]
    unit_gap: Literal["tab", "spaces", "ideographic"]
    one_line_parts: bool
    half_width_marks: bool
    repeat_header: bool


@st.composite
def styles(draw: st.DrawFn) -> Style:
    return Style(
        seed=draw(st.integers(0, 2**32)),
        fonts=(draw(st.sampled_from(FONTS[:2])), draw(st.sampled_from(FONTS[2:]))),
        sizes=(draw(st.sampled_from([12.0, 14.0, 16.0])), draw(st.sampled_from([9.0, 10.5, 12.0]))),
        layout=draw(st.sampled_from(LAYOUTS)),
        two_tables=draw(st.booleans()),
        merge_levels=draw(st.booleans()),
        explicit_continue=draw(st.booleans()),
        breaks=draw(st.sampled_from(["paragraphs", "line_breaks", "none"])),
        unit_gap=draw(st.sampled_from(["tab", "spaces", "ideographic"])),
        one_line_parts=draw(st.booleans()),
        half_width_marks=draw(st.booleans()),
        repeat_header=draw(st.booleans()),
    )


_CJK_PAIR = re.compile(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])")


class _Writer:
    def __init__(self, style: Style) -> None:
        from docx import Document

        self.style = style
        self.rnd = Random(style.seed)
        self.d = Document()
        sec = self.d.sections[0]
        from docx.shared import Mm

        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.left_margin = sec.right_margin = Mm(20)

    # --- text -------------------------------------------------------------------------------

    def pieces(self, text: str, most: int = 3) -> list[str]:
        """``text`` cut into up to ``most`` pieces between two Chinese characters."""
        cuts = [m.start() for m in _CJK_PAIR.finditer(text)]
        k = self.rnd.randint(0, min(most - 1, len(cuts)))
        chosen = sorted(self.rnd.sample(cuts, k))
        bounds = [0, *chosen, len(text)]
        return [text[a:b] for a, b in itertools.pairwise(bounds)]

    def runs(self, p: Any, text: str, font: str, *, bold: bool = False) -> None:
        """Text as several runs (as edits leave them) with marks between them; one font
        and size per paragraph kind, as a unit's document has."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        size = self.style.sizes[0] if font == self.style.fonts[0] else self.style.sizes[1]
        for k, part in enumerate(self.pieces(text, 4) if text else []):
            if k and self.rnd.random() < 0.3:
                mark = OxmlElement(self.rnd.choice(["w:bookmarkStart", "w:proofErr"]))
                if mark.tag.endswith("bookmarkStart"):
                    mark.set(qn("w:id"), str(self.rnd.randint(0, 999)))
                    mark.set(qn("w:name"), f"_Hlk{self.rnd.randint(0, 10**8)}")
                else:
                    mark.set(qn("w:type"), "gramStart")
                p._p.append(mark)
            run = p.add_run(part)
            run.bold = bold or None
            run.font.size = Pt(size)
            fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
            fonts.set(qn("w:eastAsia"), font)
            fonts.set(qn("w:ascii"), "Times New Roman")

    def para(self, text: str, *, label: str = "", center: bool = False) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = self.d.add_paragraph()
        if label:
            self.runs(p, label, self.style.fonts[0], bold=True)
        self.runs(p, text, self.style.fonts[0])
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    def prose(self, text: str | None, *, label: str = "") -> None:
        """A paragraph that may continue in further paragraphs (never the label's)."""
        parts = self.pieces(text or "") if self.style.breaks != "none" else [text or ""]
        self.para(parts[0], label=label)
        for part in parts[1:]:
            self.para(part)

    def cell_text(self, cell: Any, lines: list[str], font: str) -> None:
        """A cell's lines (goals) with long ones cut: every piece its own paragraph, all
        in one paragraph with line breaks (Shift+Enter), or one paragraph per line."""
        mode = self.style.breaks
        pieces = [self.pieces(line) if mode != "none" else [line] for line in lines] or [[""]]
        if mode == "line_breaks":
            paras = [[x for line in pieces for x in line]]
        elif mode == "paragraphs":
            paras = [[x] for line in pieces for x in line]
        else:
            paras = pieces
        for k, parts in enumerate(paras):
            p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            for j, piece in enumerate(parts):
                if j:
                    p.add_run().add_break()
                self.runs(p, piece, font)

    # --- document --------------------------------------------------------------------------

    def document(self, plan: Plan) -> bytes:
        lay = build_layout(plan)
        self.para(lay.title, center=True)
        s = self.style
        for b in lay.part1:
            if b.kind == "part" and s.one_line_parts:
                continue
            if b.kind == "part_title" and s.one_line_parts:
                part = "第一部分" if b.text == "部门整体绩效目标" else "第二部分"
                self.para(f"{part}  {b.text}", center=True)
            elif b.kind in ("section",):
                self.para(b.text.replace("、", "．") if s.half_width_marks else b.text)
            elif b.kind in ("subgoal", "measure"):
                text = b.text
                if s.half_width_marks:
                    text = text.replace("（", "(", 1).replace("）", ")", 1)
                # A title stays one paragraph: a measure's text starts on the next one.
                self.para(text) if b.kind == "measure" else self.prose(text)
            elif b.kind == "labelled":
                label = b.label.replace("：", ":") if s.half_width_marks else b.label
                self.prose(b.text, label=label)
            else:
                self.prose(b.text)
        if s.one_line_parts:
            self.para("第二部分 预算项目绩效目标", center=True)
        else:
            self.para("第二部分", center=True)
            self.para("预算项目绩效目标", center=True)
        for t in lay.tables:
            self.table(t)
        out = io.BytesIO()
        self.d.save(out)
        data = out.getvalue()
        return data

    def unit_line(self, t: ProjectTable) -> None:
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Mm

        gap = {"tab": "\t", "spaces": " " * self.rnd.randint(1, 40), "ideographic": "\u3000" * 6}
        p = self.d.add_paragraph()
        if self.style.unit_gap == "tab":
            p.paragraph_format.tab_stops.add_tab_stop(Mm(WIDTH), WD_TAB_ALIGNMENT.RIGHT)
        left = t.department
        if left:
            self.runs(p, left, self.style.fonts[1])
        p.add_run(gap[self.style.unit_gap])
        self.runs(p, t.unit, self.style.fonts[1])

    def table(self, t: ProjectTable) -> None:
        sep = self.rnd.choice([".", "．", "、"])
        self.para(f"{t.number}{sep}{t.name}绩效目标表", center=True)
        self.unit_line(t)
        head, body = self.rows(t)
        if self.style.two_tables:
            self.grid_table(head)
            if self.rnd.random() < 0.5:
                self.d.add_paragraph()
            self.grid_table(body, header_row=0)
        else:
            self.grid_table(head + body, header_row=len(head))
        self.d.add_paragraph()

    # --- the logical table ------------------------------------------------------------------

    def bounds(self, n: int, a: float, b: float) -> list[float]:
        """``n`` columns over [a, b): even, or with borders dragged a little."""
        step = (b - a) / n
        out = [a + i * step for i in range(n + 1)]
        if self.style.layout == "dragged":
            for i in range(1, n):
                out[i] += self.rnd.uniform(-0.3, 0.3) * step
        return [round(x, 1) for x in out]

    def rows(self, t: ProjectTable) -> tuple[list[list[_C]], list[list[_C]]]:
        rnd = self.rnd
        label = round(rnd.uniform(18, 30), 1)
        cols = self.bounds(5, label, WIDTH) if self.style.layout != "even" else None
        if self.style.layout == "even":
            twelve = self.bounds(12, label, WIDTH)
            cols = [twelve[i] for i in (0, 2, 4, 8, 10, 12)]
        assert cols is not None
        if self.style.layout == "aligned":  # head cells on the indicator columns
            r0 = [0.0, label, cols[2], cols[3], WIDTH]
        else:
            r0 = [0.0, label, *self.bounds(12, label, WIDTH)[5:8:2], WIDTH]
        budget = self.bounds(6, label, WIDTH)
        n = max(len(t.months), 1)
        months = self.bounds(n, label, WIDTH) if self.style.layout != "even" else None
        if months is None:
            twelve = self.bounds(12, label, WIDTH)
            from jixiao.core.documents.grid import month_spans

            spans = month_spans(n)
            months = [twelve[sum(spans[:i])] for i in range(n + 1)]
        money = [t.total, t.fiscal, t.other]
        head: list[list[_C]] = [
            [
                _C(["项目编码"], r0[0], r0[1]),
                _C([t.code], r0[1], r0[2]),
                _C(["项目名称"], r0[2], r0[3]),
                _C([t.name], r0[3], r0[4]),
            ],
            [
                _C(["预算规模及资金用途"], 0, label, rows=2),
                *[
                    _C([text], budget[i], budget[i + 1])
                    for i, text in enumerate(
                        ["预算数", money[0], "其中：财政资金", money[1], "其他资金", money[2]]
                    )
                ],
            ],
            [_C([t.purpose], label, WIDTH)],
            [
                _C(["资金支出计划（%）"], 0, label, rows=2),
                *[_C([m], months[i], months[i + 1]) for i, m in enumerate(t.months or [""])],
            ],
            [_C([p], months[i], months[i + 1]) for i, p in enumerate(t.percents or [""])],
            [_C(["绩效目标"], 0, label), _C(list(t.goals) or [""], label, WIDTH)],
        ]
        edges = [0.0, *cols]
        header = rnd.choice(HEADERS)
        body: list[list[_C]] = [
            [_C([h], edges[i], edges[i + 1]) for i, h in enumerate(header)],
        ]
        for row in t.rows:
            cells: list[_C] = []
            texts = [row.level1, row.level2, row.name, row.description, row.target, row.basis]
            spans = [row.level1_span, row.level2_span]
            for i, text in enumerate(texts):
                if i < 2 and self.style.merge_levels:
                    if spans[i] == 0:
                        continue
                    cells.append(_C([text], edges[i], edges[i + 1], rows=spans[i]))
                else:
                    cells.append(_C([text], edges[i], edges[i + 1]))
            body.append(cells)
        return head, body

    def grid_table(self, rows: list[list[_C]], header_row: int | None = None) -> None:
        """Rows of logical cells as a Word table on the union of their borders."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm

        xs = sorted({x for row in rows for c in row for x in (c.x0, c.x1)})
        index = {x: i for i, x in enumerate(xs)}
        table = self.d.add_table(rows=len(rows), cols=len(xs) - 1)
        table.style = self.d.styles["Table Grid"]
        table.autofit = False
        for i, gc in enumerate(table._tbl.tblGrid.findall(qn("w:gridCol"))):
            gc.set(qn("w:w"), str(int(Mm(xs[i + 1] - xs[i]).twips)))
        # The cells before any merge (python-docx's table.cell() re-reads the table on
        # every call); merging one region leaves the cells of the others in place.
        grid, n = table._cells, len(xs) - 1
        placed: list[tuple[Any, _C]] = []
        for r, row in enumerate(rows):
            for c in row:
                a, b = index[c.x0], index[c.x1] - 1
                cell = grid[r * n + a]
                if b > a or c.rows > 1:
                    cell = cell.merge(grid[(r + c.rows - 1) * n + b])
                placed.append((cell, c))
        for cell, c in placed:
            self.cell_text(cell, list(c.lines), self.style.fonts[1])
        for vm in table._tbl.iter(qn("w:vMerge")):
            if vm.get(qn("w:val")) in (None, "continue"):
                if self.style.explicit_continue:
                    vm.set(qn("w:val"), "continue")
                elif vm.get(qn("w:val")) is not None:
                    del vm.attrib[qn("w:val")]
        if header_row is not None and self.style.repeat_header:
            tr = table.rows[header_row]._tr
            tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


@dataclass(slots=True)
class _C:
    lines: list[str]
    x0: float
    x1: float
    rows: int = 1


def write_unit_docx(plan: Plan, style: Style) -> bytes:
    return _Writer(style).document(plan)
