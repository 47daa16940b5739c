"""Read a 项目支出绩效自评表 from Excel (the layout of docs/scoring.md#s19, and tables like it).

Blocks are found by their labels, never by fixed positions: the indicator header is the
row holding 三级指标 and an actual column; 项目资金 is the row holding 全年预算数; 总分 is
the first row below the indicators that starts with it. Accepted variants: 年度指标值 or
指标值 / 年初设定目标, split 指标性质 + 指标值 + 度量单位 columns (joined through
``values.parse_columns``' spelling), 全年实际值, 权重 for 分值, 未完成原因… for the reason.
Merged cells count for every cell they cover, and a blank 一级/二级 cell repeats the one
above (tables whose merges were lost on copy). A number cell keeps the decimals its
number format shows (a "0.00" cell reads "96.00"), which 复核 needs for its tolerance.
A cell that should be a number and is not raises ``ReadError`` naming sheet, row and
column.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.core.findings import Location, ReadError
from jixiao.core.model import (
    EvalIndicator,
    EvalProject,
    Execution,
    Funds,
    SelfEvaluation,
)
from jixiao.core.readers import ReadResult, ReadWarning
from jixiao.core.readers.excel import _labels, detect_kind
from jixiao.core.readers.limits import check_number, check_sheet

__all__ = ["read_selfeval_workbook"]

_YEAR = re.compile(r"(\d{4})\s*年度")  # "（2024年度）", "2022年度项目支出绩效自评表"
_UNIT = re.compile(r"[（(]\s*(万元|元)\s*[)）]|单位[:：]\s*(万元|元)")
_BLANK = frozenset({"", "—", "-", "--", "——", "/", "／", "\\"})
_GRADES = ("优", "良", "中", "差")
# The 总分 label cell: the word alone or with a note ("总分（100分）"), never an indicator
# that merely starts with it ("总分达标率").
_TOTAL_LABEL = re.compile(r"(总分|合计得分|综合得分|自评总分|自评得分合计)(?:[（(:：].*)?")


def _squash(value: object) -> str:
    return "".join(str(value).split()) if value is not None else ""


class _Grid:
    """One sheet's values with merged ranges filled in, and number formats."""

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
        self.origin: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            top = (rng.min_row, rng.min_col)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    self.origin[(r, c)] = top
                    if (r, c) != top and top in self.values:
                        self.values[(r, c)] = self.values[top]
                        self.formats[(r, c)] = self.formats[top]
        self.max_row = max((r for r, _ in self.values), default=0)
        self.max_col = max((c for _, c in self.values), default=0)

    def loc(self, row: int, col: int) -> Location:
        from openpyxl.utils import get_column_letter

        return Location(file=self.source, sheet=self.title, row=row, column=get_column_letter(col))

    def label(self, row: int, col: int) -> str:
        return _squash(self.values.get((row, col)))

    def text(self, row: int, col: int) -> str | None:
        v = self.values.get((row, col))
        if v is None:
            return None
        if isinstance(v, bool):
            return "是" if v else "否"
        if isinstance(v, int | float | Decimal):
            fmt = self.formats.get((row, col), "General")
            if "%" in fmt:  # 0.8 shown as "80%": the text a reader of the sheet sees
                m = re.search(r"\.(0+)", fmt)
                raw = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
                places = len(m.group(1)) if m else 0
                return _plain((raw * 100).quantize(Decimal(1).scaleb(-places))) + "%"
            return _plain(_number(v, fmt))
        if hasattr(v, "isoformat"):  # a date cell
            return str(v.isoformat())[:10]
        s = str(v).strip()
        return s or None

    def number(self, row: int, col: int, what: str) -> Decimal | None:
        v = self.values.get((row, col))
        if v is None:
            return None
        if isinstance(v, int | float | Decimal) and not isinstance(v, bool):
            return _number(v, self.formats.get((row, col), "General"))
        s = str(v).strip().translate(_FULLWIDTH)
        if s in _BLANK:
            return None
        s = s.removesuffix("分").removesuffix("万元").removesuffix("元").replace(",", "").strip()
        try:
            d = Decimal(s)
        except InvalidOperation:
            raise ReadError(
                f"“{what}”应为数字，实为“{str(v).strip()}”", self.loc(row, col)
            ) from None
        if not d.is_finite():
            raise ReadError(f"“{what}”应为数字，实为“{str(v).strip()}”", self.loc(row, col))
        return d

    def right_of(self, row: int, col: int) -> str | None:
        """The value right of a label cell, skipping the label's own merged range."""
        origin = self.origin.get((row, col), (row, col))
        c = col + 1
        while c <= self.max_col and self.origin.get((row, c)) == origin:
            c += 1
        return self.text(row, c) if c <= self.max_col else None

    def find(self, pred: Any, rows: range | None = None) -> tuple[int, int] | None:
        for r in rows or range(1, self.max_row + 1):
            for c in range(1, self.max_col + 1):
                if self.origin.get((r, c), (r, c)) != (r, c):
                    continue
                if pred(self.label(r, c)):
                    return r, c
        return None


