"""Reading indicator progress: the table (CSV, .xlsx) and jixiao.progress/1 (JSON, YAML)."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from openpyxl import Workbook

from jixiao.core.findings import ReadError
from jixiao.core.monitoring.ledger import LedgerError
from jixiao.core.monitoring.progress import BudgetProgress, IndicatorProgress
from jixiao.core.monitoring.progress_io import read_progress
from tests.core.monitoring_support import SAMPLE_PROGRESS, sample_plan, small_plan

HEAD = "项目编码,序号,三级指标,1~8月实际完成值,全年预计完成值,完成目标可能性,偏差原因,纠偏措施,全年预计执行数（万元）\n"


def read_csv(text: str, plan=None):
    return read_progress(text.encode("utf-8"), "progress.csv", plan or small_plan())


def test_the_sample_progress_file() -> None:
    progress = read_progress(SAMPLE_PROGRESS.read_bytes(), SAMPLE_PROGRESS.name, sample_plan())
    assert len(progress.indicators) == 56 + 8
    entry = progress.indicators[("13052924P00584011834N", 5)]
    assert (entry.current, entry.projected, entry.likelihood) == ("51.25%", "96%", "有可能")
    assert entry.deviation_reason == "经费保障：部分宣传品待第四季度集中印制"
    assert str(entry.location) == "julu-2024-progress.csv 第15行"
    assert set(progress.budget) == {
        "13052924P005840118481", "13052924P00584011834N", "13052924P00584011837H",
        "13052924P00584011827M", "13052924P00584011844J",
    }  # fmt: skip
    assert progress.budget["13052924P00584011837H"].projected_executed == Decimal("3.80")
    assert progress.indicators[(None, 8)].likelihood == "有可能"


def test_table_rows_indicators_budget_and_department() -> None:
    progress = read_csv(
        HEAD
        + "A001,1,培训人次,200人次,360人次,确定能,,,\n"
        + "A001,2,,80%,95%,完全不可能,投入保障：经费未到位,申请追加,\n"  # alias of 不可能
        + "丙项目,预算,,,,,其他：招标延期,9月完成招标,5.5\n"
        + "B002,1.0,合格率,100%,100%,确定能,,,\n"
    )
    assert progress.indicators[("A001", 1)] == IndicatorProgress(
        "A001",
        1,
        "200人次",
        "360人次",
        "确定能",
        location=progress.indicators[("A001", 1)].location,
    )
    assert progress.indicators[("A001", 2)].likelihood == "不可能"
    assert progress.indicators[("B002", 1)].current == "100%"
    budget = progress.budget["丙项目"]
    assert (budget.projected_executed, budget.deviation_reason) == (
        Decimal("5.5"),
        "其他：招标延期",
    )


def test_money_unit_of_the_column_is_converted_to_the_plans() -> None:
    text = "项目编码,序号,全年预计执行数（元）,调整后预算数\nA001,预算,950000,110\n"
    budget = read_csv(text).budget["A001"]
    assert (budget.projected_executed, budget.adjusted_budget) == (Decimal(95), Decimal(110))


def test_every_row_error_is_collected() -> None:
    with pytest.raises(LedgerError) as exc:
        read_csv(
            HEAD
            + "A001,9,,,,确定能,,,\n"  # no 9th indicator
            + "A001,1,覆盖率,,,确定能,,,\n"  # the name does not match index 1
            + "Z999,1,,,,确定能,,,\n"  # unknown project
            + "A001,2,,,,大概能,,,\n"  # not a likelihood
            + "A001,x,,,,,,,\n"  # not an index
            + "A001,3,,,,确定能,,,\n"
            + "A001,3,,,,确定能,,,\n"  # reported twice
            + ",1,,,,,,,\n"  # no project
            + "A001,预算,,,,,,,很多\n"  # not an amount
            + "部门,预算,,,,,,,1\n"  # the department has no budget line
        )
    assert [str(e) for e in exc.value.errors] == [
        "progress.csv 第2行：项目 A001没有第9项指标（共 3 项）",
        "progress.csv 第3行：项目 A001的第1项指标是“培训人次”，不是“覆盖率”",
        "progress.csv 第4行：项目“Z999”不在绩效目标中（按项目编码匹配，无编码的项目按名称匹配）",
        "progress.csv 第5行：完成目标可能性应为 确定能、有可能、不可能 之一，实为“大概能”",
        "progress.csv 第6行：序号应为指标的序号（1、2、…）或“预算”，实为“x”",
        "progress.csv 第8行：重复填报同一项指标（A001 第3项）",
        "progress.csv 第9行：缺少项目编码（部门整体目标填“部门”）",
        "progress.csv 第10行：金额无法识别：“很多”（金额列单位为万元）",
        "progress.csv 第11行：部门整体没有单独的预算行；请按项目填写",
    ]
    assert str(exc.value).startswith("进度文件有 9 处错误")


def test_an_indicator_may_be_named_instead_of_numbered_where_the_name_is_unique() -> None:
    progress = read_csv(
        "项目编码,序号,三级指标,完成目标可能性\n部门,,政法网畅通率,确定能\n", plan=sample_plan()
    )
    assert progress.indicators[(None, 2)].likelihood == "确定能"
    with pytest.raises(LedgerError, match="有 2 项名为“维护质量”的指标"):
        read_csv("项目编码,序号,三级指标\n13052924P005840118481,,维护质量\n", plan=sample_plan())


def test_xlsx_progress() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["项目编码", "序号", "1~6月实际完成值", "全年预计完成值", "完成目标可能性"])
    ws.append(["A001", 2, 0.9, 0.96, "确定能"])
    buf = io.BytesIO()
    wb.save(buf)
    progress = read_progress(buf.getvalue(), "p.xlsx", small_plan())
    assert (
        progress.indicators[("A001", 2)].current,
        progress.indicators[("A001", 2)].projected,
    ) == ("0.9", "0.96")


def test_json_and_yaml_progress() -> None:
    doc = {
        "format": "jixiao.progress/1",
        "money_unit": "元",
        "indicators": [
            {"project": "A001", "index": 1, "name": "培训人次", "current": "200人次", "projected": "360人次", "likelihood": "确定能"},
            {"project": "部门", "index": 1, "current": "x"},
        ],
        "budget": [{"project": "A001", "projected_executed": "980000", "deviation_reason": "经费保障：x", "corrective_measure": "y"}],
    }  # fmt: skip
    plan = small_plan()
    with pytest.raises(LedgerError, match=r"indicators\[1\]：部门整体目标没有第1项指标（共 0 项）"):
        read_progress(json.dumps(doc, ensure_ascii=False).encode(), "p.json", plan)
    doc["indicators"].pop()  # type: ignore[attr-defined]
    progress = read_progress(json.dumps(doc, ensure_ascii=False).encode(), "p.json", plan)
    assert progress.budget["A001"] == BudgetProgress(
        "A001", Decimal(98), None, None, "经费保障：x", "y", progress.budget["A001"].location
    )
    yaml_text = "format: jixiao.progress/1\nindicators:\n  - {project: A001, index: 2, current: 0.93, likelihood: 有可能}\n"
    entry = read_progress(yaml_text.encode(), "p.yaml", plan).indicators[("A001", 2)]
    assert (entry.current, entry.likelihood) == ("0.93", "有可能")


def test_structured_progress_is_bounded_and_must_say_its_format() -> None:
    plan = small_plan()
    with pytest.raises(ReadError, match=r"jixiao\.progress/1"):
        read_progress(b'{"indicators": []}', "p.json", plan)
    with pytest.raises(ReadError, match="不支持 YAML 别名"):
        read_progress(b"format: jixiao.progress/1\na: &x [1]\nb: *x\n", "p.yaml", plan)
    with pytest.raises(ReadError, match="嵌套层次过深"):
        read_progress(("[" * 50 + "]" * 50).encode(), "p.json", plan)
    with pytest.raises(ReadError, match="JSON 格式错误"):
        read_progress(b'{"format": ', "p.json", plan)
