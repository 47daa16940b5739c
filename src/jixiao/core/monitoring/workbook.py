"""The 绩效运行监控表 as .xlsx: a summary sheet, one sheet per project, the department's
own targets — laid out as units submit them (财预〔2019〕136号 monitoring forms).

Each project sheet: title and period, 填报单位 and 金额单位, 项目名称/编码, the budget
block (年初预算数, 调整后预算数, 1~N月执行数, 执行率, 序时进度, 支出计划进度, 预警,
全年预计执行数 and rate, then 偏差原因 and 纠偏措施), 年度绩效目标, and the indicator
table (一级/二级 merged as in the 目标表; 年度指标值, 1~N月实际完成值, 全年预计完成值,
完成目标可能性, 偏差原因, 纠偏措施), signature line; A4 landscape, fitted to the width.

Every cell goes through ``xlsx_cells.put``: text as text (never a formula), numbers as
exact Decimals with a number format (money 0.00, rates 0.00%).
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import IO, TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from jixiao.core.model import Plan, Project
from jixiao.core.monitoring.lines import quantize
from jixiao.core.monitoring.report import IndicatorResult, MonitorReport, ProjectResult
from jixiao.core.monitoring.xlsx_cells import (
    HEAD_FILL,
    LAMP_FILL,
    LEFT,
    RIGHT,
    TITLE_FONT,
    box,
    fit_rows,
    lamp_cell,
    merge,
    print_setup,
    put,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["SUMMARY_TITLE", "TITLE", "monitor_workbook", "write_monitor_xlsx"]

TITLE = "项目支出绩效运行监控表"
SUMMARY_TITLE = "项目支出绩效运行监控汇总表"
DEPARTMENT_TITLE = "部门整体绩效目标运行监控表"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\']")
# Project sheet: A label column, B–J the table.
PROJECT_COLUMNS = 10
PROJECT_WIDTHS = (9, 11, 12, 17, 12, 13, 13, 11, 26, 26)
SUMMARY_HEADERS = (
    "序号", "项目编码", "项目名称", "年初预算数", "调整后预算数", "执行数", "执行率",
    "序时进度", "支出计划进度", "预警", "全年预计执行数", "重点监控",
)  # fmt: skip
SUMMARY_WIDTHS = (5, 24, 32, 10, 10, 10, 8, 8, 9, 6, 11, 8)


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _rate(value: Fraction | None) -> Decimal | None:
    return None if value is None else quantize(value, 4)


def _heading(ws: Worksheet, title: str, report: MonitorReport, columns: int) -> int:
    put(ws, 1, 1, title)
    ws.cell(1, 1).font = TITLE_FONT
    merge(ws, 1, 1, 1, columns)
    ws.row_dimensions[1].height = 32
    year = f"{report.year}年" if report.year else ""
    put(ws, 2, 1, f"（{year}1~{report.month}月，截至{report.as_of.isoformat()}）")
    merge(ws, 2, 1, 2, columns)
    dept = report.department.get("name") or ""
    half = columns // 2 + 1
    put(ws, 3, 1, f"填报单位（盖章）：{dept}", align=LEFT)
    merge(ws, 3, 1, 3, half)
    put(ws, 3, half + 1, f"金额单位：{report.money_unit}", align=RIGHT)
    merge(ws, 3, half + 1, 3, columns)
    return 4


def _footer(ws: Worksheet, row: int, columns: int) -> None:
    put(
        ws,
        row + 1,
        1,
        "单位负责人：　　　　　　　　填报人：　　　　　　　　联系电话：　　　　　　　　填报日期：",
        align=LEFT,
    )
    merge(ws, row + 1, 1, row + 1, columns)


def _sheet_name(used: set[str], index: int, name: str | None) -> str:
    base = _SHEET_BAD.sub("", f"{index}.{name or '项目'}")[:31]
    title, k = base, 2
    while title in used:
        suffix = f"({k})"
        title, k = base[: 31 - len(suffix)] + suffix, k + 1
    used.add(title)
    return title


def _project_sheet(
    ws: Worksheet, report: MonitorReport, p: ProjectResult, project: Project | None
) -> None:
    for i, w in enumerate(PROJECT_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    n, cols = report.month, PROJECT_COLUMNS
    row = _heading(ws, TITLE, report, cols)
    top = row
    put(ws, row, 1, "项目名称", bold=True)
    put(ws, row, 2, p.name, align=LEFT)
    merge(ws, row, 2, row, 6)
    put(ws, row, 7, "项目编码", bold=True)
    put(ws, row, 8, p.code, align=LEFT)
    merge(ws, row, 8, row, cols)
    row += 1
    dept = report.department
    put(ws, row, 1, "主管部门", bold=True)
    put(ws, row, 2, " ".join(x for x in (dept.get("code"), dept.get("name")) if x), align=LEFT)
    merge(ws, row, 2, row, 6)
    put(ws, row, 7, "实施单位", bold=True)
    put(ws, row, 8, dept.get("name"), align=LEFT)
    merge(ws, row, 8, row, cols)
    row += 1

    # 预算执行情况
    put(ws, row, 1, "预算执行情况", bold=True)
    merge(ws, row, 1, row + 2, 1)
    labels = ("年初预算数", "调整后预算数", f"1~{n}月执行数", "执行率", "序时进度",
              "支出计划进度", "预警", "全年预计执行数", "全年预计执行率")  # fmt: skip
    for c, label in enumerate(labels, start=2):
        put(ws, row, c, label, bold=True)
        ws.cell(row, c).fill = HEAD_FILL
    ws.row_dimensions[row].height = 28
    v = row + 1
    adjusted = p.budget if p.budget != p.initial_budget else None
    put(ws, v, 2, _money(p.initial_budget), number_format="0.00")
    put(ws, v, 3, _money(adjusted) if adjusted is not None else "—", number_format="0.00")
    put(ws, v, 4, _money(p.executed), number_format="0.00")
    put(
        ws,
        v,
        5,
        _rate(p.execution_rate) if p.execution_rate is not None else "—",
        number_format="0.00%",
    )
    put(ws, v, 6, _rate(p.time_progress), number_format="0.00%")
    put(ws, v, 7, _rate(p.planned) if p.planned is not None else "—", number_format="0.00%")
    lamp_cell(ws, v, 8, p.lamp)
    put(ws, v, 9, _money(p.forecast) if p.forecast is not None else "—", number_format="0.00")
    fc_rate = (
        Fraction(p.forecast) / Fraction(p.budget) if p.forecast is not None and p.budget else None
    )
    put(ws, v, 10, _rate(fc_rate) if fc_rate is not None else "—", number_format="0.00%")
    w = v + 1
    put(ws, w, 2, "偏差原因", bold=True)
    put(ws, w, 3, p.deviation_reason or "", align=LEFT)
    merge(ws, w, 3, w, 7)
    put(ws, w, 8, "纠偏措施", bold=True)
    put(ws, w, 9, p.corrective_measure or "", align=LEFT)
    merge(ws, w, 9, w, cols)
    row = w + 1

    goals = project.goals if project is not None else []
    put(ws, row, 1, "年度绩效目标", bold=True)
    put(ws, row, 2, "\n".join(f"{i}. {g}" for i, g in enumerate(goals, 1)), align=LEFT)
    merge(ws, row, 2, row, cols)
    row += 1

    row = _indicator_table(ws, row, p.indicators, n, level_columns=True)
    box(ws, top, row - 1, cols)
    fit_rows(ws, top, row - 1)
    _footer(ws, row, cols)
    print_setup(ws, row + 1, cols, "1:3")


def _indicator_table(
    ws: Worksheet, row: int, rows: list[IndicatorResult], n: int, *, level_columns: bool
) -> int:
    headers = (
        ("一级指标", "二级指标", "三级指标") if level_columns else ("序号", "绩效目标", "")
    ) + (
        "年度指标值",
        f"1~{n}月实际完成值",
        "全年预计完成值",
        "完成目标可能性",
        "偏差原因",
        "纠偏措施",
    )
    put(ws, row, 1, "绩效指标" if level_columns else "部门整体绩效目标", bold=True)
    for c, label in enumerate(headers, start=2):
        if label:
            put(ws, row, c, label, bold=True)
            ws.cell(row, c).fill = HEAD_FILL
    if not level_columns:
        merge(ws, row, 3, row, 4)
    ws.row_dimensions[row].height = 28
    start = row + 1
    for i, r in enumerate(rows):
        x = start + i
        if level_columns:
            put(ws, x, 2, r.level1)
            put(ws, x, 3, r.level2)
            put(ws, x, 4, r.name, align=LEFT)
        else:
            put(ws, x, 2, r.index)
            put(ws, x, 3, r.name, align=LEFT)
            merge(ws, x, 3, x, 4)
        put(ws, x, 5, r.target)
        put(ws, x, 6, r.current)
        put(ws, x, 7, r.projected)
        put(ws, x, 8, r.likelihood)
        if r.lamp is not None:
            ws.cell(x, 8).fill = LAMP_FILL[r.lamp]
        put(ws, x, 9, r.deviation_reason, align=LEFT)
        put(ws, x, 10, r.corrective_measure, align=LEFT)
    end = start + len(rows)
    if rows:
        merge(ws, row, 1, end - 1, 1)
        if level_columns:
            _merge_runs(ws, start, rows)
    return end


def _merge_runs(ws: Worksheet, start: int, rows: list[IndicatorResult]) -> None:
    """Merge runs of equal 一级指标, and of equal 二级指标 inside them, as the 目标表 does."""
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[i].level1 and rows[j + 1].level1 == rows[i].level1:
            j += 1
        merge(ws, start + i, 2, start + j, 2)
        k = i
        while k <= j:
            m = k
            while m + 1 <= j and rows[k].level2 and rows[m + 1].level2 == rows[k].level2:
                m += 1
            merge(ws, start + k, 3, start + m, 3)
            k = m + 1
        i = j + 1


def _summary_sheet(ws: Worksheet, report: MonitorReport) -> None:
    cols = len(SUMMARY_HEADERS)
    for i, w in enumerate(SUMMARY_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    row = _heading(ws, SUMMARY_TITLE, report, cols)
    top = row
    for c, label in enumerate(SUMMARY_HEADERS, start=1):
        put(ws, row, c, f"1~{report.month}月执行数" if label == "执行数" else label, bold=True)
        ws.cell(row, c).fill = HEAD_FILL
    ws.row_dimensions[row].height = 30
    for i, p in enumerate(report.projects, 1):
        r = row + i
        adjusted = p.budget if p.budget != p.initial_budget else None
        put(ws, r, 1, i)
        put(ws, r, 2, p.code)
        put(ws, r, 3, p.name, align=LEFT)
        put(ws, r, 4, _money(p.initial_budget), number_format="0.00")
        put(ws, r, 5, _money(adjusted) if adjusted is not None else "—", number_format="0.00")
        put(ws, r, 6, _money(p.executed), number_format="0.00")
        put(
            ws,
            r,
            7,
            _rate(p.execution_rate) if p.execution_rate is not None else "—",
            number_format="0.00%",
        )
        put(ws, r, 8, _rate(p.time_progress), number_format="0.00%")
        put(ws, r, 9, _rate(p.planned) if p.planned is not None else "—", number_format="0.00%")
        lamp_cell(ws, r, 10, p.lamp)
        put(ws, r, 11, _money(p.forecast) if p.forecast is not None else "—", number_format="0.00")
        put(ws, r, 12, "是" if p.key else "")
    t = report.total
    r = row + len(report.projects) + 1
    put(ws, r, 1, "合计", bold=True)
    merge(ws, r, 1, r, 3)
    initial = sum((p.initial_budget for p in report.projects if p.initial_budget), Decimal(0))
    put(ws, r, 4, _money(initial), number_format="0.00", bold=True)
    put(ws, r, 5, _money(t.budget) if t.budget != initial else "—", number_format="0.00", bold=True)
    put(ws, r, 6, _money(t.executed), number_format="0.00", bold=True)
    put(
        ws,
        r,
        7,
        _rate(t.execution_rate) if t.execution_rate is not None else "—",
        number_format="0.00%",
        bold=True,
    )
    put(ws, r, 8, _rate(t.time_progress), number_format="0.00%", bold=True)
    put(
        ws,
        r,
        9,
        _rate(t.planned) if t.planned is not None else "—",
        number_format="0.00%",
        bold=True,
    )
    lamp_cell(ws, r, 10, t.lamp)
    put(
        ws,
        r,
        11,
        _money(t.forecast) if t.forecast is not None else "—",
        number_format="0.00",
        bold=True,
    )
    put(ws, r, 12, str(t.key) if t.key else "", bold=True)
    box(ws, top, r, cols)
    fit_rows(ws, top + 1, r)
    s = report.settings
    base = "序时进度" if s.lamp_base == "time" else "支出计划进度"
    notes = (
        f"说明：预警 = 执行率 ÷ {base} × 100，低于 {s.red_below} 为红灯，{s.red_below} 至 {s.yellow_below} "
        f"（不含）为黄灯，其余为绿灯；重点监控：预算数 ≥{s.key_min_budget}万元且 {s.key_from_month} 月末起"
        f"执行率低于 {s.key_below}%。红灯 {t.lamps['red']} 个，黄灯 {t.lamps['yellow']} 个，"
        f"绿灯 {t.lamps['green']} 个。"
    )
    put(ws, r + 1, 1, notes, align=LEFT)
    merge(ws, r + 1, 1, r + 1, cols)
    ws.row_dimensions[r + 1].height = 30
    _footer(ws, r + 1, cols)
    print_setup(ws, r + 2, cols, f"1:{top}")


def _department_sheet(ws: Worksheet, report: MonitorReport) -> None:
    for i, w in enumerate(PROJECT_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    row = _heading(ws, DEPARTMENT_TITLE, report, PROJECT_COLUMNS)
    end = _indicator_table(ws, row, report.overall, report.month, level_columns=False)
    box(ws, row, end - 1, PROJECT_COLUMNS)
    fit_rows(ws, row + 1, end - 1)
    _footer(ws, end, PROJECT_COLUMNS)
    print_setup(ws, end + 1, PROJECT_COLUMNS, "1:3")


def monitor_workbook(report: MonitorReport, plan: Plan) -> Workbook:
    """The workbook for ``report`` (``plan`` supplies each project's 年度绩效目标)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "汇总"
    _summary_sheet(ws, report)
    by_key = {p.key: p for p in plan.projects}
    used = {"汇总", "部门整体"}
    for i, p in enumerate(report.projects, 1):
        sheet = wb.create_sheet(_sheet_name(used, i, p.name))
        _project_sheet(sheet, report, p, by_key.get(p.project_key))
    if report.overall:
        _department_sheet(wb.create_sheet("部门整体"), report)
    return wb


def write_monitor_xlsx(report: MonitorReport, plan: Plan, out: str | Path | IO[bytes]) -> None:
    """Write the monitoring workbook to ``out`` (a path or a binary stream)."""
    monitor_workbook(report, plan).save(out)
