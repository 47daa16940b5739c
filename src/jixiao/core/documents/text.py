"""The 绩效文本 as plain text, in the layout of a published document's text extraction.

The text reader (``jixiao parse`` of a .txt) reads this back: the title, 第一部分 with
its headings and their repeated cell labels ("一、总体绩效目标" then "总体绩效目标"), then
for every project " N.<项目名称>绩效目标表", the unit line, the 项目编码 line, the budget,
资金支出计划 and 绩效目标 blocks and the indicator table: a level1 label alone on its
line, then one line per row, its cells separated by two spaces (a wrap is an artefact
of a PDF's columns; a text file has none, so nothing is wrapped and a reader never has
to guess where a cell ends). A leading space marks a new block, as in the extraction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.core.documents.grid import HEADER
from jixiao.core.documents.layout import Block, Layout, ProjectTable, build_layout

if TYPE_CHECKING:
    from jixiao.core.model import Plan

__all__ = ["render_layout_text", "render_text"]

CELL_GAP = "  "  # two spaces: the reader never glues words across a gap this wide
# The cell label printed under each part-1 heading in published documents.
_CAPTIONS = {
    "一、总体绩效目标": "总体绩效目标",
    "二、分项绩效目标": "分项绩效目标",
    "三、工作保障措施": "工作保障措施",
}


def render_text(plan: Plan) -> str:
    """The plan's 绩效文本 as UTF-8 text lines."""
    return render_layout_text(build_layout(plan))


def render_layout_text(doc: Layout) -> str:
    lines = [doc.title]
    for b in (*doc.part1, *doc.part2):
        lines += _block(b)
    for t in doc.tables:
        lines += _table(t)
    return "\n".join(lines) + "\n"


def _block(b: Block) -> list[str]:
    if b.kind == "part":
        return [f" {b.text}"]
    if b.kind == "section":
        return [b.text, _CAPTIONS[b.text]]
    if b.kind == "labelled":
        return [f" {b.label}{b.text}"]
    return [b.full]


def _table(t: ProjectTable) -> list[str]:
    lines = [
        f" {t.title}",
        f"{t.department} {t.unit}".strip(),
        f"项目编码 {t.code} 项目名称 {t.name}".rstrip(),
        "预算规模及资金用途",
        f"预算数 {t.total}".rstrip(),
        f"其中：财政资金 {t.fiscal} 其他资金 {t.other}".rstrip(),
    ]
    if t.purpose:
        lines.append(t.purpose)
    lines += [
        "资金支出计划（%）",
        " ".join(t.months),
        " ".join(t.percents),
        "绩效目标",
        *t.goals,
        " ".join(HEADER),
    ]
    for row in t.rows:
        if row.level1_span:
            lines.append(row.level1)
        cells = [row.level2] if row.level2_span else []
        cells += [row.name, row.description, row.target, row.basis]
        lines.append(CELL_GAP.join(cells))
    return lines
