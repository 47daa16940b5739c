"""PDF reader: a published Hebei county 部门预算绩效文本 as PDF (pdfplumber).

Where the PDF has ruled tables, each 绩效目标表 is read from its cells (pdfplumber keeps
them apart, so no wrap guessing is needed: a cell's line breaks are simply joined); the
prose of part 1 and the " N.…绩效目标表" headings come from the text outside the tables.
A PDF without ruled tables (or whose tables are not 绩效目标表) is read by the text
reader from its extracted text. pdfplumber is imported here only, so ``jixiao parse`` on
text files never loads it.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

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
from jixiao.core.readers.limits import check_count

__all__ = ["read_pdf"]

_HEADING = re.compile(r"^(\d{1,3})\s*[.．、]\s*(.*)绩效目标表$")
_DEPT = re.compile(r"^(?:([0-9A-Za-z][0-9A-Za-z\-]*)\s+)?(.*?)\s*单位\s*[:：]\s*(万元|元)\s*$")
_MONTH = re.compile(r"(\d{1,2})\s*月")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A page number printed in the foot margin ("— 3 —", "第 3 页", "第3页 共10页", "3 / 10").
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})$"
)
_FOOT = 0.9  # below this fraction of the page height a line is in the foot margin


class _Broken(ValueError):
    def __init__(self, message: str, page: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.page = page


@dataclass
class _Pending:
    head_name: str | None
    page: int
    rows: list[tuple[int, list[str | None]]] = field(default_factory=list)


def read_pdf(data: bytes, source: str | None = None) -> ReadResult:
    """Read a 绩效文本 PDF; ``ReadError`` (with the page) when it cannot be read."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise ReadError(f"无法打开 PDF 文件：{exc}", Location(file=source)) from exc
    items: list[tuple[int, float, str, Any]] = []
    with pdf:
        try:
            pages = len(pdf.pages)
        except Exception as exc:  # pdfminer raises its own kinds on a damaged page tree
            raise ReadError(f"无法读取 PDF 的页面：{exc}", Location(file=source)) from exc
        if not pages:
            raise ReadError("PDF 文件没有页面", Location(file=source))
        check_count("max_pdf_pages", pages, Location(file=source))
        for pno, page in enumerate(pdf.pages, start=1):
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            flow = page.filter(functools.partial(_outside, boxes=boxes))
            foot = _FOOT * float(page.height)
            for ln in flow.extract_text_lines():
                if float(ln["top"]) > foot and _PAGE_NUMBER.match(ln["text"].strip()):
                    continue  # a page number is not part of the document's text
                items.append((pno, float(ln["top"]), "line", ln["text"]))
            for t in tables:
                items.append((pno, float(t.bbox[1]), "table", t.extract()))
    items.sort(key=lambda it: (it[0], it[1]))
    tables_found = [it for it in items if it[2] == "table"]
    if not tables_found or not any(_has_label(t[3], "项目编码") for t in tables_found):
        from jixiao.core.readers.text import read_text

        text = "\n".join(it[3] for it in items if it[2] == "line")
        if not text.strip():
            raise ReadError(
                "PDF 中没有可提取的文字（可能是扫描件，需要先做文字识别）",
                Location(file=source, page=1),
            )
        return read_text(text, source)
    return _read_tables(items, source)


def _outside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    return not any(_inside(obj, b) for b in boxes)


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx = (float(obj["x0"]) + float(obj["x1"])) / 2
    cy = (float(obj["top"]) + float(obj["bottom"])) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _has_label(rows: list[list[str | None]], label: str) -> bool:
    return any(clean(c or "") == label for row in rows for c in row)