_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")


def _number(value: float | int | Decimal, number_format: str) -> Decimal:
    """An Excel number as Decimal with the decimals its number format shows."""
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, float):
        d = Decimal(repr(value))
    else:
        d = Decimal(value)
    m = re.search(r"\.(0+)", number_format or "")
    if m:
        places = len(m.group(1)) + (2 if "%" in number_format else 0)
        return d.quantize(Decimal(1).scaleb(-places))
    if isinstance(value, float) and d == d.to_integral_value():
        return d.quantize(Decimal(1))
    return d


def _plain(d: Decimal) -> str:
    return format(d, "f")


# --- column detection ----------------------------------------------------------------


def _column_roles(grid: _Grid, row: int) -> dict[str, int]:
    roles: dict[str, int] = {}

    def take(role: str, col: int) -> None:
        roles.setdefault(role, col)

    for c in range(1, grid.max_col + 1):
        if grid.origin.get((row, c), (row, c))[1] != c:
            continue  # the same merged header again
        t = grid.label(row, c)
        if not t:
            continue
        if t.startswith("一级指标"):
            take("level1", c)
        elif t.startswith("二级指标"):
            take("level2", c)
        elif t.startswith("三级指标"):
            take("name", c)
        elif t.startswith(("指标性质", "计算符号")):
            take("op", c)
        elif t.startswith(("度量单位", "计量单位")):
            take("unit", c)
        elif t.startswith(
            ("年度指标值", "指标值", "年初设定目标", "年度目标值", "预期指标值", "目标值")
        ):
            take("target", c)
        elif t.startswith(
            ("实际完成值", "全年实际值", "实际值", "全年实际完成值", "实际完成情况值")
        ):
            take("actual", c)
        elif t.startswith("分值"):
            take("points", c)
        elif t.startswith("权重"):
            take("weight", c)
        elif t in ("得分", "实际得分", "自评得分") or t.startswith("得分"):
            take("score", c)
        elif t.endswith("得分"):  # 单项指标折算得分 and the like, when no plain 得分
            take("other_score", c)
        elif t.startswith("指标方向"):
            take("direction", c)
        elif "原因" in t or "改进措施" in t:
            take("reason", c)
    return roles


def _find_indicator_header(grid: _Grid) -> tuple[int, dict[str, int]] | None:
    for r in range(1, grid.max_row + 1):
        if not any(grid.label(r, c).startswith("三级指标") for c in range(1, grid.max_col + 1)):
            continue
        roles = _column_roles(grid, r)
        if r > 1:
            # A two-row header: 实际完成值 / 分值 / 得分 above, 一级…三级 and 指标性质 /
            # 指标值 / 度量单位 below; the row above fills the roles this one lacks.
            for role, c in _column_roles(grid, r - 1).items():
                if role not in roles and c not in roles.values():
                    roles[role] = c
        if "points" not in roles and "weight" in roles:
            roles["points"] = roles["weight"]
        if "score" not in roles and "other_score" in roles:
            roles["score"] = roles["other_score"]
        if "actual" in roles and "name" in roles:
            return r, roles
    return None


# --- blocks --------------------------------------------------------------------------


