"""``jixiao monitor``: formats, exit codes, errors naming rows, escaping, start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from jixiao.cli import app
from tests.core.monitoring_support import MONITORING, SAMPLE_LEDGER, SAMPLE_PLAN, SAMPLE_PROGRESS

runner = CliRunner()
BASE = ["monitor", str(SAMPLE_PLAN), "--ledger", str(SAMPLE_LEDGER), "--as-of", "2024-08-31"]
FEEDS = [
    arg
    for name in ("feed-network-days.yaml", "feed-network-uptime.yaml", "feed-jianyiyongwei.yaml")
    for arg in ("--feed", str(MONITORING / name))
]
HEADER = "支付日期,支付凭证号,项目编码,支付金额（元）\n"


def test_text_without_progress_exits_1_on_red_and_yellow_lamps_without_reasons() -> None:
    result = runner.invoke(app, BASE)
    assert result.exit_code == 1, result.stderr
    out = result.stdout
    assert "巨鹿县政法委本级 2024年 运行监控" in out
    assert "截至 2024-08-31（1~8月），序时进度 66.67%" in out
    for shown in ("13052924P00584011837H", "红灯", "黄灯", "绿灯", "148.24", "87.11"):
        assert shown in out
    assert (
        "错误 [monitor-reason-missing] 13052924P00584011837H：预算执行为红灯，未填写偏差原因" in out
    )
    assert (
        "第31行与第13行是同一笔支付（凭证号 ZF2024-0052，60000.00 元），只计一次" in result.stderr
    )


def test_text_with_progress_and_feeds_exits_0() -> None:
    result = runner.invoke(app, [*BASE, "--progress", str(SAMPLE_PROGRESS), *FEEDS])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for fed in ("242天", "99.18%", "85.71%"):
        assert fed in out
    assert "部门整体绩效目标" in out
    assert "警告 [monitor-reason-category] 13052924P00584011827M 第6项指标" in out


def test_json_is_the_monitor_format() -> None:
    result = runner.invoke(
        app, [*BASE, "--format", "json", "--progress", str(SAMPLE_PROGRESS), *FEEDS]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data)[:9] == [
        "format", "as_of", "month", "department", "money_unit", "settings", "projects", "total", "findings",
    ]  # fmt: skip
    assert data["format"] == "jixiao.monitor/1"
    p = data["projects"][1]
    assert (p["code"], p["executed"], p["lamp"], p["forecast"], p["forecast_method"]) == (
        "13052924P00584011834N", "2.05", "yellow", "3.85", "unit",
    )  # fmt: skip
    assert p["deviation_category"] == "经费保障"
    days = data["projects"][4]["indicators"][1]
    assert (days["current"], days["projected"], days["lamp"], days["source"]) == (
        "242天",
        "364天",
        "green",
        "feed:政法网正常使用天数",
    )
    assert [f["rule"] for f in data["findings"]] == ["monitor-reason-category"]


def test_xlsx_needs_an_output_file_and_writes_the_table(tmp_path: Path) -> None:
    result = runner.invoke(app, [*BASE, "--format", "xlsx"])
    assert result.exit_code == 2
    assert "须用 -o 指定输出文件" in result.stderr
    out = tmp_path / "运行监控表.xlsx"
    result = runner.invoke(
        app, [*BASE, "--format", "xlsx", "-o", str(out), "--progress", str(SAMPLE_PROGRESS)]
    )
    assert result.exit_code == 0, result.stderr
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "汇总"
    assert wb["汇总"]["A1"].value == "项目支出绩效运行监控汇总表"


def test_a_conflicting_voucher_exits_2_naming_its_row(tmp_path: Path) -> None:
    ledger = tmp_path / "l.csv"
    ledger.write_text(
        HEADER
        + "2024-03-01,V1,13052924P005840118481,100\n2024-03-01,V1,13052924P005840118481,90\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["monitor", str(SAMPLE_PLAN), "--ledger", str(ledger), "--as-of", "2024-08-31"]
    )
    assert result.exit_code == 2
    assert "支付明细有 1 处错误，未导入任何数据" in result.stderr
    assert "l.csv 第3行 B（支付凭证号）列：凭证号“V1”与第2行重复但内容不同" in result.stderr
    assert result.stdout == ""


def test_an_unknown_project_exits_2_naming_its_row(tmp_path: Path) -> None:
    ledger = tmp_path / "l.csv"
    ledger.write_text(
        HEADER + "2024-03-01,V1,13052924P005840118481,100\n2024-03-02,V2,13052924P000000000000,5\n",
        encoding="gb18030",
    )
    result = runner.invoke(
        app, ["monitor", str(SAMPLE_PLAN), "--ledger", str(ledger), "--as-of", "2024-08-31"]
    )
    assert result.exit_code == 2
    assert "l.csv 第3行 C（项目编码）列：项目“13052924P000000000000”不在绩效目标中" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2024-13-01"], "--as-of 日期不存在"),
        (["--as-of", "八月底"], "--as-of 不是日期"),
        (["--as-of", "2023-08-31"], "监控截止日期 2023-08-31 不在预算年度 2024 年内"),
        (["--progress", "/nonexistent.csv"], "无法打开文件"),
        (["--feed", "/nonexistent.yaml"], "无法读取数据源定义"),
    ],
)
def test_bad_usage_exits_2(args: list[str], message: str) -> None:
    base = ["monitor", str(SAMPLE_PLAN), "--ledger", str(SAMPLE_LEDGER)]
    if "--as-of" not in args:
        base += ["--as-of", "2024-08-31"]
    result = runner.invoke(app, base + args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_config_changes_the_lamp_base_and_a_bad_config_exits_2(tmp_path: Path) -> None:
    cfg = tmp_path / "jixiao.toml"
    cfg.write_text('[monitoring]\nlamp_base = "plan"\nred_below = 50\n', encoding="utf-8")
    result = runner.invoke(app, [*BASE, "--format", "json", "--config", str(cfg)])
    data = json.loads(result.stdout)
    assert data["settings"]["lamp_base"] == "plan"
    # 扫黑除恶 2.05 of 4.00 against the plan's 62.5 %: ratio 82.00, green on the plan base
    assert (data["projects"][1]["ratio"], data["projects"][1]["lamp"]) == ("82.00", "green")
    cfg.write_text('[monitoring]\nyellow_below = "high"\n', encoding="utf-8")
    result = runner.invoke(app, [*BASE, "--config", str(cfg)])
    assert result.exit_code == 2
    assert "monitoring.yellow_below 应为数字" in result.stderr


def test_file_text_is_data_for_the_terminal(tmp_path: Path) -> None:
    plan = json.loads(json.dumps({
        "format": "jixiao.plan/1", "year": 2024, "money_unit": "万元",
        "department": {"code": "1", "name": "[bold red]部门[/bold red]"},
        "projects": [{"code": "P1", "name": "\x1b[31m红字[/] \u202e反转", "budget": {"total": "10"},
                      "indicators": [{"name": "[link=http://x]点[/link]", "target": "≥1次"}]}],
    }))  # fmt: skip
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    ledger = tmp_path / "l.csv"
    ledger.write_text(HEADER + "2024-03-01,V1,P1,100\n", encoding="utf-8")
    progress = tmp_path / "p.csv"
    progress.write_text(
        "项目编码,序号,偏差原因,完成目标可能性\nP1,1,[red]原因[/red],有可能\n", encoding="utf-8"
    )
    out = tmp_path / "out.txt"
    result = runner.invoke(app, ["monitor", str(plan_file), "--ledger", str(ledger), "--as-of", "2024-08-31",
                                 "--progress", str(progress), "-o", str(out)])  # fmt: skip
    assert result.exit_code == 1, result.exception
    text = out.read_text(encoding="utf-8")
    assert "[bold red]部门[/bold red]" in text
    assert "[link=http://x]点[/link]" in text
    assert "[red]原因[/red]" in text
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "\ufffd[31m红字[/] \ufffd反转" in text


def test_the_file_command_imports_neither_django_nor_unused_libraries() -> None:
    code = (
        "import sys\n"
        "from jixiao.cli import main\n"
        f"sys.argv = ['jixiao', *{BASE!r}, '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "bad = sorted({m.split('.')[0] for m in sys.modules} & {'django', 'openpyxl', 'rich', 'pdfplumber', 'weasyprint', 'docx'})\n"
        "sys.stderr.write('LOADED:' + ','.join(bad))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stderr.endswith("LOADED:"), proc.stderr[-500:]
    assert json.loads(proc.stdout)["format"] == "jixiao.monitor/1"


def test_pdf_is_the_table_printed(tmp_path: Path) -> None:
    import pdfplumber

    assert runner.invoke(app, [*BASE, "--format", "pdf"]).exit_code == 2
    out = tmp_path / "运行监控表.pdf"
    result = runner.invoke(app, [*BASE, "--format", "pdf", "-o", str(out)])
    assert result.exit_code in (0, 1), result.stderr
    with pdfplumber.open(out) as pdf:
        first = pdf.pages[0]
        assert first.width > first.height
        assert "项目支出绩效运行监控汇总表" in (first.extract_text() or "").replace("\n", "")
