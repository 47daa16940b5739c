"""Operational feeds: the three samples the seed's indicators call for, and the rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.findings import ReadError
from jixiao.core.monitoring import MonitorSettings, Progress, compute_monitor
from jixiao.core.monitoring.feed_eval import evaluate_feed, feed_progress, read_feed, read_records
from jixiao.core.monitoring.feeds import parse_feed
from jixiao.core.monitoring.ledger import LedgerError
from jixiao.core.monitoring.settings import Limits
from tests.core.monitoring_support import MONITORING, sample_plan, small_plan

LIMITS = Limits()


def run(name: str, as_of: date):
    spec, table = read_feed(MONITORING / name, LIMITS)
    return spec, evaluate_feed(spec, table, as_of)


def test_network_days_counts_the_days_the_line_worked() -> None:
    # 1 January – 31 August 2024 is 244 days; the log has the 政法网 down on 12 March
    # and 21 July (视联网's outage on 3 May does not count for this line).
    spec, v = run("feed-network-days.yaml", date(2024, 8, 31))
    assert (v.value, v.text) == (Decimal(242), "242天")
    assert v.detail == "242天（有记录的 244 天中 242 天）；2024-01-01 至 2024-08-31"
    _, march = run("feed-network-days.yaml", date(2024, 3, 31))
    assert march.text == "90天"  # 91 days, one outage
    entry = feed_progress(spec, v, sample_plan())
    assert (entry.project, entry.index, entry.current, entry.source) == (
        "13052924P00584011841P", 2, "242天", "feed:政法网正常使用天数",
    )  # fmt: skip


def test_network_uptime_is_the_share_of_normal_records() -> None:
    spec, v = run("feed-network-uptime.yaml", date(2024, 8, 31))
    assert v.text == "99.18%"  # 242 / 244
    assert v.value == Decimal(242) * 100 / 244
    assert v.detail == "99.18%（242/244 条记录）；2024-01-01 至 2024-08-31"
    _, feb = run("feed-network-uptime.yaml", date(2024, 2, 29))
    assert feb.text == "100%"
    entry = feed_progress(spec, v, sample_plan())
    assert (entry.project, entry.index) == (None, 2)  # the department's 政法网畅通率


def test_jianyiyongwei_rates_show_the_lower_of_decision_and_commendation() -> None:
    # filed by 31 August: JY01–09 (9); decided by then: 8; confirmed: 7; commended: 6.
    spec, v = run("feed-jianyiyongwei.yaml", date(2024, 8, 31))
    assert v.text == "85.71%"
    assert (
        v.detail
        == "认定率 88.89%（8/9 条记录）；表彰率 85.71%（6/7 条记录）；2024-01-01 至 2024-08-31"
    )
    # by 30 April: JY01–04 filed and decided (04 不予确认); of 01–03, JY03 is commended
    # only on 6 May
    _, april = run("feed-jianyiyongwei.yaml", date(2024, 4, 30))
    assert april.detail.startswith("认定率 100%（4/4 条记录）；表彰率 66.67%（2/3 条记录）")
    assert april.text == "66.67%"
    # by 31 May: JY05 filed (15 May) and not yet decided
    _, may = run("feed-jianyiyongwei.yaml", date(2024, 5, 31))
    assert may.detail.startswith("认定率 80%（4/5 条记录）；表彰率 100%（3/3 条记录）")
    entry = feed_progress(spec, v, sample_plan())
    assert (entry.project, entry.index) == (None, 8)


def test_feeds_fill_current_values_in_the_monitoring_report() -> None:
    plan = sample_plan()
    progress = Progress()
    for name in ("feed-network-days.yaml", "feed-network-uptime.yaml", "feed-jianyiyongwei.yaml"):
        spec, v = run(name, date(2024, 8, 31))
        progress.merge_feed(feed_progress(spec, v, plan))
    report = compute_monitor(plan, date(2024, 8, 31), [], progress, MonitorSettings())
    days = report.projects[4].indicators[1]
    assert (days.name, days.target, days.current, days.source) == (
        "网络使用天数",
        "≥360天",
        "242天",
        "feed:政法网正常使用天数",
    )
    assert days.lamp is None  # 242 days by August says nothing yet about the year
    assert report.overall[1].current == "99.18%"
    assert report.overall[7].current == "85.71%"
    # a feed alone does not make every other indicator "missing"
    assert not [f for f in report.findings if f.rule == "monitor-progress-missing"]


def test_a_feed_value_replaces_current_and_keeps_the_units_words() -> None:
    plan = sample_plan()
    progress = Progress()
    from jixiao.core.monitoring.progress import IndicatorProgress

    progress.indicators[("13052924P00584011841P", 2)] = IndicatorProgress(
        "13052924P00584011841P", 2, "240天", "364天", "确定能"
    )
    spec, v = run("feed-network-days.yaml", date(2024, 8, 31))
    progress.merge_feed(feed_progress(spec, v, plan))
    entry = progress.indicators[("13052924P00584011841P", 2)]
    assert (entry.current, entry.projected, entry.likelihood) == ("242天", "364天", "确定能")


def spec(extra: str) -> str:
    return "format: jixiao.feed/1\nindicator: {project: A001, index: 1}\ndate: 日期\n" + extra


def evaluate(yaml_text: str, csv_text: str, as_of: date = date(2024, 6, 30)):
    from jixiao.core.monitoring.structured import load_structured

    s = parse_feed(load_structured(yaml_text, "f.yaml", as_yaml=True), "f.yaml")
    table = read_records(csv_text.encode(), "r.csv", s, LIMITS)
    return evaluate_feed(s, table, as_of)


RECORDS = (
    "日期,类别,人数,结果\n2024-01-05,培训,30,合格\n2024-02-10,培训,25,不合格\n"
    "2024-03-01,宣传,100,合格\n2024-07-01,培训,40,合格\n2024-06-30,培训,5,\n"
)


def test_count_sum_share_and_conditions() -> None:
    assert (
        evaluate(
            spec("measure: count\nfilter: [{column: 类别, equals: 培训}]\nunit: 次\n"), RECORDS
        ).text
        == "3次"
    )
    assert (
        evaluate(spec("measure: sum\ncolumn: 人数\nunit: 人次\nplaces: 0\n"), RECORDS).text
        == "160人次"
    )
    assert (
        evaluate(
            spec("measure: sum\ncolumn: 人数\nwhere: [{column: 人数, ge: 30}]\nunit: 人\n"), RECORDS
        ).text
        == "130人"
    )
    share = evaluate(
        spec(
            "measure: share\nfilter: [{column: 类别, in: [培训]}]\nwhere: [{column: 结果, equals: 合格}]\n"
        ),
        RECORDS,
    )
    assert (share.text, share.detail.split("；")[0]) == ("33.33%", "33.33%（1/3 条记录）")
    empty = evaluate(spec("measure: count\nwhere: [{column: 结果, empty: true}]\n"), RECORDS)
    assert empty.text == "1"
    nothing = evaluate(
        spec("measure: share\nwhere: [{column: 结果, equals: 合格}]\n"), RECORDS, date(2024, 1, 1)
    )
    assert (nothing.value, nothing.text) == (None, None)


def test_records_with_bad_dates_or_numbers_are_errors_naming_the_row() -> None:
    bad = "日期,人数\n2024-01-05,3\n,4\n2024-13-01,5\n2024-02-01,很多\n"
    with pytest.raises(LedgerError) as exc:
        evaluate(spec("measure: sum\ncolumn: 人数\n"), bad)
    assert [str(e) for e in exc.value.errors] == [
        "r.csv 第3行 A（日期）列：缺少日期",
        "r.csv 第4行 A（日期）列：日期不存在：“2024-13-01”",
        "r.csv 第5行 B（人数）列：不是数字：“很多”",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("format: x\n", "jixiao.feed/1"),
        (spec("measure: average\n"), "字段 measure：应为 count、sum、share、days 之一"),
        (spec("measure: sum\n"), "字段 column：sum 须指定求和的列"),
        (spec("measure: share\n"), "字段 where：share 须指定条件 where"),
        (spec("measure: count\nwhere: [{column: a, like: b}]\n"), "应有且只有一个比较"),
        (spec("measure: count\nwhere: [{column: a, ge: many}]\n"), "应为数字"),
        (spec("measures: [{measure: count}, {measure: count}]\n"), "多个计量须指定 combine"),
        (
            "format: jixiao.feed/1\nindicator: {project: A001}\ndate: 日期\nmeasure: count\n",
            "须有 index",
        ),
    ],
)
def test_bad_feed_definitions_say_which_key(text: str, message: str) -> None:
    from jixiao.core.monitoring.structured import load_structured

    with pytest.raises(ReadError, match=message):
        parse_feed(load_structured(text, "f.yaml", as_yaml=True), "f.yaml")


def test_a_feed_naming_an_indicator_the_plan_lacks(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text("日期\n2024-01-01\n", encoding="utf-8")
    (tmp_path / "f.yaml").write_text(
        "format: jixiao.feed/1\nindicator: {project: A001, index: 7}\nrecords: r.csv\ndate: 日期\nmeasure: count\n",
        encoding="utf-8",
    )
    s, table = read_feed(tmp_path / "f.yaml", LIMITS)
    with pytest.raises(ReadError, match="项目 A001没有第7项指标"):
        feed_progress(s, evaluate_feed(s, table, date(2024, 6, 30)), small_plan())
    (tmp_path / "g.yaml").write_text(
        "format: jixiao.feed/1\nindicator: {project: A001, index: 1}\nrecords: none.csv\ndate: 日期\nmeasure: count\n",
        encoding="utf-8",
    )
    with pytest.raises(ReadError, match="无法读取记录文件"):
        read_feed(tmp_path / "g.yaml", LIMITS)
    (tmp_path / "h.yaml").write_text(
        "format: jixiao.feed/1\nindicator: {project: A001, index: 1}\nrecords: r.csv\ndate: 日期\n"
        "measure: count\nwhere: [{column: 状态, equals: 正常}]\n",
        encoding="utf-8",
    )
    with pytest.raises(ReadError, match="未找到记录文件（feed）的表头"):
        read_feed(tmp_path / "h.yaml", LIMITS)
