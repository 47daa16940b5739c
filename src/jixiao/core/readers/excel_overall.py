"""Read the 部门整体绩效目标 sheet that ``writers.excel_overall`` writes (and a finance
office may fill in by hand in the same layout): columns found by their header labels,
each line by what its first column (部分) says. The sheet is authoritative for the plan's
year, region, department and money unit."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core.findings import ReadError
from jixiao.core.model import Department, Indicator, Measure, Overall, Plan, Region, Subgoal
from jixiao.core.money import MoneyError, parse_amount
from jixiao.core.writers.excel_overall import COLUMNS, OVERALL_TITLE

if TYPE_CHECKING:
    from jixiao.core.readers.excel_plan import _Sheet

__all__ = ["is_overall_sheet", "read_overall_sheet"]

_PARTS = frozenset({"年度", "地区", "部门", "金额单位", "总体目标", "总体指标", "分项目标", "分项指标", "保障措施"})  # fmt: skip


def _squash(value: object) -> str:
    return re.sub(r"\s+", "", str(value)) if value is not None else ""


def is_overall_sheet(sheet: _Sheet) -> bool:
    return sheet.title == OVERALL_TITLE or _squash(sheet.get(1, 1)) == OVERALL_TITLE


def _header(sheet: _Sheet) -> tuple[int, dict[str, int]]:
    for r in range(1, min(sheet.max_row, 10) + 1):
        labels = {_squash(sheet.get(r, c)): c for c in range(1, sheet.max_col + 1)}
        if "部分" in labels and "三级指标" in labels:
            return r, {label: labels[label] for label in COLUMNS if label in labels}
    raise ReadError("部门整体绩效目标表缺少“部分 … 三级指标 …”表头", sheet.loc(1, 1))


def read_overall_sheet(sheet: _Sheet, plan: Plan) -> None:
    """Set the plan's year, region, department, money unit and overall from ``sheet``."""
    header, cols = _header(sheet)

    def text(r: int, label: str) -> str | None:
        c = cols.get(label)
        return None if c is None else sheet.text(r, c)

    def indicator(r: int) -> Indicator:
        points: Decimal | None = None
        c = cols.get("分值")
        if c is not None and sheet.get(r, c) is not None:
            raw = sheet.text(r, c)
            try:
                points = parse_amount(raw)
            except MoneyError:
                raise ReadError(f"分值不是数字：“{raw}”", sheet.loc(r, c)) from None
        return Indicator(
            level1=text(r, "一级指标"), level2=text(r, "二级指标"), name=text(r, "三级指标"),
            description=text(r, "绩效指标描述"), target=text(r, "指标值"),
            basis=text(r, "指标值确定依据"), points=points,
        )  # fmt: skip

    overall: Overall | None = None
    subgoals: dict[str, Subgoal] = {}
    for r in range(header + 1, sheet.max_row + 1):
        part = _squash(sheet.get(r, cols["部分"]))
        if not part:
            continue
        if part not in _PARTS:
            raise ReadError(
                f"无法识别的部分“{part}”：应为{'、'.join(sorted(_PARTS))}", sheet.loc(r, 1)
            )
        number = text(r, "序号") or ""
        if part == "年度":
            year = text(r, "内容")
            if year is not None and not year.isdigit():
                raise ReadError(f"年度应为数字，实为“{year}”", sheet.loc(r, cols.get("内容", 1)))
            plan.year = None if year is None else int(year)
        elif part == "地区":
            plan.region = Region(text(r, "标题"), text(r, "内容"))
        elif part == "部门":
            plan.department = Department(text(r, "标题"), text(r, "内容"))
        elif part == "金额单位":
            plan.money_unit = text(r, "内容")
        else:
            if overall is None:
                overall = Overall()
            if part == "总体目标":
                overall.goal = text(r, "内容")
            elif part == "总体指标":
                overall.indicators.append(indicator(r))
            elif part == "分项目标":
                sg = Subgoal(text(r, "标题"), text(r, "内容"), text(r, "指标说明"))
                subgoals[number] = sg
                overall.subgoals.append(sg)
            elif part == "分项指标":
                if number not in subgoals:
                    raise ReadError(f"分项指标的序号 {number} 没有对应的分项目标", sheet.loc(r, 2))
                subgoals[number].indicators.append(indicator(r))
            else:  # 保障措施
                overall.measures.append(Measure(text(r, "标题"), text(r, "内容")))
    plan.overall = overall
