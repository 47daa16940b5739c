"""Write the standard 项目支出绩效自评表 (财预〔2020〕10号 附件1, docs/scoring.md#s19) as .xlsx.

The first sheet is the form a finance officer prints and signs: header (项目名称, 主管部门,
实施单位), the 项目资金 block with the execution score, 年度总体目标, the indicator table
with merged 一级/二级 cells, and 总分. Values, not formulas: every number is the exact
Decimal with a number format showing its decimals, so the file prints as computed and
``readers.excel_selfeval`` reads it back to the same document.

``scores="computed"`` fills 分值/得分/总分 with the policy's scores (and points spread
where the table had none) and adds a second sheet "复核" with published and computed
scores side by side plus the findings; ``scores="published"`` writes the document as it
is (the round-trip form).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from jixiao.core.model import SelfEvaluation
from jixiao.core.writers.cells import put_value

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from jixiao.core.scoring.scorer import ScoreReport

__all__ = ["TITLE", "selfeval_workbook", "write_selfeval_xlsx"]

TITLE = "项目支出绩效自评表"
# Nine columns as in 10号 附件1: A holds the block labels (项目名称 … 项目资金, 年度总体目标,
# 绩效指标, 总分); the indicator table is B 一级 … I 偏差原因分析及改进措施.
COLUMNS = 9
WIDTHS = (9, 11, 13, 20, 14, 14, 7, 9, 24)
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
_WRAP_LEFT = Alignment(wrap_text=True, vertical="center", horizontal="left")
_FONT = Font(name="宋体", size=10)
_BOLD = Font(name="宋体", size=10, bold=True)
_TITLE_FONT = Font(name="宋体", size=16, bold=True)

Scores = Literal["computed", "published"]


def number_format(d: Decimal) -> str:
    """An Excel number format that shows exactly the decimals ``d`` was written with."""
    exp = d.as_tuple().exponent
    places = -exp if isinstance(exp, int) and exp < 0 else 0
    return "0." + "0" * places if places else "0"


def _put(
    ws: Worksheet, row: int, col: int, value: Any, *, left: bool = False, bold: bool = False
) -> None:
    cell = ws.cell(row=row, column=col)
    put_value(
        cell, value, number_format=number_format(value) if isinstance(value, Decimal) else None
    )
    cell.alignment = _WRAP_LEFT if left else _WRAP
    cell.font = _BOLD if bold else _FONT


def _merge(ws: Worksheet, r1: int, c1: int, r2: int, c2: int) -> None:
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def selfeval_workbook(
    doc: SelfEvaluation, report: ScoreReport | None = None, *, scores: Scores = "computed"
) -> Workbook:
    """The workbook for ``doc``; ``report`` is required for ``scores="computed"``."""
    if scores == "computed" and report is None:
        raise ValueError("scores='computed' needs a ScoreReport")
    computed = report if scores == "computed" else None
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = TITLE
    for i, w in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w

    _put(ws, 1, 1, TITLE)
    ws.cell(1, 1).font = _TITLE_FONT
    _merge(ws, 1, 1, 1, COLUMNS)
    ws.row_dimensions[1].height = 30
    if doc.year is not None:
        _put(ws, 2, 1, f"（{doc.year}年度）")
        _merge(ws, 2, 1, 2, COLUMNS)
    row = 3
    first_table_row = row
    if doc.project.code:
        _put(ws, row, 1, "项目编码")
        _put(ws, row, 2, doc.project.code, left=True)
        _merge(ws, row, 2, row, COLUMNS)
        row += 1
    _put(ws, row, 1, "项目名称")
    _put(ws, row, 2, doc.project.name, left=True)
    _merge(ws, row, 2, row, COLUMNS)
    row += 1
    _put(ws, row, 1, "主管部门")
    _put(ws, row, 2, doc.project.supervisor, left=True)
    _merge(ws, row, 2, row, 5)
    _put(ws, row, 6, "实施单位")
    _put(ws, row, 7, doc.project.implementer, left=True)
    _merge(ws, row, 7, row, COLUMNS)
    row += 1
    row = _funds(ws, row, doc, computed)
    row = _goal(ws, row, doc)
    row = _indicators(ws, row, doc, computed)
    last = row - 1
    for r in range(first_table_row, last + 1):
        for c in range(1, COLUMNS + 1):
            ws.cell(r, c).border = _BORDER
    _print_setup(ws, last)
    if computed is not None:
        _recheck_sheet(wb, doc, computed)
    return wb


def _funds(ws: Worksheet, row: int, doc: SelfEvaluation, report: ScoreReport | None) -> int:
    unit = f"（{doc.money_unit}）" if doc.money_unit else ""
    _put(ws, row, 1, f"项目资金{unit}")
    _merge(ws, row, 1, row + 4, 1)
    labels = (
        "",
        "年初预算数",
        "全年预算数（A）",
        "全年执行数（B）",
        "分值",
        "执行率（B/A）",
        "得分",
    )
    for c, label in enumerate(labels, start=2):
        _put(ws, row, c, label or None)
    for r in range(row, row + 5):
        _merge(ws, r, 8, r, 9)  # 得分 spans the last two columns
    f = doc.funds
    data = row + 1
    _put(ws, data, 2, "年度资金总额")
    _put(ws, data, 3, f.initial)
    _put(ws, data, 4, f.annual)
    _put(ws, data, 5, f.executed)
    rate: Decimal | None
    points: Decimal | None
    if report is not None:
        ex = report.execution
        points, rate, score = ex.points, ex.rate, ex.score
    else:
        points, score = doc.execution.points, doc.execution.published_score
        rate = f.executed / f.annual if f.annual and f.executed is not None else None
    _put(ws, data, 6, points)
    if rate is not None:
        _put(ws, data, 7, rate)
        ws.cell(data, 7).number_format = "0.00%"
    _put(ws, data, 8, score)
    for i, label in enumerate(("其中：当年财政拨款", "上年结转资金", "其他资金"), start=2):
        _put(ws, row + i, 2, label)
        for c in (6, 7, 8):
            _put(ws, row + i, c, "—")
    return row + 5


def _goal(ws: Worksheet, row: int, doc: SelfEvaluation) -> int:
    goal = doc.extra.get("goal")
    result = doc.extra.get("goal_actual")
    _put(ws, row, 1, "年度总体目标")
    _merge(ws, row, 1, row + 1, 1)
    _put(ws, row, 2, "预期目标")
    _merge(ws, row, 2, row, 5)
    _put(ws, row, 6, "实际完成情况")
    _merge(ws, row, 6, row, COLUMNS)
    _put(ws, row + 1, 2, goal if isinstance(goal, str) else None, left=True)
    _merge(ws, row + 1, 2, row + 1, 5)
    _put(ws, row + 1, 6, result if isinstance(result, str) else None, left=True)
    _merge(ws, row + 1, 6, row + 1, COLUMNS)
    ws.row_dimensions[row + 1].height = 45
    return row + 2


def _indicators(ws: Worksheet, row: int, doc: SelfEvaluation, report: ScoreReport | None) -> int:
    headers = (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    _put(ws, row, 1, "绩效指标", bold=True)
    for c, label in enumerate(headers, start=2):
        _put(ws, row, c, label, bold=True)
    start = row + 1
    for i, ind in enumerate(doc.indicators):
        r = start + i
        _put(ws, r, 2, ind.level1)
        _put(ws, r, 3, ind.level2)
        _put(ws, r, 4, ind.name, left=True)
        _put(ws, r, 5, ind.target)
        _put(ws, r, 6, ind.actual)
        if report is not None:
            res = report.indicators[i]
            _put(ws, r, 7, res.points)
            _put(ws, r, 8, res.score)
        else:
            _put(ws, r, 7, ind.points)
            _put(ws, r, 8, ind.published_score)
        _put(ws, r, 9, ind.reason, left=True)
    end = start + len(doc.indicators)
    _merge(ws, row, 1, end - 1, 1)  # the 绩效指标 label runs down the whole table
    _merge_runs(ws, start, doc)
    _put(ws, end, 1, "总分", bold=True)
    _merge(ws, end, 1, end, 6)
    if report is not None:
        points = sum((r.points for r in report.indicators if r.points is not None), Decimal(0))
        _put(ws, end, 7, points + report.execution.points)
        _put(ws, end, 8, report.total, bold=True)
        _put(ws, end, 9, report.grade)
    else:
        _put(ws, end, 8, doc.published_total, bold=True)
        _put(ws, end, 9, doc.published_grade)
    return end + 1


def _merge_runs(ws: Worksheet, start: int, doc: SelfEvaluation) -> None:
    """Merge runs of equal 一级指标, and of equal 二级指标 inside them, as the form does."""
    inds = doc.indicators
    i = 0
    while i < len(inds):
        j = i
        while j + 1 < len(inds) and inds[j + 1].level1 == inds[i].level1 and inds[i].level1:
            j += 1
        _merge(ws, start + i, 2, start + j, 2)
        k = i
        while k <= j:
            m = k
            while m + 1 <= j and inds[m + 1].level2 == inds[k].level2 and inds[k].level2:
                m += 1
            _merge(ws, start + k, 3, start + m, 3)
            k = m + 1
        i = j + 1


def _print_setup(ws: Worksheet, last_row: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_area = f"A1:{get_column_letter(COLUMNS)}{last_row}"


def _recheck_sheet(wb: Workbook, doc: SelfEvaluation, report: ScoreReport) -> None:
    ws = wb.create_sheet("复核")
    for i, w in enumerate((6, 22, 8, 10, 10, 50), start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    _put(ws, 1, 1, f"复核（评分规则：{report.policy.name}）", bold=True)
    _merge(ws, 1, 1, 1, 6)
    headers = ("序号", "三级指标", "分值", "公布得分", "计算得分", "计算说明")
    for c, label in enumerate(headers, start=1):
        _put(ws, 2, c, label, bold=True)
    row = 3
    for ind, res in zip(doc.indicators, report.indicators, strict=True):
        _put(ws, row, 1, res.index)
        _put(ws, row, 2, ind.name, left=True)
        _put(ws, row, 3, res.points)
        _put(ws, row, 4, ind.published_score)
        _put(ws, row, 5, res.score)
        _put(ws, row, 6, res.explanation, left=True)
        row += 1
    ex = report.execution
    _put(ws, row, 2, "预算执行率", left=True)
    _put(ws, row, 3, ex.points)
    _put(ws, row, 4, doc.execution.published_score)
    _put(ws, row, 5, ex.score)
    _put(ws, row, 6, ex.explanation, left=True)
    row += 1
    _put(ws, row, 2, "总分", left=True, bold=True)
    _put(ws, row, 4, doc.published_total)
    _put(ws, row, 5, report.total)
    _put(
        ws,
        row,
        6,
        f"等级：公布 {doc.published_grade or '—'}，计算 {report.grade or '—'}",
        left=True,
    )
    for r in range(2, row + 1):
        for c in range(1, 7):
            ws.cell(r, c).border = _BORDER
    row += 2
    if report.points_note:
        _put(ws, row, 1, f"分值：{report.points_note}", left=True)
        _merge(ws, row, 1, row, 6)
        row += 1
    _put(
        ws,
        row,
        1,
        f"复核意见（{len(report.findings)} 条）"
        if report.findings
        else "复核意见：未发现与评分规则不符之处",
        left=True,
        bold=True,
    )
    _merge(ws, row, 1, row, 6)
    for f in report.findings:
        row += 1
        _put(ws, row, 1, f.indicator)
        _put(ws, row, 2, f.rule, left=True)
        _put(ws, row, 3, str(f.extra.get("published") or ""))
        _put(ws, row, 4, str(f.extra.get("computed") or ""))
        _put(ws, row, 5, f.message, left=True)
        _merge(ws, row, 5, row, 6)
    _print_setup_simple(ws)


def _print_setup_simple(ws: Worksheet) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def write_selfeval_xlsx(
    doc: SelfEvaluation,
    report: ScoreReport | None,
    out: str | Path | IO[bytes],
    *,
    scores: Scores = "computed",
) -> None:
    """Write the 自评表 for ``doc`` to ``out`` (a path or a binary stream)."""
    wb = selfeval_workbook(doc, report, scores=scores if report is not None else "published")
    wb.save(out)
