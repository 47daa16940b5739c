"""The 绩效运行监控表 workbook, written and read back with openpyxl."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from openpyxl import Workbook, load_workbook

from jixiao.core.monitoring import (
    IndicatorProgress,
    MonitorSettings,
    Progress,
    compute_monitor,
    read_ledger,
    read_progress,
)
from jixiao.core.monitoring.workbook import monitor_workbook, write_monitor_xlsx
from tests.core.monitoring_support import SAMPLE_LEDGER, SAMPLE_PROGRESS, sample_plan, small_plan


def sample_workbook() -> tuple[Workbook, bytes]:
    plan = sample_plan()
    ledger = read_ledger(SAMPLE_LEDGER.read_bytes(), SAMPLE_LEDGER.name, plan)
    progress = read_progress(SAMPLE_PROGRESS.read_bytes(), SAMPLE_PROGRESS.name, plan)
    report = compute_monitor(plan, date(2024, 8, 31), ledger.payments, progress, MonitorSettings())
    buf = io.BytesIO()
    write_monitor_xlsx(report, plan, buf)
    return load_workbook(io.BytesIO(buf.getvalue())), buf.getvalue()


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_sheets_summary_and_totals() -> None:
    wb, _ = sample_workbook()
    assert wb.sheetnames[0] == "汇总"
    assert wb.sheetnames[1] == "1.村级综治视联网线路租赁费和设备维护费"
    assert wb.sheetnames[-1] == "部门整体"
    assert len(wb.sheetnames) == 10
    ws = wb["汇总"]
    assert ws["A1"].value == "项目支出绩效运行监控汇总表"
    assert ws["A2"].value == "（2024年1~8月，截至2024-08-31）"
    assert ws["A3"].value == "填报单位（盖章）：巨鹿县政法委本级"
    assert ws["H3"].value == "金额单位：万元"
    assert {"A1:L1", "A2:L2", "A3:G3", "H3:L3", "A13:C13"} <= merged(ws)
    assert [c.value for c in ws[4]] == [
        "序号", "项目编码", "项目名称", "年初预算数", "调整后预算数", "1~8月执行数", "执行率",
        "序时进度", "支出计划进度", "预警", "全年预计执行数", "重点监控",
    ]  # fmt: skip
    row = [c.value for c in ws[7]]  # 维稳专项经费
    assert row[:5] == [3, "13052924P00584011837H", "维稳专项经费", 4, "—"]
    assert (row[5], row[6], row[9], row[10]) == (0.96, 0.24, "红灯", 3.8)
    assert ws["G7"].number_format == "0.00%"
    assert ws["J7"].fill.fgColor.rgb.endswith("F8A5A5")
    total = [c.value for c in ws[13]]
    assert (total[0], total[3], total[5], total[6]) == ("合计", 148.24, 87.11, 0.5876)
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws["A13"].border.left.style == "thin"


def test_project_sheet_layout_as_units_submit_it() -> None:
    wb, _ = sample_workbook()
    ws = wb["3.维稳专项经费"]
    assert ws["A1"].value == "项目支出绩效运行监控表"
    assert (ws["A4"].value, ws["B4"].value, ws["G4"].value, ws["H4"].value) == (
        "项目名称", "维稳专项经费", "项目编码", "13052924P00584011837H",
    )  # fmt: skip
    assert ws["A6"].value == "预算执行情况"
    assert [ws.cell(6, c).value for c in range(2, 11)] == [
        "年初预算数", "调整后预算数", "1~8月执行数", "执行率", "序时进度", "支出计划进度", "预警",
        "全年预计执行数", "全年预计执行率",
    ]  # fmt: skip
    values = [ws.cell(7, c).value for c in range(2, 11)]
    assert values == [4, "—", 0.96, 0.24, 0.6667, 0.625, "红灯", 3.8, 0.95]
    assert (ws["B8"].value, ws["H8"].value) == ("偏差原因", "纠偏措施")
    assert ws["C8"].value.startswith("经费保障：维稳宣传资料")
    assert ws["A9"].value == "年度绩效目标"
    assert ws["B9"].value == "1. 维护社会稳定\n2. 按时完成工作\n3. 保障工作质量"
    assert [ws.cell(10, c).value for c in range(1, 11)] == [
        "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "1~8月实际完成值",
        "全年预计完成值", "完成目标可能性", "偏差原因", "纠偏措施",
    ]  # fmt: skip
    assert [ws.cell(11, c).value for c in range(2, 11)] == [
        "产出指标", "时效指标", "及时率", "2024年12月底前支出", "进行中", "2024年12月底前支出",
        "有可能", "经费保障：宣传资料印制延后", "9月底前完成印制和支付",
    ]  # fmt: skip
    # 一级指标 merged over its four 产出 rows, then 效益 over two; the label over all seven
    assert {"A6:A8", "C8:G8", "I8:J8", "B9:J9", "A10:A17", "B11:B14", "B15:B16"} <= merged(ws)
    assert ws["A18"].value is None
    assert ws["A19"].value.startswith("单位负责人：")
    assert ws.print_title_rows == "$1:$3"


def test_text_from_files_is_never_a_formula() -> None:
    plan = small_plan()
    plan.projects[0].name = '=HYPERLINK("http://x","点我")'
    progress = Progress()
    progress.indicators[("A001", 1)] = IndicatorProgress(
        "A001",
        1,
        "+1",
        "-5",
        "有可能",
        deviation_reason="@SUM(A1)",
        corrective_measure="\t措施\x01",
    )
    report = compute_monitor(plan, date(2024, 8, 31), [], progress)
    buf = io.BytesIO()
    write_monitor_xlsx(report, plan, buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    summary = wb["汇总"]
    assert summary["C5"].value == '=HYPERLINK("http://x","点我")'
    assert summary["C5"].data_type == "s"
    assert summary["C5"].quotePrefix
    sheet = wb.worksheets[1]
    cells = {sheet.cell(11, c).value: sheet.cell(11, c) for c in range(5, 11)}
    for text in ("+1", "-5", "@SUM(A1)"):
        assert cells[text].data_type == "s"
        assert cells[text].quotePrefix
    assert "\t措施\ufffd" in cells


def test_the_workbook_for_an_empty_plan_and_long_names() -> None:
    plan = small_plan()
    plan.overall = None
    plan.projects[1].name = "乙" * 40
    plan.projects[2].name = "[丙]:项目?/*"
    wb = monitor_workbook(compute_monitor(plan, date(2024, 3, 31), []), plan)
    assert wb.sheetnames == ["汇总", "1.甲项目", "2." + "乙" * 29, "3.丙项目"]  # ≤ 31, no []:*?/
