"""``jixiao parse``: the plan as JSON, and unreadable input as a Chinese message (exit 2).

Broken inputs are made from the shipped sample: cut short, a table without a column,
one project with a broken row, a file of another kind. None may end in a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "julu-2024-zhengfawei.txt"
runner = CliRunner()


def _lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").splitlines()


def _write(tmp_path: Path, lines: list[str], name: str = "doc-2024.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _index(lines: list[str], needle: str) -> int:
    return next(i for i, ln in enumerate(lines) if needle in ln)


def test_parse_sample_prints_the_plan() -> None:
    result = runner.invoke(app, ["parse", str(SAMPLE)])
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["format"] == "jixiao.plan/1"
    assert len(plan["projects"]) == 8
    assert sum(Decimal(p["budget"]["total"]) for p in plan["projects"]) == Decimal("148.24")
    first = plan["projects"][0]["indicators"][0]
    assert first["target"] == "291条"
    assert first["parsed"] == {
        "kind": "quantity",
        "op": None,
        "number": "291",
        "unit": "条",
        "date": None,
    }


def test_parse_as_a_process_is_quiet_and_exact() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from jixiao.cli import main; main()", "parse", str(SAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    assert proc.stderr == ""
    assert json.loads(proc.stdout)["department"] == {"code": "288001", "name": "巨鹿县政法委本级"}


def test_unknown_layout_exits_2_with_a_message(tmp_path: Path) -> None:
    path = _write(tmp_path, ["会议纪要", "今天讨论了办公用品采购。", "散会。"])
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2
    assert "不是已知格式" in result.stderr
    assert "第1行" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_document_cut_after_part_one_exits_2(tmp_path: Path) -> None:
    lines = _lines()
    path = _write(tmp_path, lines[: _index(lines, "1.村级综治视联网")])
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2
    assert "文档不完整" in result.stderr
    assert "可能被截断" in result.stderr


def test_document_cut_inside_the_last_project_exits_2(tmp_path: Path) -> None:
    lines = _lines()
    cut = _index(lines, "预算数 2.00") + 1
    path = _write(tmp_path, lines[:cut])
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2
    assert "综治网格员手机账号" in result.stderr  # names the project that ends early
    assert "资金支出计划" in result.stderr  # says what was expected
    assert f"第{cut}行" in result.stderr
    assert result.stdout == ""


def test_table_with_a_missing_column_exits_2(tmp_path: Path) -> None:
    lines = [
        " 1.县法学会工作经费绩效目标表",
        "288001 巨鹿县政法委本级 单位：万元",
        "项目编码 13052924P005840118333 项目名称 县法学会工作经费",
        "预算规模及",
        "资金用途",
        "预算数 1.00",
        "其中：财政",
        "资金",
        "1.00 其他资金",
        "用于法学会日常公用",
        "资金支出计",
        "划（%）",
        "3 月底 6月底 10月底 12月底",
        "25% 50% 70% 100%",
        "绩效目标",
        "1.加强法治宣传",
        "一级指标 二级指标 三级指标 绩效指标描述 指标值",
        "产出指标",
        "数量指标 宣传数量 发放宣传品数量 ≥50册",
    ]
    path = _write(tmp_path, lines)
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2
    assert "第17行" in result.stderr
    assert "缺少“指标值确定依据”列" in result.stderr
    assert "Traceback" not in result.stderr


def test_one_broken_project_warns_and_yields_the_others(tmp_path: Path) -> None:
    lines = _lines()
    row = _index(lines, "总成本 用于维稳工作成本")
    lines[row] = "成本指标  总成本 ≤4 万元"  # description and basis lost
    path = _write(tmp_path, lines)
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 0
    plan = json.loads(result.stdout)
    assert len(plan["projects"]) == 7
    assert "维稳专项经费" not in [p["name"] for p in plan["projects"]]
    assert "警告" in result.stderr
    assert "维稳专项经费" in result.stderr
    assert "13052924P00584011837H" in result.stderr
    assert f"第{row + 1}行" in result.stderr


def test_plain_process_path_prints_what_the_typer_command_prints() -> None:
    """``main()`` runs ``parse FILE --yaml`` without Typer's argument parsing: same output."""
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from jixiao.cli import main; main()",
            "parse",
            str(SAMPLE),
            "--yaml",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    result = runner.invoke(app, ["parse", str(SAMPLE), "--yaml"])
    assert proc.returncode == result.exit_code == 0
    assert proc.stdout == result.stdout
    assert proc.stdout.startswith("format: jixiao.plan/1")


def test_plain_process_path_exits_2_on_unreadable_input(tmp_path: Path) -> None:
    path = _write(tmp_path, ["不是绩效文本"])
    proc = subprocess.run(
        [sys.executable, "-c", "from jixiao.cli import main; main()", "parse", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "不是已知格式" in proc.stderr
    assert "Traceback" not in proc.stderr