def _project(grid: _Grid, stop: int) -> tuple[EvalProject, int | None, str | None]:
    fields: dict[str, str | None] = {}
    year: int | None = None
    unit: str | None = None
    for r in range(1, stop):
        for c in range(1, grid.max_col + 1):
            if grid.origin.get((r, c), (r, c)) != (r, c):
                continue
            t = grid.label(r, c)
            if not t:
                continue
            for label, key in (
                ("项目名称", "name"),
                ("主管部门", "supervisor"),
                ("实施单位", "implementer"),
                ("项目编码", "code"),
                ("项目代码", "code"),
            ):
                if t == label:
                    fields.setdefault(key, grid.right_of(r, c))
                elif t.startswith((label + "：", label + ":")):
                    fields.setdefault(key, t[len(label) + 1 :] or None)
            if year is None and r <= 3 and not t.startswith(("项目名称", "主管部门")):
                m = _YEAR.search(t)
                if m and 1990 <= int(m.group(1)) <= 2200:
                    year = int(m.group(1))
            if unit is None and ("项目资金" in t or "单位" in t):
                m = _UNIT.search(t)
                if m:
                    unit = m.group(1) or m.group(2)
    project = EvalProject(
        code=fields.get("code"),
        name=fields.get("name"),
        supervisor=fields.get("supervisor"),
        implementer=fields.get("implementer"),
    )
    return project, year, unit


def _funds(grid: _Grid, stop: int) -> tuple[Funds, Execution]:
    hit = grid.find(lambda t: t.startswith("全年预算数"), range(1, stop))
    if hit is None:
        return Funds(), Execution()
    hr = hit[0]
    cols: dict[str, int] = {}
    for c in range(1, grid.max_col + 1):
        if grid.origin.get((hr, c), (hr, c))[1] != c:
            continue
        t = grid.label(hr, c)
        for key, prefix in (
            ("initial", "年初预算数"),
            ("annual", "全年预算数"),
            ("executed", "全年执行数"),
            ("points", "分值"),
            ("score", "得分"),
        ):
            if t.startswith(prefix):
                cols.setdefault(key, c)
    data_row = hr + 1
    for r in range(hr + 1, min(hr + 6, stop)):
        if any(grid.label(r, c).startswith("年度资金总额") for c in range(1, grid.max_col + 1)):
            data_row = r
            break

    def num(key: str, what: str) -> Decimal | None:
        c = cols.get(key)
        return None if c is None else grid.number(data_row, c, what)

    funds = Funds(
        initial=num("initial", "年初预算数"),
        annual=num("annual", "全年预算数"),
        executed=num("executed", "全年执行数"),
    )
    return funds, Execution(
        points=num("points", "预算执行率分值"), published_score=num("score", "预算执行率得分")
    )


def _goal(grid: _Grid, stop: int) -> dict[str, str]:
    hit = grid.find(lambda t: t.startswith("年度总体目标"), range(1, stop))
    if hit is None:
        return {}
    r = hit[0]
    out: dict[str, str] = {}
    for c in range(1, grid.max_col + 1):
        if grid.origin.get((r, c), (r, c))[1] != c:
            continue
        t = grid.label(r, c)
        key = (
            "goal"
            if t.startswith("预期目标")
            else "goal_actual"
            if t.startswith("实际完成情况")
            else None
        )
        if key is None:
            continue
        v = grid.text(r + 1, c)
        if v and _squash(v) not in {"年度总体目标", "预期目标", "实际完成情况"}:
            out[key] = v
    return out


def _indicators(
    grid: _Grid, header: int, roles: dict[str, int]
) -> tuple[list[EvalIndicator], int | None]:
    out: list[EvalIndicator] = []
    last1: str | None = None
    last2: str | None = None
    total_row: int | None = None
    header_labels = {grid.label(header, c) for c in roles.values()}
    for r in range(header + 1, grid.max_row + 1):
        labels = [t for c in range(1, grid.max_col + 1) if (t := grid.label(r, c))]
        first = labels[0] if labels else ""
        if any(_TOTAL_LABEL.fullmatch(t) for t in labels):
            total_row = r  # also "其他需要说明事项 | 无 | 总分 | 100 | 96 | 优"
            break
        if first.startswith(("评价等级", "填报人", "备注", "联系人", "单位负责人")):
            break
        if first.startswith(("其他需要说明事项", "其他说明")):
            continue

        def cell(role: str, *, row: int = r) -> str | None:
            c = roles.get(role)
            return None if c is None else grid.text(row, c)

        name = cell("name")
        target = cell("target")
        actual = cell("actual")
        if name is None and target is None and actual is None:
            continue
        if _squash(name) in header_labels:
            continue  # a repeated header (second printed page)
        if "op" in roles or "unit" in roles:
            target = "".join(p for p in (cell("op"), target, cell("unit")) if p) or None
        level1 = cell("level1") or last1
        level2 = cell("level2") or last2
        if level1 != last1:
            last2 = None
            level2 = cell("level2")
        last1, last2 = level1, level2
        direction = cell("direction")
        points = grid.number(r, roles["points"], "分值") if "points" in roles else None
        score = grid.number(r, roles["score"], "得分") if "score" in roles else None
        out.append(
            EvalIndicator(
                level1=level1,
                level2=level2,
                name=name,
                target=target,
                actual=actual,
                points=points,
                published_score=score,
                reason=cell("reason"),
                extra=_direction_extra(direction),
            )
        )
    return out, total_row