def _read_tables(items: list[tuple[int, float, str, Any]], source: str | None) -> ReadResult:
    part1: list[Line] = []
    pending: list[_Pending] = []
    department = Department()
    money_unit: str | None = None
    all_text: list[str] = []
    stray: list[tuple[int, str]] = []  # text between tables: e.g. a row split over pages
    part2 = False  # "第二部分 预算项目绩效目标" seen: the prose of part 1 has ended
    for pno, _, kind, payload in items:
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
        rows: list[list[str | None]] = payload
        starts_project = any(clean(c or "") == "项目编码" for c in rows[0]) if rows else False
        if not pending or (
            starts_project and any(_row_has(r, "项目编码") for _, r in pending[-1].rows)
        ):
            pending.append(_Pending(None, pno))
        pending[-1].rows.extend((pno, r) for r in rows)
    if not pending:
        raise ReadError("PDF 中未找到任何绩效目标表", Location(file=source, page=1))
    warnings: list[ReadWarning] = []
    projects: list[Project] = []
    first_error: ReadError | None = None
    for p in pending:
        try:
            projects.append(_project(p))
        except _Broken as exc:
            label = f"项目“{p.head_name or '（无名称）'}”"
            loc = Location(file=source, page=exc.page)
            warnings.append(ReadWarning(f"已跳过{label}：{exc.message}", loc))
            first_error = first_error or ReadError(f"{label}：{exc.message}", loc)
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
    header: dict[str, int] | None = None
    level1: str | None = None
    level2: str | None = None
    rows = p.rows
    last_page = p.page
    for r, (pno, row) in enumerate(rows):
        labels = [clean(c or "") for c in row]
        if header is not None:
            if "一级指标" in labels:
                # A header repeated where the table continues on a new page: that page's
                # part has its own ruled columns, so map them again by their titles.
                header = _header(labels, pno)
                continue
            if all(not lab for lab in labels):
                continue
            if pno != last_page:
                # A level1 merged over a page break shows its label on one page only.
                level1 = None
            level1, level2, ind = _indicator(row, header, level1, level2, pno)
            project.indicators.append(ind)
            last_page = pno
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
                header = _header(labels, pno)
    if project.code is None and project.name is None:
        raise _Broken("表中没有“项目编码”“项目名称”", p.page)
    if header is None:
        raise _Broken(f"未找到指标表表头“{EXPECTED_HEADER}”", rows[-1][0] if rows else p.page)
    _fill_level1(project.indicators)
    if not project.indicators:
        raise _Broken("指标表没有任何指标行", rows[-1][0])
    if project.budget == Budget():
        raise _Broken("未找到“预算数”", p.page)
    return project


def _plan(
    months_row: Sequence[str | None], values_row: Sequence[str | None], page: int
) -> list[SpendingPoint]:
    months = [int(m) for c in months_row if c for m in _MONTH.findall(c)]
    values = [v for c in values_row if c for v in _NUMBER.findall(c)]
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


_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("一级指标", ("一级指标",)),
    ("二级指标", ("二级指标",)),
    ("三级指标", ("三级指标",)),
    ("绩效指标描述", ("绩效指标描述", "指标描述", "指标内容")),
    ("指标值", ("指标值", "年度指标值")),
    ("指标值确定依据", ("指标值确定依据", "确定依据")),
)


def _header(labels: list[str], page: int) -> dict[str, int]:
    out: dict[str, int] = {}
    missing = []
    for title, keys in _COLUMNS:
        k = next((i for i, lab in enumerate(labels) if lab in keys), None)
        if k is None:
            missing.append(title)
        else:
            out[title] = k
    if missing:
        raise _Broken(f"指标表表头缺少“{'”“'.join(missing)}”列；应为“{EXPECTED_HEADER}”", page)
    return out


def _indicator(
    row: Sequence[str | None],
    header: dict[str, int],
    level1: str | None,
    level2: str | None,
    page: int,
) -> tuple[str | None, str | None, Indicator]:
    def cell(title: str) -> str | None:
        k = header[title]
        c = row[k] if k < len(row) else None
        return None if c is None else (join_wrapped(c.split("\n")) or None)

    l1 = cell("一级指标")
    l2 = cell("二级指标")
    if row[header["一级指标"]] is not None and l1:
        level1, level2 = l1, None
    if row[header["二级指标"]] is not None and l2:
        level2 = l2
    ind = Indicator(
        level1=level1,
        level2=level2,
        name=cell("三级指标"),
        description=cell("绩效指标描述"),
        target=cell("指标值"),
        basis=cell("指标值确定依据"),
    )
    if ind.name is None and ind.target is None:
        raise _Broken("指标行缺少三级指标和指标值", page)
    return level1, level2, ind
