from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jixiao.core.findings import ReadError
from jixiao.core.model import Plan
from jixiao.core.readers.excel_plan import read_plan_workbook
from jixiao.core.writers.excel_plan import write_plan_workbook

FIXTURE = Path(__file__).resolve().parents[2] / "src/jixiao/web/demo/julu-2024-zhengfawei.plan.json"


def _fixture() -> Plan:
    return Plan.from_dict(json.loads(FIXTURE.read_text(encoding="utf-8")))


def _carried(plan: Plan) -> dict[str, object]:
    """What the workbook carries: everything (the 部门整体绩效目标 sheet holds region and
    overall; tests/core/test_round_trip.py states the law on generated plans)."""
    return plan.to_dict()


def test_a_written_workbook_reads_back_to_the_same_plan() -> None:
    plan = _fixture()
    result = read_plan_workbook(write_plan_workbook(plan), "plan.xlsx")
    assert result.warnings == []
    assert _carried(result.document) == _carried(_fixture())  # type: ignore[arg-type]


def test_points_odd_amounts_and_long_spending_plans_round_trip() -> None:
    plan = _fixture()
    p = plan.projects[0]
    p.budget.total, p.budget.fiscal, p.budget.other = (
        _fixture().projects[0].budget.total,
        None,
        None,
    )
    from decimal import Decimal

    p.budget.other = Decimal("1234.567")
    p.indicators[0].points = Decimal("10")
    p.indicators[1].points = Decimal("7.5")
    p.spending_plan = [type(p.spending_plan[0])(m, Decimal(m * 8)) for m in range(1, 13) if m != 5]
    plan.money_unit = "元"
    result = read_plan_workbook(write_plan_workbook(plan), "plan.xlsx")
    assert _carried(result.document) == _carried(plan)  # type: ignore[arg-type]


def test_the_sheet_is_a_printable_bordered_table_with_merged_levels() -> None:
    wb = load_workbook(io.BytesIO(write_plan_workbook(_fixture())))
    assert len(wb.worksheets) == 5  # four projects, then 部门整体绩效目标
    assert wb.sheetnames[-1] == "部门整体绩效目标"
    ws = wb.worksheets[0]
    assert ws.title.startswith("1.村级综治视联网")
    assert str(ws.page_setup.paperSize) == "9"  # A4
    assert ws["A1"].value == "1.村级综治视联网线路租赁费和设备维护费绩效目标表"
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "一级指标")
    assert [ws.cell(header, c).value for c in range(1, 7)] == [
        "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据",
    ]  # fmt: skip
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"A{header + 1}:A{header + 4}" in merged  # 产出指标 over four rows
    assert ws.cell(header + 1, 3).border.left.style == "thin"
    assert ws["C4"].value == 96
    assert ws["C4"].number_format == "#,##0.00"


def test_a_bad_amount_is_reported_with_sheet_row_and_column() -> None:
    wb = load_workbook(io.BytesIO(write_plan_workbook(_fixture())))
    ws = wb.worksheets[1]
    ws["C4"] = "九十六"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ReadError) as exc:
        read_plan_workbook(out.getvalue(), "bad.xlsx")
    loc = exc.value.location
    assert loc is not None
    assert (loc.sheet, loc.row, loc.column) == (ws.title, 4, "C")
    assert "预算数" in exc.value.message


def test_sheets_without_a_table_are_skipped_with_a_warning() -> None:
    wb = load_workbook(io.BytesIO(write_plan_workbook(_fixture())))
    wb.create_sheet("说明")["A1"] = "填表说明"
    out = io.BytesIO()
    wb.save(out)
    result = read_plan_workbook(out.getvalue(), "x.xlsx")
    assert len(result.document.projects) == 4  # type: ignore[union-attr]
    assert any("说明" in str(w) for w in result.warnings)


def test_a_workbook_without_any_table_is_unreadable() -> None:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    with pytest.raises(ReadError, match="未找到绩效目标表"):
        read_plan_workbook(out.getvalue(), "empty.xlsx")


def _hand_made(points: object = 10) -> bytes:
    """A table typed by hand in another county's layout: a 序号 column, 年度指标值."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "项目1"
    ws.append(["项目支出绩效目标表"])
    ws.append(["项目名称", None, "乡村道路养护"])
    ws.append(["预算数", None, 120.5])
    ws.append([])
    ws.append(["序号", "一级指标", "二级指标", "三级指标", "年度指标值", "分值"])
    ws.append([1, "产出指标", "数量指标", "养护里程", "≥35公里", points])
    ws.append([2, None, "成本指标", "养护成本", "≤120.5万元", 20])
    ws.append([3, "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", 10])
    ws.merge_cells("B6:B7")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_hand_made_table_in_another_layout_is_read_by_its_headers() -> None:
    plan = read_plan_workbook(_hand_made(), "hand.xlsx").document
    assert isinstance(plan, Plan)
    (project,) = plan.projects
    assert project.name == "乡村道路养护"
    assert str(project.budget.total) == "120.5"
    rows = [(i.level1, i.level2, i.name, i.target, str(i.points)) for i in project.indicators]
    assert rows == [
        ("产出指标", "数量指标", "养护里程", "≥35公里", "10"),
        ("产出指标", "成本指标", "养护成本", "≤120.5万元", "20"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "10"),
    ]


def test_a_bad_points_cell_names_its_column() -> None:
    with pytest.raises(ReadError) as exc:
        read_plan_workbook(_hand_made(points="十分"), "hand.xlsx")
    assert exc.value.location is not None
    assert (exc.value.location.row, exc.value.location.column) == (6, "F")


def test_blank_header_values_stay_blank() -> None:
    from jixiao.core.model import Indicator, Project

    plan = _fixture()
    plan.projects = [
        Project(
            name="只有名称", indicators=[Indicator("产出指标", "数量指标", "台数", target="5台")]
        )
    ]
    result = read_plan_workbook(write_plan_workbook(plan), "blank.xlsx")
    assert _carried(result.document) == _carried(plan)  # type: ignore[arg-type]
