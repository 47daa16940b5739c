"""``jixiao score``: text and JSON output, policies, exit codes, --xlsx."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.model import SelfEvaluation
from jixiao.core.readers import read_document

DATA = Path(__file__).resolve().parent.parent / "data"
FORMULAS = str(DATA / "selfeval-formulas.yaml")
runner = CliRunner()

TYPICAL = str(DATA / "selfeval-typical.yaml")  # published scores follow mof-2020


def test_json_output_follows_format_section_4() -> None:
    result = runner.invoke(app, ["score", FORMULAS, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["policy"] == "mof-2020"
    assert (data["total"], data["grade"]) == ("87.28", "良")
    assert data["execution"]["rate"] == "0.9500"
    assert data["indicators"][0] == {
        "index": 1,
        "name": "工程资金金额",
        "points": "10",
        "score": "8.62",
        "explanation": "37.24/43.2×10 = 8.62",
        "method": "quantity",
    }
    rules = sorted((f["rule"], f["indicator"] or 0) for f in data["findings"])
    assert rules == [("grade-mismatch", 0), ("qualitative-band", 10), ("score-mismatch", 4)]
    f = next(f for f in data["findings"] if f["rule"] == "score-mismatch")
    assert (f["published"], f["computed"]) == ("5", "0.00")
    assert f["message"].startswith("安全责任事故：")


def test_text_output_shows_both_scores_and_findings() -> None:
    result = runner.invoke(app, ["score", FORMULAS])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "综合测试项目" in out
    assert "公布得分" in out
    assert "计算得分" in out
    assert "37.24/43.2×10 = 8.62" in out
    assert "复核发现 3 处问题" in out
    assert "qualitative-band" in out


def test_strict_exits_1_on_findings_and_0_on_a_clean_table() -> None:
    assert runner.invoke(app, ["score", FORMULAS, "--strict"]).exit_code == 1
    assert runner.invoke(app, ["score", FORMULAS]).exit_code == 0
    result = runner.invoke(app, ["score", TYPICAL, "--strict"])
    assert result.exit_code == 0, result.output
    assert "未发现与评分规则不符之处" in result.stdout


def test_policy_option_by_file_and_env(tmp_path: Path) -> None:
    whole = tmp_path / "whole.yaml"
    whole.write_text("rounding: 0\n", encoding="utf-8")
    result = runner.invoke(app, ["score", FORMULAS, "--format", "json", "--policy", str(whole)])
    data = json.loads(result.stdout)
    assert data["policy"] == "whole"
    assert data["indicators"][0]["score"] == "9"
    result = runner.invoke(
        app, ["score", FORMULAS, "--format", "json"], env={"JIXIAO_POLICY": str(whole)}
    )
    assert json.loads(result.stdout)["policy"] == "whole"


def test_policy_named_in_the_document_is_found_next_to_it(tmp_path: Path) -> None:
    (tmp_path / "linear.yaml").write_text("reverse_formula: linear\n", encoding="utf-8")
    doc = tmp_path / "doc.yaml"
    doc.write_text(
        Path(FORMULAS).read_text(encoding="utf-8").replace("policy: null", "policy: linear.yaml"),
        encoding="utf-8",
    )
    data = json.loads(runner.invoke(app, ["score", str(doc), "--format", "json"]).stdout)
    assert data["policy"] == "linear"
    assert data["indicators"][1]["score"] == "7.50"


def test_bad_policy_exits_2_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rounding: 2\nweights: {产出: 50}\n", encoding="utf-8")
    result = runner.invoke(app, ["score", FORMULAS, "--policy", str(bad)])
    assert result.exit_code == 2
    assert "未知字段" in result.stderr
    assert "weights" in result.stderr


def test_unreadable_file_and_plan_document_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["score", str(tmp_path / "missing.json")]).exit_code == 2
    plan = tmp_path / "plan.json"
    plan.write_text('{"format": "jixiao.plan/1", "projects": []}', encoding="utf-8")
    result = runner.invoke(app, ["score", str(plan)])
    assert result.exit_code == 2
    assert "不是自评表" in result.stderr


def test_xlsx_option_writes_a_form_that_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "自评表.xlsx"
    result = runner.invoke(app, ["score", FORMULAS, "--format", "json", "--xlsx", str(out)])
    assert result.exit_code == 0, result.output
    back = read_document(out).document
    assert isinstance(back, SelfEvaluation)
    assert back.published_total is not None
    assert str(back.published_total) == "87.28"
    # The written form scores without departures from the policy.
    data = json.loads(runner.invoke(app, ["score", str(out), "--format", "json"]).stdout)
    assert [f["rule"] for f in data["findings"]] == []


def test_score_json_does_not_import_openpyxl() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from jixiao.cli import app\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        "    try:\n"
        f"        app(['score', {FORMULAS!r}, '--format', 'json'])\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, e.code\n"
        "print('openpyxl' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("False")
