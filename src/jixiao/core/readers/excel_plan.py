"""Read 绩效目标表 workbooks: one sheet per project, in the layout ``writers.excel_plan``
produces (and that finance offices fill in by hand).

Rows are found by their labels (项目编码, 预算数, 资金支出计划, 一级指标 …), not by fixed
positions, so a table with an extra blank row or a moved block still reads. Merged cells
(level1/level2 groups) count for every row they cover. Sheets that are no 绩效目标表 are
skipped with a warning; a cell that cannot be read raises ``ReadError`` naming the sheet,
row and column.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

from jixiao.core.findings import Location, ReadError
from jixiao.core.model import Budget, Department, Indicator, Plan, Project, SpendingPoint
from jixiao.core.money import MoneyError, parse_amount
from jixiao.core.readers import ReadResult, ReadWarning
from jixiao.core.readers.excel_overall import is_overall_sheet, read_overall_sheet
from jixiao.core.readers.limits import check_count, check_number, check_sheet, check_xlsx
from jixiao.core.writers.excel_overall import OVERALL_TITLE

__all__ = ["read_plan_workbook"]

#: Header-block labels: a label found where a value was expected means the value is blank.
_LABELS = frozenset(
    {"项目编码", "项目名称", "预算数", "其中：财政资金", "财政资金", "其他资金", "资金用途",
     "资金支出计划（%）", "资金支出计划", "绩效目标", "主管部门", "实施单位", "预算规模及资金用途"}
)  # fmt: skip
_MONTH = re.compile(r"^\s*(\d{1,2})\s*月")
_PERCENT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[%％]?\s*$")
_GOAL_NUMBER = re.compile(r"^\s*\d+\s*[.、．)）]\s*")
_YEAR = re.compile(r"(\d{4})\s*年")
_UNIT = re.compile(r"单位[:：]\s*(万元|元)")


def _squash(value: object) -> str:
    """A label cell as comparable text (no spaces or line breaks from wrapping)."""
    return re.sub(r"\s+", "", str(value)) if value is not None else ""


class _Sheet:
    """Cell values of one sheet with merged ranges filled in."""

    def __init__(self, ws: Any, source: str | None) -> None:
        self.title: str = ws.title
        self.source = source
        self.values: dict[tuple[int, int], Any] = {}
        self.formats: dict[tuple[int, int], str] = {}
        check_sheet(ws, source)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    check_number(cell.value, Location(file=source, sheet=ws.title, row=cell.row))
                    self.values[(cell.row, cell.column)] = cell.value
                    self.formats[(cell.row, cell.column)] = cell.number_format
        for rng in ws.merged_cells.ranges:
            key = (rng.min_row, rng.min_col)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != key and key in self.values:
                        self.values[(r, c)] = self.values[key]
                        self.formats[(r, c)] = self.formats[key]
        self.max_row = max((r for r, _ in self.values), default=0)
        self.max_col = max((c for _, c in self.values), default=0)
        # Merged ranges: value cells to the right of a label may repeat the label.
        self.merged = {
            (r, c): (rng.min_row, rng.min_col)
            for rng in ws.merged_cells.ranges
            for r in range(rng.min_row, rng.max_row + 1)
            for c in range(rng.min_col, rng.max_col + 1)
        }

    def get(self, row: int, col: int) -> Any:
        return self.values.get((row, col))

    def text(self, row: int, col: int) -> str | None:
        v = self.get(row, col)
        if v is None:
            return None
        if isinstance(v, float | int | Decimal) and not isinstance(v, bool):
            return str(_number(v, self.formats.get((row, col), "General")))
        s = v.strip() if isinstance(v, str) else str(v)
        return s or None

    def loc(self, row: int, col: int) -> Location:
        from openpyxl.utils import get_column_letter

        return Location(file=self.source, sheet=self.title, row=row, column=get_column_letter(col))

    def find(self, label: str, *, contains: bool = False) -> tuple[int, int] | None:
        for r in range(1, self.max_row + 1):
            for c in range(1, self.max_col + 1):
                if self.merged.get((r, c), (r, c)) != (r, c):
                    continue  # only the top-left cell of a merged label
                t = _squash(self.get(r, c))
                if t == label or (contains and label in t):
                    return r, c
        return None

    def right_of(self, row: int, col: int) -> tuple[int, int]:
        """The value cell of the label at (row, col): the first non-empty cell to its right
        outside the label's merged range; if that is the next label (the value was left
        blank), or there is none, the cell right next to the label (empty)."""
        origin = self.merged.get((row, col), (row, col))
        c = col + 1
        while self.merged.get((row, c)) == origin and c <= self.max_col:
            c += 1
        first = c
        while c <= self.max_col:
            value = self.get(row, c)
            if value is not None and str(value).strip():
                if self.merged.get((row, c), (row, c)) != (row, c):
                    c += 1
                    continue  # inside a merged value cell: its top-left was empty
                return (row, first) if _squash(value) in _LABELS else (row, c)
            c += 1
        return row, first


def _number(value: float | int | Decimal, number_format: str) -> Decimal:
    """An Excel number as Decimal, with the decimals its number format shows.

    openpyxl returns floats; the writer stored exact digits and a format with as many
    decimals, so quantizing the shortest repr to those places restores "96.00".
    """
    d = (
        value
        if isinstance(value, Decimal)
        else Decimal(repr(value) if isinstance(value, float) else value)
    )
    m = re.search(r"\.(0+)", number_format or "")
    if m and "%" not in number_format:
        return d.quantize(Decimal(1).scaleb(-len(m.group(1))))
    if d == d.to_integral_value() and isinstance(value, float):
        return d.quantize(Decimal(1))
    return d


def read_plan_workbook(
    data: bytes, source: str | None = None, *, checked: bool = False
) -> ReadResult:
    """Read every 绩效目标表 sheet of an ``.xlsx`` workbook into one ``Plan``
    (``checked``: the caller already ran ``limits.check_xlsx`` on ``data``)."""
    from openpyxl import load_workbook

    if not checked:
        check_xlsx(data, source)
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise ReadError(f"无法打开 Excel 文件：{exc}", Location(file=source)) from exc
    plan = Plan(money_unit=None)
    warnings: list[ReadWarning] = []
    sheets = [ws for ws in wb.worksheets if ws.title != OVERALL_TITLE]
    check_count("max_projects", len(sheets), Location(file=source))
    overall_sheet: _Sheet | None = None
    for ws in wb.worksheets:
        sheet = _Sheet(ws, source)
        if is_overall_sheet(sheet):
            overall_sheet = sheet
            continue
        header = _find_header(sheet)
        if header is None:
            warnings.append(
                ReadWarning(
                    "未找到“一级指标”表头，已跳过此工作表", Location(file=source, sheet=ws.title)
                )
            )
            continue
        plan.projects.append(_read_project(sheet, header, plan, warnings))
    if overall_sheet is not None:
        read_overall_sheet(overall_sheet, plan)
        return ReadResult(plan, warnings)
    if not plan.projects:
        raise ReadError(
            "未找到绩效目标表（需要“一级指标 二级指标 三级指标…”表头）", Location(file=source)
        )
    if plan.money_unit is None:
        plan.money_unit = "万元"
    return ReadResult(plan, warnings)


def _find_header(sheet: _Sheet) -> int | None:
    """The row holding 一级指标 and 二级指标 (in any columns: a 序号 column may precede)."""
    for r in range(1, sheet.max_row + 1):
        texts = {_squash(sheet.get(r, c)) for c in range(1, sheet.max_col + 1)}
        if {"一级指标", "二级指标"} <= texts:
            return r
    return None


#: Indicator columns by header text; the first matching field wins (依据 before 指标值).
_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("name", ("三级指标", "指标名称", "绩效指标")),
    ("basis", ("指标值确定依据", "确定依据", "依据", "指标值设定依据")),
    ("description", ("绩效指标描述", "指标描述", "指标解释", "指标内容")),
    ("target", ("指标值", "年度指标值", "目标值", "绩效指标值", "预期目标值")),
    ("points", ("分值", "权重", "分数")),
)


def _header_columns(sheet: _Sheet, header: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    for c in range(1, sheet.max_col + 1):
        if sheet.merged.get((header, c), (header, c)) != (header, c):
            continue
        text = re.sub(r"[（(].*?[)）]", "", _squash(sheet.get(header, c)))
        for key, names in _COLUMNS:
            if key not in columns and (
                text in names
                or (key == "target" and text.startswith("指标值") and "依据" not in text)
            ):
                columns[key] = c
                break
    if "name" not in columns:
        raise ReadError("表头缺少“三级指标”列", sheet.loc(header, 1))
    if "target" not in columns:
        raise ReadError("表头缺少“指标值”列", sheet.loc(header, 1))
    return columns


def _read_project(sheet: _Sheet, header: int, plan: Plan, warnings: list[ReadWarning]) -> Project:
    project = Project()
    _read_heading(sheet, header, plan)
    if (at := sheet.find("项目编码")) is not None:
        project.code = sheet.text(*sheet.right_of(*at))
    if (at := sheet.find("项目名称")) is not None:
        project.name = sheet.text(*sheet.right_of(*at))
    project.budget = Budget(
        total=_money(sheet, "预算数"),
        fiscal=_money(sheet, "财政资金", contains=True),
        other=_money(sheet, "其他资金"),
    )
    if (at := sheet.find("资金用途")) is not None and _squash(sheet.get(*at)) == "资金用途":
        project.purpose = sheet.text(*sheet.right_of(*at))
    project.spending_plan = _spending_plan(sheet, header)
    if (at := sheet.find("绩效目标")) is not None:
        text = sheet.text(*sheet.right_of(*at))
        if text:
            lines = [
                _GOAL_NUMBER.sub("", line).strip()
                for line in str(sheet.get(*sheet.right_of(*at))).splitlines()
            ]
            project.goals = [line for line in lines if line]
    project.indicators = _indicators(sheet, header)
    return project


def _read_heading(sheet: _Sheet, header: int, plan: Plan) -> None:
    """Department line, year and money unit from the rows above the table (first sheet wins)."""
    for r in range(1, min(header, 4)):
        for c in range(1, sheet.max_col + 1):
            t = sheet.text(r, c)
            if not t:
                continue
            if (m := _UNIT.search(t)) and plan.money_unit is None:
                plan.money_unit = m.group(1)
            elif (m := _YEAR.fullmatch(t.replace("度", ""))) and plan.year is None:
                plan.year = int(m.group(1))
            elif r == 2 and c == 1 and plan.department.name is None:
                code, _, name = t.partition(" ")
                if name and code.isdigit():
                    plan.department = Department(code=code, name=name.strip())
                else:
                    plan.department = Department(name=t)


def _money(sheet: _Sheet, label: str, *, contains: bool = False) -> Decimal | None:
    at = sheet.find(label, contains=contains)
    if at is None:
        return None
    r, c = sheet.right_of(*at)
    value = sheet.get(r, c)
    if value is None:
        return None
    if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
        return _number(value, sheet.formats.get((r, c), "General"))
    try:
        return parse_amount(str(value))
    except MoneyError:
        raise ReadError(f"{label}不是金额：“{value}”", sheet.loc(r, c)) from None


def _spending_plan(sheet: _Sheet, header: int) -> list[SpendingPoint]:
    at = sheet.find("资金支出计划", contains=True)
    if at is None:
        return []
    row, col = at
    out: list[SpendingPoint] = []
    while row < header:
        label = sheet.get(row, col)
        if row > at[0] and _squash(label) and "资金支出计划" not in _squash(label):
            break
        for c in range(col + 1, sheet.max_col + 1):
            month_text = sheet.text(row, c)
            if not month_text:
                continue
            m = _MONTH.match(month_text)
            if m is None:
                if "绩效目标" in _squash(month_text):
                    return out
                raise ReadError(f"资金支出计划的月份无法识别：“{month_text}”", sheet.loc(row, c))
            out.append(SpendingPoint(int(m.group(1)), _percent(sheet, row + 1, c)))
        row += 2
    return out


def _percent(sheet: _Sheet, row: int, col: int) -> Decimal | None:
    value = sheet.get(row, col)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float | int) and not isinstance(value, bool):
        d = _number(value, "General")
        if "%" in sheet.formats.get((row, col), ""):
            d = (d * 100).normalize()
        return d
    m = _PERCENT.match(str(value))
    if m is None:
        raise ReadError(f"资金支出计划的百分比无法识别：“{value}”", sheet.loc(row, col))
    return Decimal(m.group(1))


def _indicators(sheet: _Sheet, header: int) -> list[Indicator]:
    columns = _header_columns(sheet, header)
    text_keys = ("level1", "level2", "name", "description", "target", "basis")
    out: list[Indicator] = []
    for r in range(header + 1, sheet.max_row + 1):
        cells = {k: sheet.text(r, columns[k]) if k in columns else None for k in text_keys}
        if not any(cells.values()):
            continue
        points: Decimal | None = None
        pc = columns.get("points")
        if pc is not None and (raw := sheet.get(r, pc)) is not None:
            if isinstance(raw, float | int | Decimal) and not isinstance(raw, bool):
                points = _number(raw, sheet.formats.get((r, pc), "General"))
            else:
                try:
                    points = parse_amount(str(raw))
                except MoneyError:
                    raise ReadError(f"分值不是数字：“{raw}”", sheet.loc(r, pc)) from None
        out.append(
            Indicator(
                level1=cells["level1"], level2=cells["level2"], name=cells["name"],
                description=cells["description"], target=cells["target"], basis=cells["basis"],
                points=points,
            )
        )  # fmt: skip
        check_count("max_indicators", len(out), sheet.loc(r, 1))
    return out
