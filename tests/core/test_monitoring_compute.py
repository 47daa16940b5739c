"""The monitoring computation (M6–M12) and the ``jixiao.monitor/1`` it writes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.findings import Finding
from jixiao.core.monitoring import (
    BudgetProgress,
    IndicatorProgress,
    MonitorError,
    MonitorSettings,
    Payment,
    Progress,
    compute_monitor,
    read_ledger,
)
from jixiao.core.monitoring.report import MONITOR_FORMAT
from tests.core.monitoring_support import SAMPLE_LEDGER, sample_plan, small_plan

AUG = date(2024, 8, 31)


def sample_report(as_of: date = AUG, progress: Progress | None = None, **kw):
    plan = sample_plan()
    ledger = read_ledger(SAMPLE_LEDGER.read_bytes(), SAMPLE_LEDGER.name, plan)
    return compute_monitor(plan, as_of, ledger.payments, progress, MonitorSettings(**kw))


def pay(project: str, day: date, yuan: int | str) -> Payment:
    return Payment(project, day, Decimal(yuan))


def others_paid() -> list[Payment]:
    """B002 and 丙项目 fully paid in January: green, so only A001 is in question."""
    return [pay("B002", date(2024, 1, 15), 120_000), pay("丙项目", date(2024, 1, 15), 60_000)]


def rules(findings: list[Finding]) -> list[tuple[str, str, str | None, int | None]]:
    return [(f.rule, f.severity, f.project, f.indicator) for f in findings]


def test_sample_plan_and_ledger_at_the_end_of_august_figures_by_hand() -> None:
    data = sample_report().to_dict()
    assert data["format"] == MONITOR_FORMAT
    assert (data["as_of"], data["month"], data["money_unit"]) == ("2024-08-31", 8, "万元")
    assert data["department"] == {"code": "288001", "name": "巨鹿县政法委本级"}
    assert data["settings"]["lamp_base"] == "time"
    assert (data["settings"]["red_below"], data["settings"]["yellow_below"]) == ("60", "80")
    keys = (
        "budget",
        "executed",
        "execution_rate",
        "time_progress",
        "planned",
        "plan_gap",
        "ratio",
        "lamp",
        "forecast",
        "key",
    )
    got = {p["code"]: tuple(p[k] for k in keys) for p in data["projects"]}
    # Payments dated on or before 31 August (元 → 万元), the plan line at month 8
    # (25/50/75/100 at months 3/6/10/12 → 62.5 %; 县法学会 25/50/70/100 → 60 %), the
    # ratio against 8/12, and the forecast executed ÷ line(8), within [executed, budget].
    assert got == {
        # 180000 + 60000 + 180000 + 45000 + 135000 (the duplicate export counted once)
        "13052924P005840118481": ("96.00", "60.00", "0.6250", "0.6667", "0.6250", "0.0000", "93.75", "green", "96.00", False),
        # 12000 + 8500; 0.5125 ÷ 2/3 = 76.875
        "13052924P00584011834N": ("4.00", "2.05", "0.5125", "0.6667", "0.6250", "-0.1125", "76.88", "yellow", "3.28", False),
        # 6000 + 4000 − 4000 (reversal) + 3600
        "13052924P00584011837H": ("4.00", "0.96", "0.2400", "0.6667", "0.6250", "-0.3850", "36.00", "red", "1.54", False),
        "13052924P005840118333": ("1.00", "0.60", "0.6000", "0.6667", "0.6000", "0.0000", "90.00", "green", "1.00", False),
        # 24000 + 24000; ahead of plan, the forecast is capped at the budget
        "13052924P00584011841P": ("6.00", "4.80", "0.8000", "0.6667", "0.6250", "0.1750", "120.00", "green", "6.00", False),
        # 5200 + 9800 + 12000 = 27000 of 52400
        "13052924P00584011827M": ("5.24", "2.70", "0.5153", "0.6667", "0.6250", "-0.1097", "77.29", "yellow", "4.32", False),
        # 50000 + 70000 + 40000 = 160000 of 300000: a ratio of exactly 80 is green
        "13052924P00584011835A": ("30.00", "16.00", "0.5333", "0.6667", "0.6250", "-0.0917", "80.00", "green", "25.60", False),
        # nothing paid before September
        "13052924P00584011844J": ("2.00", "0.00", "0.0000", "0.6667", "0.6250", "-0.6250", "0.00", "red", "0.00", False),
    }  # fmt: skip
    first = data["projects"][0]
    assert first["executed_by_month"] == [
        "0.00",
        "0.00",
        "18.00",
        "18.00",
        "24.00",
        "42.00",
        "46.50",
        "60.00",
    ]
    assert first["forecast_method"] == "plan"
    assert first["indicators"][0] == {
        "index": 1, "target": "291条", "current": None, "likelihood": None, "deviation_reason": None,
        "corrective_measure": None, "lamp": None, "name": "租用线路", "level1": "产出指标",
        "level2": "数量指标", "projected": None, "deviation_category": None, "meets": None,
        "source": None, "detail": None,
    }  # fmt: skip
    total = data["total"]
    # 87.11 of 148.24; the plan line weighted by budget: (147.24 × 0.625 + 1 × 0.6) ÷ 148.24
    assert (total["budget"], total["executed"], total["execution_rate"], total["lamp"]) == (
        "148.24",
        "87.11",
        "0.5876",
        "green",
    )
    assert (total["planned"], total["ratio"], total["forecast"]) == ("0.6248", "88.14", "137.74")
    assert total["lamps"] == {"red": 2, "yellow": 2, "green": 4}
    # without progress, each red or yellow budget line lacks its reason and measure (M11)
    assert rules([Finding(**{k: f[k] for k in ("rule", "severity", "project", "indicator", "message")}) for f in data["findings"]]) == [
        (rule, "error", code, None)
        for code in ("13052924P00584011834N", "13052924P00584011837H", "13052924P00584011827M", "13052924P00584011844J")
        for rule in ("monitor-reason-missing", "monitor-measure-missing")
    ]  # fmt: skip
    assert data["projects"][2]["findings"][0]["message"] == "预算执行为红灯，未填写偏差原因"
    assert [i["name"] for i in data["overall"]["indicators"]][:3] == [
        "群众对社会治安状况满意度",
        "政法网畅通率",
        "网络正常使用",
    ]


def test_at_the_end_of_the_year_the_forecast_is_what_was_spent() -> None:
    report = sample_report(date(2024, 12, 31))
    first = report.projects[0]
    assert (first.executed, first.forecast) == (Decimal("88.5"), Decimal("88.50"))
    assert report.month == 12
    assert report.total.executed == Decimal("132.71")


def test_m9_worked_case_through_the_computation() -> None:
    plan = small_plan()
    payments = [pay("A001", date(2024, 10, 20), 600_000)]  # 60 of 100万元, plan 75 % at N=10
    time_based = compute_monitor(plan, date(2024, 10, 31), payments).projects[0]
    assert (time_based.ratio, time_based.lamp, time_based.lamp_base) == (
        Fraction(72),
        "yellow",
        "time",
    )
    plan_based = compute_monitor(
        plan, date(2024, 10, 31), payments, settings=MonitorSettings(lamp_base="plan")
    ).projects[0]
    assert (plan_based.ratio, plan_based.lamp, plan_based.lamp_base) == (
        Fraction(80),
        "green",
        "plan",
    )


def test_exactly_60_is_yellow_through_the_computation() -> None:
    report = compute_monitor(
        small_plan(), date(2024, 10, 31), [pay("A001", date(2024, 10, 1), 500_000)]
    )
    a = report.projects[0]
    assert a.ratio == 60
    assert a.lamp == "yellow"
    assert a.to_dict()["ratio"] == "60.00"


def test_plan_base_without_a_spending_plan_falls_back_to_time() -> None:
    report = compute_monitor(
        small_plan(), date(2024, 6, 30), [pay("B002", date(2024, 6, 1), 60_000)],
        settings=MonitorSettings(lamp_base="plan"),
    )  # fmt: skip
    b = report.projects[1]
    assert (b.planned, b.lamp_base, b.ratio, b.lamp, b.forecast_method) == (
        None,
        "time",
        Fraction(100),
        "green",
        "time",
    )
    assert b.forecast == Decimal("12.00")


def test_key_monitoring_rule() -> None:
    plan = small_plan()
    payments = [pay("A001", date(2024, 3, 1), 500_000)]  # 50 % of 100万元
    default = compute_monitor(plan, AUG, payments)
    assert not default.projects[0].key  # below the default 200万元
    s = MonitorSettings(key_min_budget=Decimal(100))
    assert compute_monitor(plan, AUG, payments, settings=s).projects[0].key
    assert (
        not compute_monitor(plan, date(2024, 7, 31), payments, settings=s).projects[0].key
    )  # before August
    assert (
        not compute_monitor(
            plan, AUG, [*payments, pay("A001", date(2024, 8, 1), 100_000)], settings=s
        )
        .projects[0]
        .key
    )
    assert compute_monitor(plan, AUG, payments, settings=s).total.key == 1


def test_key_budget_is_in_wanyuan_whatever_the_plan_unit() -> None:
    plan = small_plan(money_unit="元")
    plan.projects[0].budget.total = Decimal(3_000_000)  # 300万元
    report = compute_monitor(plan, AUG, [pay("A001", date(2024, 3, 1), 100_000)])
    assert report.projects[0].key
    assert report.to_dict()["projects"][0]["budget"] == "3000000.00"


def test_as_of_outside_the_plan_year_is_refused() -> None:
    with pytest.raises(MonitorError, match="不在预算年度 2024 年内"):
        compute_monitor(small_plan(), date(2025, 1, 31), [])


def test_payments_after_as_of_or_of_other_projects_do_not_count() -> None:
    report = compute_monitor(
        small_plan(), date(2024, 6, 30),
        [pay("A001", date(2024, 6, 30), 100), pay("A001", date(2024, 7, 1), 999), pay("ZZZ", date(2024, 1, 1), 5)],
    )  # fmt: skip
    assert report.projects[0].executed == Decimal("0.01")


def m4_progress() -> Progress:
    p = Progress()
    p.indicators[("A001", 1)] = IndicatorProgress("A001", 1, "200人次", "360人次", "确定能")
    p.indicators[("A001", 2)] = IndicatorProgress("A001", 2, "80%", "95%", "有可能")
    p.indicators[("A001", 3)] = IndicatorProgress(
        "A001",
        3,
        None,
        "85%",
        "不可能",
        deviation_reason="经费保障：培训经费下达晚",
        corrective_measure="9月补办",
    )
    return p


def test_m4_likelihood_not_certain_needs_reason_and_measure() -> None:
    report = compute_monitor(
        small_plan(), AUG, [pay("A001", date(2024, 8, 1), 700_000)], m4_progress()
    )
    a = report.projects[0]
    assert rules(a.findings) == [
        ("monitor-reason-missing", "error", "A001", 2),
        ("monitor-measure-missing", "error", "A001", 2),
    ]
    assert a.findings[0].message == "第2项指标“覆盖率”完成目标可能性为“有可能”，未填写偏差原因"
    assert [i.lamp for i in a.indicators] == ["green", "yellow", "red"]
    assert a.indicators[2].deviation_category == "经费保障"
    assert report.has_errors


def test_m11_red_and_yellow_budget_lamps_need_words_and_the_lamps_are_configurable() -> None:
    payments = [pay("A001", date(2024, 8, 1), 300_000)]  # 30 % at 8/12: ratio 45, red
    report = compute_monitor(small_plan(), AUG, payments, m4_progress())
    assert ("monitor-reason-missing", "error", "A001", None) in rules(report.projects[0].findings)
    progress = m4_progress()
    progress.budget["A001"] = BudgetProgress(
        "A001", deviation_reason="制度保障：采购流程长", corrective_measure="9月完成采购"
    )
    fixed = compute_monitor(small_plan(), AUG, payments, progress)
    assert [r for r in rules(fixed.projects[0].findings) if r[3] is None] == []
    assert fixed.projects[0].deviation_category == "制度保障"
    # a yellow lamp (ratio 75) needs words by default, not when only red does
    yellow = [pay("A001", date(2024, 8, 1), 500_000)]
    a_yellow = compute_monitor(small_plan(), AUG, yellow, m4_progress()).projects[0]
    assert a_yellow.lamp == "yellow"
    assert ("monitor-measure-missing", "error", "A001", None) in rules(a_yellow.findings)
    only_red = MonitorSettings(budget_words_lamps=("red",))
    a_quiet = compute_monitor(small_plan(), AUG, yellow, m4_progress(), only_red).projects[0]
    assert [r for r in rules(a_quiet.findings) if r[3] is None] == []


def test_deviation_categories() -> None:
    p = Progress()
    p.indicators[("A001", 1)] = IndicatorProgress("A001", 1, likelihood="有可能", deviation_category="天气原因",
                                                  deviation_reason="雨季", corrective_measure="补课")  # fmt: skip
    p.indicators[("A001", 2)] = IndicatorProgress("A001", 2, likelihood="有可能", deviation_reason="培训场地紧张",
                                                  corrective_measure="借用学校礼堂")  # fmt: skip
    p.indicators[("A001", 3)] = IndicatorProgress("A001", 3, likelihood="有可能", deviation_category="人员保障",
                                                  deviation_reason="讲师调离", corrective_measure="外聘讲师")  # fmt: skip
    report = compute_monitor(
        small_plan(), AUG, [pay("A001", date(2024, 8, 1), 800_000), *others_paid()], p
    )
    assert rules(report.projects[0].findings) == [
        ("monitor-reason-category", "error", "A001", 1),
        ("monitor-reason-category", "warning", "A001", 2),
    ]
    assert "“天气原因”不在可选类别中" in report.findings[0].message
    local = MonitorSettings(
        deviation_categories=("规划和目标设计", "投入保障", "制度保障", "项目管理", "天气原因")
    )
    again = compute_monitor(
        small_plan(), AUG, [pay("A001", date(2024, 8, 1), 800_000), *others_paid()], p, local
    )
    assert [r[3] for r in rules(again.projects[0].findings)] == [2, 3]  # 人员保障 is not local


def test_likelihood_missing_inconsistent_and_progress_missing() -> None:
    p = Progress()
    p.indicators[("A001", 1)] = IndicatorProgress("A001", 1, "200人次", "300人次", "确定能")
    p.indicators[("A001", 2)] = IndicatorProgress(
        "A001", 2, "96%", "98%", "不可能", deviation_reason="其他：x", corrective_measure="y"
    )
    p.indicators[("A001", 3)] = IndicatorProgress("A001", 3, "91%")
    report = compute_monitor(
        small_plan(), AUG, [pay("A001", date(2024, 8, 1), 800_000), *others_paid()], p
    )
    assert rules(report.findings) == [
        ("monitor-likelihood-inconsistent", "warning", "A001", 1),
        ("monitor-likelihood-inconsistent", "warning", "A001", 2),
        ("monitor-likelihood-missing", "warning", "A001", 3),
        ("monitor-progress-missing", "warning", "B002", None),
    ]
    assert (
        report.findings[0].message
        == "第1项指标“培训人次”全年预计完成值“300人次”达不到年度指标“≥360人次”，完成目标可能性却为“确定能”"
    )
    assert not report.has_errors


def test_budget_line_checks_adjusted_budget_and_unit_forecast() -> None:
    plan = small_plan()
    plan.projects[2].budget.total = None
    p = Progress()
    p.budget["A001"] = BudgetProgress(
        "A001", projected_executed=Decimal(130), adjusted_budget=Decimal(120)
    )
    p.budget["B002"] = BudgetProgress("B002", projected_executed=Decimal(1))
    payments = [pay("A001", date(2024, 8, 1), 1_000_000), pay("B002", date(2024, 2, 1), 130_000)]
    report = compute_monitor(plan, AUG, payments, p)
    a, _, c = report.projects
    assert (a.initial_budget, a.budget, a.forecast, a.forecast_method) == (
        Decimal(100),
        Decimal(120),
        Decimal(130),
        "unit",
    )
    assert a.to_dict()["execution_rate"] == "0.8333"
    assert rules(report.findings) == [
        ("monitor-forecast", "warning", "A001", None),
        ("monitor-over-budget", "warning", "B002", None),
        ("monitor-forecast", "warning", "B002", None),
        ("monitor-no-budget", "warning", "丙项目", None),
    ]
    assert (c.execution_rate, c.lamp, c.ratio, c.forecast) == (None, None, None, None)
    assert report.findings[1].message == "执行数 13.00 万元 超过预算数 12.00 万元"


def test_department_promises_are_monitored_by_their_flat_index() -> None:
    plan = sample_plan()
    p = Progress()
    p.indicators[(None, 8)] = IndicatorProgress(None, 8, "85.71%", "100%", "有可能")
    report = compute_monitor(plan, AUG, [], p)
    jyyw = report.overall[7]
    assert (jyyw.name, jyyw.target, jyyw.section, jyyw.position, jyyw.lamp) == (
        "见义勇为认定准确率和表彰率", "=100%", "subgoals[2]", 1, "yellow",
    )  # fmt: skip
    dept = [f for f in report.findings if f.project is None]
    assert rules(dept)[:2] == [
        ("monitor-reason-missing", "error", None, 8),
        ("monitor-measure-missing", "error", None, 8),
    ]
    assert rules(dept)[2] == ("monitor-progress-missing", "warning", None, None)


def test_the_report_keeps_the_settings_it_ran_with() -> None:
    s = replace(MonitorSettings(), red_below=Decimal(50), lamp_base="plan")
    data = compute_monitor(small_plan(), AUG, [], settings=s).to_dict()
    assert data["settings"] == {"lamp_base": "plan", "red_below": "50", "yellow_below": "80",
                                "key": {"min_budget": "200", "below": "60", "from_month": 8}}  # fmt: skip


payment_lists = st.lists(
    st.tuples(
        st.sampled_from(["A001", "B002", "丙项目"]),
        st.dates(date(2024, 1, 1), date(2024, 12, 31)),
        st.integers(-50_000, 500_000),
    ),
    max_size=40,
)


@settings(max_examples=80, deadline=None)
@given(payment_lists, st.dates(date(2024, 1, 1), date(2024, 12, 30)), st.integers(1, 200))
def test_execution_is_additive_over_time_and_monotone_without_reversals(
    rows: list[tuple[str, date, int]], a: date, days: int
) -> None:
    b = min(a + timedelta(days=days), date(2024, 12, 31))
    payments = [pay(k, d, amount) for k, d, amount in rows]
    ra = compute_monitor(small_plan(), a, payments)
    rb = compute_monitor(small_plan(), b, payments)
    for i, project in enumerate(("A001", "B002", "丙项目")):
        between = sum((Decimal(x) for k, d, x in rows if k == project and a < d <= b), Decimal(0))
        assert rb.projects[i].executed == ra.projects[i].executed + between / 10000
    positive = [pay(k, d, abs(x)) for k, d, x in rows]
    pa = compute_monitor(small_plan(), a, positive)
    pb = compute_monitor(small_plan(), b, positive)
    for x, y in zip(pa.projects, pb.projects, strict=True):
        assert x.executed <= y.executed
        assert x.executed_by_month == sorted(x.executed_by_month)
