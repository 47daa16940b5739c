"""The ruled grid of a 绩效目标表: which cell spans which, for HTML and Word alike.

The grid has a label column (row labels, then the 一级指标) and twelve equal columns:
the indicator columns take 2 (二级指标), 2 (三级指标), 4 (绩效指标描述), 2 (指标值) and
2 (指标值确定依据); the budget row six pairs; the 资金支出计划 shares the twelve among the
plan's own months (four months → three columns each). A merged cell is a span; the
level1 and level2 cells span their rows (``IndicatorRow.level1_span``).

Rows come in groups a page break never splits: the block above the indicator table
and each run of rows under one level1 label, so a merged level cell never crosses a
page and every page shows its own labels. The column header (一级指标 …) is printed
again at the top of every page the indicator table continues on, as Word's 重复标题行
does: a reader maps each page's columns by it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

from jixiao.core.documents.fit import fit
from jixiao.core.documents.layout import IndicatorRow, ProjectTable, level_spans

__all__ = [
    "COLUMNS",
    "HEADER",
    "LABEL_WIDTH_MM",
    "TABLE_WIDTH_MM",
    "Cell",
    "Grid",
    "Group",
    "Pagination",
    "column_widths_mm",
    "month_spans",
    "table_grid",
    "table_rows",
]

CELL_PT = 10.5  # the table's font size (五号)
CELL_PADDING_MM = 2.0  # left plus right padding of a cell
COLUMNS = 12  # equal columns right of the label column
TABLE_WIDTH_MM = 170.0  # A4 less 20 mm margins
LABEL_WIDTH_MM = 22.0  # five characters of 10.5 pt: "预算规模及" / "资金用途"
HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
_SPANS = (2, 2, 4, 2, 2)  # 二级指标 … 指标值确定依据 over the twelve columns

CellKind = Literal["label", "head", "value", "text"]


@dataclass(frozen=True, slots=True)
class Cell:
    """``label``: a row label; ``head``: a column header; ``value``: centred (amounts,
    months, level labels, values); ``text``: left-aligned prose (用途, 绩效目标, 描述).

    A month, a percentage or an amount is never wrapped ("33.3" / "3%" would read back
    as two numbers): ``size`` is the font size at which it fits its cell."""

    lines: tuple[str, ...]
    kind: CellKind
    colspan: int = 1
    rowspan: int = 1
    size: float | None = None  # font size (pt) that keeps a short value on one line

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True, slots=True)
class Group:
    """Rows kept on one page unless ``keep`` is off; ``first`` is the index of its first
    indicator row (the block above the indicator table has none)."""

    rows: tuple[tuple[Cell, ...], ...]
    keep: bool = True
    first: int = 0


@dataclass(frozen=True, slots=True)
class Pagination:
    """How the PDF breaks a table where a group does not fit a page: the indicator rows
    that start new level cells and the groups (by index) that may break between rows."""

    breaks: frozenset[int] = frozenset()
    loose: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Grid:
    head: Group  # 项目编码 … 绩效目标
    header: tuple[Cell, ...]  # 一级指标 … 指标值确定依据, repeated on every page
    body: tuple[Group, ...]  # the indicator rows, one group per level1 run


def _c(text: str, kind: CellKind, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell((text,), kind, colspan, rowspan)


def month_spans(n: int) -> list[int]:
    """Twelve columns shared among ``n`` months, the first ones one wider when uneven."""
    if n == 0:
        return []
    base, extra = divmod(COLUMNS, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


def table_grid(t: ProjectTable, pages: Pagination | None = None) -> Grid:
    """The 绩效目标表 of ``t``: the block above the indicator table, its column header and
    the indicator rows in groups (each run of one level1 label)."""
    values = _widths(COLUMNS)
    spans = month_spans(len(t.months))
    starts = [sum(spans[:i]) for i in range(len(spans))]
    months = tuple(
        _one_line(m, "value", s, sum(values[a : a + s]))
        for m, s, a in zip(t.months, spans, starts, strict=True)
    )
    percents = tuple(
        _one_line(p, "value", s, sum(values[a : a + s]))
        for p, s, a in zip(t.percents, spans, starts, strict=True)
    )
    if not spans:  # an empty plan still has its two rows
        months, percents = (_c("", "value", COLUMNS),), (_c("", "value", COLUMNS),)
    pair = 2 * values[0]
    head = Group(
        (
            (
                _c("项目编码", "label"),
                _c(t.code, "value", 5),
                _c("项目名称", "label", 2),
                _c(t.name, "value", 5),
            ),
            (
                _c("预算规模及资金用途", "label", rowspan=2),
                _c("预算数", "label", 2),
                _one_line(t.total, "value", 2, pair),
                _c("其中：财政资金", "label", 2),
                _one_line(t.fiscal, "value", 2, pair),
                _c("其他资金", "label", 2),
                _one_line(t.other, "value", 2, pair),
            ),
            (_c(t.purpose, "text", COLUMNS),),
            (_c("资金支出计划（%）", "label", rowspan=2), *months),
            percents,
            (_c("绩效目标", "label"), Cell(t.goals or ("",), "text", COLUMNS)),
        )
    )
    header = (
        _c(HEADER[0], "head"),
        *(_c(h, "head", s) for h, s in zip(HEADER[1:], _SPANS, strict=True)),
    )
    pages = pages or Pagination()
    level = level_spans([(r.level1, r.level2) for r in t.rows], pages.breaks)
    runs = [k for k, row in enumerate(t.rows) if row.level1_span] + [len(t.rows)]
    body = tuple(
        Group(
            tuple(_indicator(t.rows[k], *level[k]) for k in range(a, b)),
            keep=g not in pages.loose,
            first=a,
        )
        for g, (a, b) in enumerate(itertools.pairwise(runs))
    )
    return Grid(head, header, body)


def table_rows(grid: Grid) -> list[tuple[tuple[Cell, ...], bool]]:
    """Every row of the table in order, each with whether it is kept with the next one
    (a row group is kept on one page, the column header with the rows below it)."""
    out = [(row, True) for row in grid.head.rows]
    out.append((grid.header, True))
    for group in grid.body:
        out += [(row, k < len(group.rows) - 1) for k, row in enumerate(group.rows)]
    return out


def _indicator(row: IndicatorRow, span1: int, span2: int) -> tuple[Cell, ...]:
    cells: list[Cell] = []
    if span1:
        cells.append(_c(row.level1, "value", rowspan=span1))
    if span2:
        cells.append(_c(row.level2, "value", _SPANS[0], span2))
    cells += [
        _c(row.name, "value", _SPANS[1]),
        _c(row.description, "text", _SPANS[2]),
        _c(row.target, "value", _SPANS[3]),
        _c(row.basis, "value", _SPANS[4]),
    ]
    return tuple(cells)


def _widths(n: int) -> list[float]:
    return [(TABLE_WIDTH_MM - LABEL_WIDTH_MM) / COLUMNS] * n


def column_widths_mm() -> list[float]:
    """The label column then the twelve equal columns, in millimetres."""
    return [LABEL_WIDTH_MM, *_widths(COLUMNS)]


def _one_line(text: str, kind: CellKind, colspan: int, width_mm: float) -> Cell:
    return Cell((text,), kind, colspan, 1, fit(text, CELL_PT, width_mm - CELL_PADDING_MM))
