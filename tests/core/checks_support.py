"""Small builders for checker tests: a plan from rows written as tuples, findings by rule."""

from __future__ import annotations

from typing import Any

from jixiao.core.checks import check_plan
from jixiao.core.config import CheckConfig
from jixiao.core.findings import Finding
from jixiao.core.model import Plan

Row = tuple[str, str, str, str, str]  # level1, level2, name, description, target

SOUND: list[Row] = [
    ("产出指标", "数量指标", "租用线路", "租用移动公司数据传输线路", "291条"),
    ("产出指标", "质量指标", "维护质量", "设备维护质量优良占比", "≥95%"),
    ("产出指标", "时效指标", "支出时间", "资金支出完成时间", "2024年12月底前"),
    ("产出指标", "成本指标", "项目成本", "租赁费维护所需成本", "≤96万元"),
    ("效益指标", "社会效益指标", "网络覆盖村数", "视联网覆盖行政村个数", "≥291个"),
    ("满意度指标", "服务对象满意度指标", "满意度", "服务对象满意度", "≥90%"),
]


def plan_of(
    rows: list[Row] | None = None,
    *,
    budget: tuple[str | None, str | None, str | None] = ("96.00", "96.00", None),
    spending: list[tuple[int, str]] | None = None,
    overall: dict[str, Any] | None = None,
    money_unit: str = "万元",
) -> Plan:
    """One project (code P1) with ``rows``; defaults to a sound table and a plain overall
    goal (the 部门整体绩效目标 is required: rule missing-overall)."""
    if overall is None:
        overall = {"goal": "保障部门依法履职，完成年度工作任务"}
    rows = SOUND if rows is None else rows
    total, fiscal, other = budget
    return Plan.from_dict(
        {
            "format": "jixiao.plan/1",
            "year": 2024,
            "money_unit": money_unit,
            "overall": overall,
            "projects": [
                {
                    "code": "P1",
                    "name": "测试项目",
                    "budget": {"total": total, "fiscal": fiscal, "other": other},
                    "spending_plan": [
                        {"month": mo, "percent": pc}
                        for mo, pc in (spending or [(3, "25"), (6, "50"), (10, "75"), (12, "100")])
                    ],
                    "goals": [],
                    "indicators": [
                        {"level1": a, "level2": b, "name": c, "description": d, "target": e}
                        for a, b, c, d, e in rows
                    ],
                }
            ],
        }
    )


def with_row(row: Row) -> Plan:
    """The sound table plus ``row`` appended (position 7)."""
    return plan_of([*SOUND, row])


def found(plan: Plan, rule: str, config: CheckConfig | None = None) -> list[Finding]:
    return [f for f in check_plan(plan, config) if f.rule == rule]


def at(plan: Plan, rule: str, config: CheckConfig | None = None) -> list[tuple[int | None, str]]:
    """(indicator, severity) of each finding of ``rule``."""
    return [(f.indicator, f.severity) for f in found(plan, rule, config)]


def serious(plan: Plan, config: CheckConfig | None = None) -> list[Finding]:
    return [f for f in check_plan(plan, config) if f.severity in ("error", "warning")]
