"""The ruled grid of a 绩效目标表: which cell spans which, for HTML and Word alike.

The grid has a label column (row labels, then the 一级指标) and twelve equal columns:
the indicator columns take 2 (二级指标), 2 (三级指标), 4 (绩效指标描述), 2 (指标值) and
2 (指标值确定依据); the budget row six pairs; the 资金支出计划 shares the twelve among the
plan's own months (four months → three columns each). A merged cell is a span; the
level1 and level2 cells span their rows (``IndicatorRow.level1_span``).

Rows come in groups a page break never splits: the block above the indicator table
(down to its column header) and each run of rows under one level1 label. A merged
level cell therefore never crosses a page, so every page shows its own labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from jixiao.core.documents.layout import IndicatorRow, ProjectTable

__all__ = [
    "COLUMNS",
    "HEADER",
    "LABEL_WIDTH_MM",
    "TABLE_WIDTH_MM",
    "Cell",
    "Group",
    "column_widths_mm",
    "month_spans",
    "table_groups",
]

COLUMNS = 12  # equal columns right of the label column
TABLE_WIDTH_MM = 170.0  # A4 less 20 mm margins
LABEL_WIDTH_MM = 22.0  # five characters of 10.5 pt: "预算规模及" / "资金用途"
HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
_SPANS = (2, 2, 4, 2, 2)  # 二级指标 … 指标值确定依据 over the twelve columns

CellKind = Literal["label", "head", "value", "text"]


@dataclass(frozen=True, slots=True)
class Cell:
    """``label``: a row label; ``head``: a column header; ``value``: centred (amounts,
    months, level labels, values); ``text``: left-aligned prose (用途, 绩效目标, 描述)."""

    lines: tuple[str, ...]
    kind: CellKind
    colspan: int = 1
    rowspan: int = 1

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True, slots=True)
class Group:
    """Rows kept on one page."""

    rows: tuple[tuple[Cell, ...], ...]


def _c(text: str, kind: CellKind, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell((text,), kind, colspan, rowspan)


def month_spans(n: int) -> list[int]:
    """Twelve columns shared among ``n`` months, the first ones one wider when uneven."""
    if n == 0:
        return []
    base, extra = divmod(COLUMNS, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


def table_groups(t: ProjectTable) -> tuple[Group, ...]:
    spans = month_spans(len(t.months))
    months = tuple(_c(m, "value", s) for m, s in zip(t.months, spans, strict=True))
    percents = tuple(_c(p, "value", s) for p, s in zip(t.percents, spans, strict=True))
    if not spans:  # an empty plan still has its two rows
        months, percents = (_c("", "value", COLUMNS),), (_c("", "value", COLUMNS),)
    head: list[tuple[Cell, ...]] = [
        (
            _c("项目编码", "label"),
            _c(t.code, "value", 5),
            _c("项目名称", "label", 2),
            _c(t.name, "value", 5),
        ),
        (
            _c("预算规模及资金用途", "label", rowspan=2),
            _c("预算数", "label", 2),
            _c(t.total, "value", 2),
            _c("其中：财政资金", "label", 2),
            _c(t.fiscal, "value", 2),
            _c("其他资金", "label", 2),
            _c(t.other, "value", 2),
        ),
        (_c(t.purpose, "text", COLUMNS),),
        (_c("资金支出计划（%）", "label", rowspan=2), *months),
        percents,
        (_c("绩效目标", "label"), Cell(t.goals or ("",), "text", COLUMNS)),
        (
            _c(HEADER[0], "head"),
            *(_c(h, "head", s) for h, s in zip(HEADER[1:], _SPANS, strict=True)),
        ),
    ]
    groups = [Group(tuple(head))]
    run: list[tuple[Cell, ...]] = []
    for row in t.rows:
        if row.level1_span and run:
            groups.append(Group(tuple(run)))
            run = []
        run.append(_indicator(row))
    if run:
        groups.append(Group(tuple(run)))
    return tuple(groups)


def _indicator(row: IndicatorRow) -> tuple[Cell, ...]:
    cells: list[Cell] = []
    if row.level1_span:
        cells.append(_c(row.level1, "value", rowspan=row.level1_span))
    if row.level2_span:
        cells.append(_c(row.level2, "value", _SPANS[0], row.level2_span))
    cells += [
        _c(row.name, "value", _SPANS[1]),
        _c(row.description, "text", _SPANS[2]),
        _c(row.target, "value", _SPANS[3]),
        _c(row.basis, "value", _SPANS[4]),
    ]
    return tuple(cells)


def column_widths_mm() -> list[float]:
    """The label column then the twelve equal columns, in millimetres."""
    rest = (TABLE_WIDTH_MM - LABEL_WIDTH_MM) / COLUMNS
    return [LABEL_WIDTH_MM, *([rest] * COLUMNS)]