def _direction_extra(text: str | None) -> dict[str, Any]:
    """指标方向性 (一体化 forms): kept as ``direction`` = 正向 / 反向 for the scorer."""
    t = _squash(text)
    if t.startswith("反向"):
        return {"direction": "反向"}
    if t.startswith("正向"):
        return {"direction": "正向"}
    return {}


def _total(
    grid: _Grid, row: int | None, roles: dict[str, int]
) -> tuple[Decimal | None, str | None]:
    if row is None:
        return None, None
    total = grid.number(row, roles["score"], "总分") if "score" in roles else None
    if total is None:
        # Not under 得分: the numbers right of the 总分 label are (分值 100,) 得分.
        label = next(
            c for c in range(1, grid.max_col + 1) if _TOTAL_LABEL.fullmatch(grid.label(row, c))
        )
        numbers: list[Decimal | None] = []
        for c in range(label + 1, grid.max_col + 1):
            if grid.origin.get((row, c), (row, c)) != (row, c):
                continue
            v = grid.values.get((row, c))
            numeric = isinstance(v, int | float | Decimal) and not isinstance(v, bool)
            if numeric or (isinstance(v, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*", v)):
                numbers.append(grid.number(row, c, "总分"))
        if 0 < len(numbers) <= 2:
            total = numbers[-1]
    grade: str | None = None
    for c in range(1, grid.max_col + 1):
        if c == roles.get("score"):
            continue
        t = grid.text(row, c)
        if not t:
            continue
        t = re.sub(r"^(评价)?等级[:：]?", "", "".join(t.split()))
        if t and len(t) <= 3 and t.startswith(_GRADES):
            grade = t
    return total, grade


def read_selfeval_workbook(wb: Any, source: str | None = None) -> ReadResult:
    """Read the first 自评表 sheet of an opened openpyxl workbook."""
    warnings: list[ReadWarning] = []
    sheets = [ws for ws in wb.worksheets if detect_kind(_labels(ws)) == "selfeval"]
    if not sheets:
        raise ReadError("未找到自评表（应有“三级指标”和“实际完成值”表头）", Location(file=source))
    if len(sheets) > 1:
        warnings.append(
            ReadWarning(
                f"工作簿中有 {len(sheets)} 张自评表，只读取第一张“{sheets[0].title}”",
                Location(file=source),
            )
        )
    grid = _Grid(sheets[0], source)
    found = _find_indicator_header(grid)
    if found is None:
        raise ReadError(
            "未找到绩效指标表头（一级指标、二级指标、三级指标、年度指标值、实际完成值、分值、得分）",
            Location(file=source, sheet=grid.title),
        )
    header, roles = found
    for needed, label in (("target", "年度指标值"), ("points", "分值"), ("score", "得分")):
        if needed not in roles:
            warnings.append(
                ReadWarning(f"绩效指标表头缺少“{label}”列", grid.loc(header, 1)),
            )
    project, year, unit = _project(grid, header)
    funds, execution = _funds(grid, header)
    extra = _goal(grid, header)
    indicators, total_row = _indicators(grid, header, roles)
    if not indicators:
        raise ReadError("绩效指标表头下没有指标行", grid.loc(header + 1, 1))
    total, grade = _total(grid, total_row, roles)
    doc = SelfEvaluation(
        year=year,
        project=project,
        money_unit=unit or "万元",
        funds=funds,
        execution=execution,
        indicators=indicators,
        published_total=total,
        published_grade=grade,
        policy=None,
        extra=dict(extra),
    )
    return ReadResult(doc, warnings)
