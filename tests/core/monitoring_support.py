"""Shared inputs of the monitoring tests: the sample plan and small hand-made plans."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

from jixiao.core.model import Budget, Department, Indicator, Plan, Project, SpendingPoint
from jixiao.core.readers import read_document

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
SAMPLE_PLAN = SAMPLES / "julu-2024-zhengfawei.txt"
MONITORING = SAMPLES / "monitoring"
SAMPLE_LEDGER = MONITORING / "julu-2024-ledger.csv"
SAMPLE_PROGRESS = MONITORING / "julu-2024-progress.csv"

HEADER = "支付日期,支付凭证号,项目编码,支付金额（元）\n"


@cache
def _sample_plan_json() -> dict[str, object]:
    doc = read_document(SAMPLE_PLAN).document
    assert isinstance(doc, Plan)
    return doc.to_dict()


def sample_plan() -> Plan:
    """A fresh copy of the sample plan (巨鹿县政法委本级 2024, 8 projects)."""
    return Plan.from_dict(_sample_plan_json())


def small_plan(*, year: int | None = 2024, money_unit: str = "万元") -> Plan:
    """Three projects: A (100万元, plan 25/50/75/100), B (no spending plan), and one
    without a code, known by its name."""
    plan_points = [SpendingPoint(m, Decimal(p)) for m, p in ((3, 25), (6, 50), (10, 75), (12, 100))]
    return Plan(
        year=year,
        department=Department("900001", "测试局"),
        money_unit=money_unit,
        projects=[
            Project(
                code="A001",
                name="甲项目",
                budget=Budget(Decimal(100)),
                spending_plan=plan_points,
                indicators=[
                    Indicator("产出指标", "数量指标", "培训人次", target="≥360人次"),
                    Indicator("效益指标", "社会效益指标", "覆盖率", target="≥95%"),
                    Indicator("满意度指标", "服务对象满意度指标", "满意度", target="≥90%"),
                ],
            ),
            Project(
                code="B002",
                name="乙项目",
                budget=Budget(Decimal(12)),
                indicators=[Indicator("产出指标", "质量指标", "合格率", target="=100%")],
            ),
            Project(code=None, name="丙项目", budget=Budget(Decimal(6)), spending_plan=plan_points),
        ],
    )
