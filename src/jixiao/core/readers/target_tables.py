"""The 绩效文本 from a flow of text lines and ruled tables, whatever the file was.

A PDF page (pdfplumber) and a Word body (python-docx) both come down to the same flow:
text lines outside the tables (part 1's prose, the " N.…绩效目标表" headings, the unit
line "… 单位：万元") and tables as rows of cells on the table's column grid, ``None``
where a merged cell covers the position. ``read_flow`` turns that flow into a plan;
each 绩效目标表 is read from its cells by their labels, and the indicator table's
columns are mapped by the titles of its header (a header repeated on a new page maps
that page's columns again).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from jixiao.core.classification import classify, label, parent_label
from jixiao.core.findings import Location, ReadError
from jixiao.core.model import Budget, Department, Indicator, Plan, Project, Region, SpendingPoint
from jixiao.core.money import MoneyError, parse_amount
from jixiao.core.readers import ReadResult, ReadWarning
from jixiao.core.readers.cleaning import clean, join_wrapped
from jixiao.core.readers.hebei import (
    EXPECTED_HEADER,
    Line,
    infer_region,
    infer_year,
    parse_overall,
    split_goals,
)
from jixiao.core.readers.stitch import (
    Cells,
    Extent,
    column_cells,
    continues,
    header_extents,
    join,
    join_split_head_rows,
    level_doubts,
)

__all__ = ["Item", "Table", "read_flow"]

Row = list[str | None]
# (page, top, "line", text) or (page, top, "table", Table): in reading order.
Item = tuple[int, float, Literal["line", "table"], Any]


@dataclass(frozen=True, slots=True)
class Table:
    """A table part as found: rows of cell texts on its column grid (``None`` where a
    merged cell covers the position) and each present cell's horizontal extent (page
    points for a PDF, grid columns for Word), by which its columns are mapped."""

    rows: list[Row]
    extents: list[list[Extent | None]]


_HEADING = re.compile(r"^(\d{1,3})\s*[.．、]\s*(.*)绩效目标表$")
_DEPT = re.compile(r"^(?:([0-9A-Za-z][0-9A-Za-z\-]*)\s+)?(.*?)\s*单位\s*[:：]\s*(万元|元)\s*$")
_MONTH = re.compile(r"(\d{1,2})\s*月")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


class _Broken(ValueError):
    def __init__(self, message: str, page: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.page = page


@dataclass
class _Pending:
    head_name: str | None
    page: int
    rows: list[tuple[int, Row, list[Extent | None]]] = field(default_factory=list)


def read_flow(items: Sequence[Item], source: str | None) -> ReadResult:
    """The plan in ``items`` (sorted in reading order); ``ReadError`` when no 绩效目标表 reads."""
    part1: list[Line] = []
    pending: list[_Pending] = []
    department = Department()
    money_unit: str | None = None
    all_text: list[str] = []
    stray: list[tuple[int, str]] = []  # text between tables: e.g. a row split over pages
    part2 = False  # "第二部分 预算项目绩效目标" seen: the prose of part 1 has ended
    for pno, _, kind, payload in _join_headings(items):
        if kind == "line":
            text: str = payload
            all_text.append(text)
            c = clean(text)
            m = _HEADING.match(c)
            if m:
                pending.append(_Pending(m.group(2), pno))
                continue
            d = _DEPT.match(text.strip())
            if d and pending:
                if department.name is None:
                    department = Department(code=d.group(1), name=clean(d.group(2)) or None)
                money_unit = money_unit or d.group(3)
                continue
            if not pending:
                part2 = part2 or c.startswith("第二部分")
                if not part2:
                    part1.append(Line(len(part1) + 1, text))
            elif c:
                stray.append((pno, c))
            continue
        table: Table = payload
        rows = table.rows
        starts_project = any(clean(c or "") == "项目编码" for c in rows[0]) if rows else False
        if not pending or (
            starts_project and any(_row_has(r, "项目编码") for _, r, _ in pending[-1].rows)
        ):
            pending.append(_Pending(None, pno))
        pending[-1].rows.extend(zip([pno] * len(rows), rows, table.extents, strict=True))
    if not pending:
        raise ReadError("PDF 中未找到任何绩效目标表", Location(file=source, page=1))
    warnings: list[ReadWarning] = []
    projects: list[Project] = []
    first_error: ReadError | None = None
    for p in pending:
        try:
            project = _project(p)
        except _Broken as exc:
            label = f"项目“{p.head_name or '（无名称）'}”"
            loc = Location(file=source, page=exc.page)
            warnings.append(ReadWarning(f"已跳过{label}：{exc.message}", loc))
            first_error = first_error or ReadError(f"{label}：{exc.message}", loc)
            continue
        projects.append(project)
        for page, doubt in project.extra.get("read_doubts", ()):
            name = project.name or project.code or "（无名称）"
            warnings.append(
                ReadWarning(f"项目“{name}”读取存疑：{doubt}", Location(file=source, page=page))
            )
    if not projects:
        assert first_error is not None
        raise first_error
    for pno, text in stray:
        warnings.append(
            ReadWarning(
                f"表格之外的文字未读取（可能是跨页断开的表格行）：“{text}”",
                Location(file=source, page=pno),
            )
        )
    plan = Plan(
        year=infer_year("\n".join(all_text), source),
        region=Region(name=infer_region(department.name)),
        department=department,
        money_unit=money_unit or "万元",
        overall=parse_overall(part1),
        projects=projects,
    )
    return ReadResult(plan, warnings)


_NUMBERED = re.compile(r"^\d{1,3}\s*[.．、]")


def _join_headings(items: Sequence[Item]) -> list[Item]:
    """A long " N.…绩效目标表" heading wrapped over two or three lines, as one line."""
    out: list[Item] = []
    k = 0
    while k < len(items):
        item = items[k]
        k += 1
        if item[2] != "line" or not _NUMBERED.match(clean(item[3])):
            out.append(item)
            continue
        text = clean(item[3])
        for n in (1, 2):
            nxt = items[k : k + n]
            if len(nxt) == n and all(it[2] == "line" for it in nxt):
                joined = text + "".join(clean(it[3]) for it in nxt)
                if not _HEADING.match(text) and _HEADING.match(joined):
                    item = (item[0], item[1], "line", joined)
                    k += n
                    break
        out.append(item)
    return out


def _row_has(row: Sequence[str | None], label: str) -> bool:
    return any(clean(c or "") == label for c in row)


def _after(row: Sequence[str | None], k: int) -> str | None:
    """The cell right of ``k`` (merged cells skipped); blank → None."""
    for c in row[k + 1 :]:
        if c is not None:
            return join_wrapped(c.split("\n")) or None
    return None


def _amount(text: str | None, what: str, page: int) -> Decimal | None:
    try:
        return parse_amount(text)
    except MoneyError:
        raise _Broken(f"{what}不是金额：“{text}”", page) from None


def _project(p: _Pending) -> Project:
    project = Project(name=clean(p.head_name) if p.head_name else None)
    header: dict[str, Extent] | None = None
    head_end = next(
        (
            i
            for i, (_, row, _) in enumerate(p.rows)
            if any(clean(c or "") == "一级指标" for c in row)
        ),
        len(p.rows),
    )
    rows = join_split_head_rows(p.rows[:head_end]) + p.rows[head_end:]
    ind_rows = _IndicatorRows(project)
    for r, (pno, row, extents) in enumerate(rows):
        labels = [clean(c or "") for c in row]
        if header is not None:
            if "一级指标" in labels:
                # A header repeated where the table continues on a new page: that page's
                # part has its own ruled columns, mapped again by their titles.
                header = _header(labels, extents, pno)
                continue
            if all(not lab for lab in labels):
                continue
            ind_rows.add(pno, column_cells(row, extents, header))
            continue
        for k, lab in enumerate(labels):
            if lab == "项目编码":
                project.code = _after(row, k)
            elif lab == "项目名称":
                project.name = _after(row, k) or project.name
            elif lab == "预算数":
                project.budget.total = _amount(_after(row, k), "预算数", pno)
            elif lab.startswith("其中") and lab.endswith("财政资金"):
                project.budget.fiscal = _amount(_after(row, k), "财政资金", pno)
            elif lab == "其他资金":
                project.budget.other = _amount(_after(row, k), "其他资金", pno)
                if r + 1 < len(rows):
                    nxt = [join_wrapped(c.split("\n")) for c in rows[r + 1][1] if c]
                    project.purpose = "".join(nxt) or None
            elif lab.startswith("资金支出计划"):
                project.spending_plan = _plan(
                    row[k + 1 :], rows[r + 1][1][k + 1 :] if r + 1 < len(rows) else [], pno
                )
            elif lab == "绩效目标":
                raw = next((c for c in row[k + 1 :] if c), "")
                project.goals = split_goals(raw)
            elif lab == "一级指标":
                header = _header(labels, extents, pno)
    if project.code is None and project.name is None:
        raise _Broken("表中没有“项目编码”“项目名称”", p.page)
    if header is None:
        raise _Broken(f"未找到指标表表头“{EXPECTED_HEADER}”", rows[-1][0] if rows else p.page)
    _fill_level1(project.indicators)
    if ind_rows.doubts:
        project.extra["read_doubts"] = ind_rows.doubts
    if not project.indicators:
        raise _Broken("指标表没有任何指标行", rows[-1][0])
    if project.budget == Budget():
        raise _Broken("未找到“预算数”", p.page)
    return project


def _plan(
    months_row: Sequence[str | None], values_row: Sequence[str | None], page: int
) -> list[SpendingPoint]:
    # A narrow cell wraps inside a number ("100.0" / "0%"): its lines are joined first.
    months = [int(m) for c in months_row if c for m in _MONTH.findall(clean(c))]
    values = [v for c in values_row if c for v in _NUMBER.findall(clean(c))]
    if not months or len(months) != len(values):
        raise _Broken(
            f"资金支出计划应为若干月份及同样多的百分比，读到 {len(months)} 个月份、{len(values)} 个百分比",
            page,
        )
    try:
        return [SpendingPoint(m, Decimal(v)) for m, v in zip(months, values, strict=True)]
    except InvalidOperation:  # pragma: no cover - the regex admits only numbers
        raise _Broken("资金支出计划的百分比不是数字", page) from None


def _fill_level1(inds: list[Indicator]) -> None:
    """Rows left without level1 (its merged cell printed on another page): take the level1
    of the nearest row of the same family, else the one implied by the level2."""
    for i, ind in enumerate(inds):
        if ind.level1 is not None:
            continue
        parent = parent_label(ind.level2)
        near = [x.level1 for x in (*inds[max(i - 1, 0) : i], *inds[i + 1 :]) if x.level1]
        same = [lv for lv in near if parent is None or _canonical_level1(lv) == parent]
        ind.level1 = same[0] if same else parent or (near[0] if near else None)


def _canonical_level1(level1: str) -> str:
    """A level1 label as its canonical published label (效果指标 reads as 效益指标)."""
    return label(classify(level1, None)[0])


def _header(labels: list[str], extents: list[Extent | None], page: int) -> dict[str, Extent]:
    out, missing = header_extents(labels, extents)
    if missing:
        raise _Broken(f"指标表表头缺少“{'”“'.join(missing)}”列；应为“{EXPECTED_HEADER}”", page)
    return out


class _IndicatorRows:
    """The indicator rows of one table, joined across page breaks (``stitch``)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.level1: str | None = None
        self.level2: str | None = None
        self.last_page: int | None = None
        self.prev: Cells | None = None
        self.before: tuple[str | None, str | None] = (None, None)  # levels before prev
        self.doubts: list[tuple[int, str]] = []

    def add(self, page: int, cells: Cells) -> None:
        inds = self.project.indicators
        new_page = self.last_page is not None and page != self.last_page
        self.last_page = page
        if new_page and self.prev is not None and continues(self.prev, cells):
            self.prev = join(self.prev, cells)
            self.level1, self.level2 = self.before
            inds[-1] = self._indicator(self.prev, page)
            self._check(page)
            return
        if new_page:
            # A level1 merged over a page break shows its label on one page only.
            self.level1 = None
        self.before = (self.level1, self.level2)
        self.prev = cells
        inds.append(self._indicator(cells, page))
        if new_page:
            self._check(page)

    def _check(self, page: int) -> None:
        ind = self.project.indicators[-1]
        for doubt in level_doubts(ind.level1, ind.level2):
            self.doubts.append((page, f"第{len(self.project.indicators)}个指标的{doubt}"))

    def _indicator(self, cells: Cells, page: int) -> Indicator:
        l1, l2 = cells.get("一级指标"), cells.get("二级指标")
        if l1:
            self.level1, self.level2 = l1, None
        if l2:
            self.level2 = l2
        ind = Indicator(
            level1=self.level1,
            level2=self.level2,
            name=cells.get("三级指标") or None,
            description=cells.get("绩效指标描述") or None,
            target=cells.get("指标值") or None,
            basis=cells.get("指标值确定依据") or None,
        )
        if ind.name is None and ind.target is None:
            raise _Broken("指标行缺少三级指标和指标值", page)
        return ind
