"""The shared layout: texts as printed, the grid of a 绩效目标表, what cannot be printed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from jixiao.core.documents import RenderError, render
from jixiao.core.documents.fit import MIN_PT, fit
from jixiao.core.documents.grid import (
    COLUMNS,
    Cell,
    column_widths_mm,
    month_spans,
    table_grid,
    table_rows,
)
from jixiao.core.documents.layout import (
    amount_text,
    build_layout,
    cn_number,
    flat,
    percent_text,
)
from jixiao.core.model import Plan, SpendingPoint
from jixiao.core.readers import read_document
from tests.documents_plans import plans

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "julu-2024-zhengfawei.txt"


def _sample() -> Plan:
    doc = read_document(SAMPLE).document
    assert isinstance(doc, Plan)
    return doc


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("96"), "96.00"),
        (Decimal("96.00"), "96.00"),
        (Decimal("0.5"), "0.50"),
        (Decimal("1.2345"), "1.2345"),  # never fewer digits than stored
        (Decimal("1E+3"), "1000.00"),  # never exponent notation
        (Decimal("0"), "0.00"),
        (None, ""),
    ],
)
def test_amounts_print_with_two_decimals_at_least(value: Decimal | None, text: str) -> None:
    assert amount_text(value) == text


def test_percentages_and_numbering() -> None:
    assert percent_text(Decimal("25")) == "25%"
    assert percent_text(Decimal("33.30")) == "33.30%"
    assert percent_text(None) == ""
    assert [cn_number(n) for n in (1, 5, 10, 11, 19, 20, 23)] == [
        "一",
        "五",
        "十",
        "十一",
        "十九",
        "二十",
        "二十三",
    ]


def test_flat_makes_one_printable_line() -> None:
    assert flat("租用\n线路\t 291条") == "租用 线路 291条"
    assert flat("a\x00b\x07c\x1bd") == "abcd"  # not printable, not valid XML
    assert flat(None) == ""
    assert flat("   ") == ""


def test_months_share_the_twelve_columns() -> None:
    assert month_spans(4) == [3, 3, 3, 3]
    assert month_spans(5) == [3, 3, 2, 2, 2]
    assert month_spans(12) == [1] * 12
    assert all(sum(month_spans(n)) == COLUMNS for n in range(1, 13))
    assert month_spans(0) == []


def _check_rectangular(rows: list[tuple[tuple[Cell, ...], bool]]) -> None:
    """Every row covers the grid's columns exactly, counting cells spanning from above."""
    width = len(column_widths_mm())
    below: dict[int, int] = {}  # row index → columns taken by cells from above
    for r, (cells, _) in enumerate(rows):
        taken = below.pop(r, 0) + sum(c.colspan for c in cells)
        assert taken == width, (r, [c.lines for c in cells])
        for c in cells:
            for k in range(r + 1, r + c.rowspan):
                below[k] = below.get(k, 0) + c.colspan
    assert not below, "a cell spans past the last row"


def test_seed_table_grid() -> None:
    table = build_layout(_sample()).tables[0]
    grid = table_grid(table)
    rows = table_rows(grid)
    _check_rectangular(rows)
    assert [c.lines[0] for c in grid.header] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "绩效指标描述",
        "指标值",
        "指标值确定依据",
    ]
    # 产出指标 spans its four rows, 效益指标 two, 满意度指标 one: three groups.
    assert [len(g.rows) for g in grid.body] == [4, 2, 1]
    assert grid.body[0].rows[0][0].lines == ("产出指标",)
    assert grid.body[0].rows[0][0].rowspan == 4
    assert [c.lines[0] for c in grid.head.rows[3]] == ["资金支出计划（%）", *table.months]
    assert [c.colspan for c in grid.head.rows[3][1:]] == [3, 3, 3, 3]
    # A group is kept on one page: each row but its last is kept with the next one.
    assert [keep for _, keep in rows[-7:]] == [True, True, True, False, True, False, False]


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plans())
def test_generated_grids_are_rectangular(plan: Plan) -> None:
    for table in build_layout(plan).tables:
        _check_rectangular(table_rows(table_grid(table)))


def test_merged_level_cells_span_their_runs() -> None:
    plan = _sample()
    p = plan.projects[0]
    p.indicators[1].level2 = p.indicators[0].level2  # 数量指标 twice in a row
    rows = build_layout(plan).tables[0].rows
    assert [(r.level1_span, r.level2_span) for r in rows[:4]] == [(4, 2), (0, 0), (0, 1), (0, 1)]


def test_short_values_are_set_smaller_instead_of_wrapped() -> None:
    assert fit("3月底", 10.5, 30) == 10.5
    small = fit("100.00%", 10.5, 10)
    assert MIN_PT <= small < 10.5
    assert fit("很" * 500, 14, 170) == MIN_PT


def test_what_cannot_be_printed_is_a_chinese_error() -> None:
    plan = _sample()
    plan.money_unit = "千元"
    with pytest.raises(RenderError, match="金额单位应为“万元”或“元”"):
        render(plan, "txt")
    plan = _sample()
    plan.projects[1].spending_plan = [SpendingPoint(1, Decimal(1))] * 13
    with pytest.raises(
        RenderError, match="第2个项目（扫黑除恶专项经费）的资金支出计划有 13 个时点"
    ):
        render(plan, "html")
    with pytest.raises(RenderError, match="不支持的格式"):
        render(_sample(), "odt")  # type: ignore[arg-type]
