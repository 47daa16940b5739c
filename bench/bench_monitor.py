"""Monitoring speed (运行监控): a county's computation and a large ledger's import.

- *county*: 300 units × 10 projects (8 indicators each, budgets 1–500万元, the seed's
  spending plan 25/50/75/100 at months 3/6/10/12), 200,000 payments spread over the
  year with 2 % reversals, and a progress entry for every indicator (a third not
  确定能, half of those without words, so findings are made). Timed: grouping the
  county's payments by unit and ``compute_monitor`` for all 300 plans at 31 August;
  the second line also builds each report's ``jixiao.monitor/1`` (``to_dict``).
- *ledger*: ``read_ledger`` on a 100,000-row ledger (7 columns as the 一体化 system
  exports them), as CSV (UTF-8 with BOM) and as .xlsx; the files are built first and not
  timed.

CPU time of this process (the machine is shared; wall time would measure the other
jobs), best of several rounds.
"""

from __future__ import annotations

import csv
import io
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from jixiao.core.model import Budget, Department, Indicator, Plan, Project, SpendingPoint
from jixiao.core.monitoring import (
    IndicatorProgress,
    MonitorSettings,
    Payment,
    Progress,
    compute_monitor,
    read_ledger,
)

UNITS = 300
PROJECTS = 10
INDICATORS = 8
PAYMENTS = 200_000
LEDGER_ROWS = 100_000
AS_OF = date(2024, 8, 31)
SPENDING = ((3, 25), (6, 50), (10, 75), (12, 100))
TARGETS = ("≥360天", "≥95%", "=100%", "≥200册", "≤4万元", "2024年12月底前", "逐步提高", "≥90%")
LIKELIHOOD = ("确定能", "确定能", "有可能", "确定能", "不可能", "确定能")


def _plan(unit: int, rng: random.Random) -> Plan:
    return Plan(
        year=2024,
        department=Department(f"{288000 + unit}", f"测试单位{unit}"),
        projects=[
            Project(
                code=f"130529{unit:04d}P{j:06d}",
                name=f"单位{unit}项目{j}",
                budget=Budget(Decimal(rng.randint(100, 50_000)) / 100),
                spending_plan=[SpendingPoint(m, Decimal(p)) for m, p in SPENDING],
                indicators=[
                    Indicator("产出指标", "数量指标", f"指标{k}", target=TARGETS[k])
                    for k in range(INDICATORS)
                ],
            )
            for j in range(PROJECTS)
        ],
    )


def _progress(plan: Plan, rng: random.Random) -> Progress:
    p = Progress()
    for project in plan.projects:
        assert project.code is not None
        for k in range(1, INDICATORS + 1):
            likelihood = rng.choice(LIKELIHOOD)
            words = likelihood == "确定能" or rng.random() < 0.5
            p.indicators[(project.code, k)] = IndicatorProgress(
                project.code,
                k,
                current="80%",
                projected=rng.choice(("96%", "364天", "达成年度指标", "90%")),
                likelihood=likelihood,
                deviation_reason="经费保障：资金下达晚" if words else None,
                corrective_measure="9月底前完成" if words else None,
            )
    return p


def _county() -> tuple[list[Plan], list[Progress], list[Payment]]:
    rng = random.Random(2024)
    plans = [_plan(u, rng) for u in range(UNITS)]
    progress = [_progress(p, rng) for p in plans]
    codes = [pr.code for p in plans for pr in p.projects if pr.code]
    start = date(2024, 1, 1)
    payments = []
    for i in range(PAYMENTS):
        amount = Decimal(rng.randint(100, 2_000_000)) / 100
        if i % 50 == 0:
            amount = -amount
        payments.append(
            Payment(rng.choice(codes), start + timedelta(days=rng.randrange(366)), amount, f"V{i}")
        )
    return plans, progress, payments


def _best(fn: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


def bench_county(rounds: int = 5) -> None:
    plans, progress, payments = _county()
    unit_of = {pr.code: u for u, p in enumerate(plans) for pr in p.projects}
    settings = MonitorSettings()
    found = [0]

    def run(as_json: bool) -> None:
        by_unit: list[list[Payment]] = [[] for _ in plans]
        for pay in payments:
            by_unit[unit_of[pay.project]].append(pay)
        n = 0
        for plan, pays, prog in zip(plans, by_unit, progress, strict=True):
            report = compute_monitor(plan, AS_OF, pays, prog, settings)
            n += len(report.findings)
            if as_json:
                report.to_dict()
        found[0] = n

    for as_json, label in ((False, "compute"), (True, "compute + JSON")):
        seconds = _best(lambda as_json=as_json: run(as_json), rounds)  # type: ignore[misc]
        print(
            f"bench_monitor [county, {label}]: {seconds:.2f} s CPU for {UNITS} units × {PROJECTS} "
            f"projects × {INDICATORS} indicators, {PAYMENTS:,} payments "
            f"({found[0]:,} findings; best of {rounds}; target < 2 s)"
        )


def _ledger_rows(plan: Plan) -> list[list[object]]:
    rng = random.Random(7)
    codes = [p.code for p in plan.projects]
    rows: list[list[object]] = []
    start = date(2024, 1, 1)
    for i in range(LEDGER_ROWS):
        day = start + timedelta(days=rng.randrange(366))
        amount = Decimal(rng.randint(100, 5_000_000)) / 100
        rows.append(
            [day.isoformat(), f"ZF2024-{i:06d}", rng.choice(codes), f"项目{i % 10}",
             "巨鹿县某某有限公司", "办公用品采购", f"{amount}"]
        )  # fmt: skip
    return rows


HEADER = ["支付日期", "支付凭证号", "项目编码", "项目名称", "收款单位", "摘要", "支付金额（元）"]


def bench_ledger(rounds: int = 3) -> None:
    plan = _plan(0, random.Random(1))
    rows = _ledger_rows(plan)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    w.writerows(rows)
    data_csv = buf.getvalue().encode("utf-8-sig")

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("支付明细")
    ws.append(HEADER)
    for r in rows:
        ws.append([date.fromisoformat(str(r[0])), *r[1:6], float(str(r[6]))])
    out = io.BytesIO()
    wb.save(out)
    data_xlsx = out.getvalue()

    for name, data in (("ledger.csv", data_csv), ("ledger.xlsx", data_xlsx)):
        seconds = _best(lambda data=data, name=name: read_ledger(data, name, plan), rounds)  # type: ignore[misc]
        print(
            f"bench_monitor [ledger {name.split('.')[1]}]: {seconds:.2f} s CPU to read "
            f"{LEDGER_ROWS:,} rows ({len(data) / 1024 / 1024:.1f} MB; best of {rounds}; target < 10 s)"
        )


def main() -> None:
    bench_county()
    bench_ledger()


if __name__ == "__main__":
    main()
