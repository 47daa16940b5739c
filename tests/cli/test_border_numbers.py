"""The CLI on hostile numbers and policies (issue 11 #11): a Chinese message and exit 2,
never a traceback or exit 1; ``jixiao parse`` never writes NaN."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app

ROOT = Path(__file__).resolve().parents[2]
PLAN = (ROOT / "src/jixiao/web/demo/julu-2024-zhengfawei.plan.json").read_text("utf-8")
SELFEVAL = (ROOT / "tests/data/selfeval-formulas.yaml").read_text("utf-8")
runner = CliRunner()


@pytest.mark.parametrize("command", ["parse", "check"])
@pytest.mark.parametrize("number", ["NaN", "Infinity", "1e30", "1e309", "9" * 5000])
def test_a_bad_number_exits_2_with_a_chinese_message(
    tmp_path: Path, command: str, number: str
) -> None:
    doc = json.loads(PLAN)
    doc["projects"][0]["budget"]["total"] = "@@"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc, ensure_ascii=False).replace('"@@"', number), "utf-8")
    result = runner.invoke(app, [command, str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "projects[0].budget.total" in result.stderr or "数值" in result.stderr
    assert "NaN" not in result.stdout


def test_deep_nesting_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"format": "jixiao.plan/1", "x": ' + "[" * 5000 + "]" * 5000 + "}")
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2
    assert "嵌套过深" in result.stderr


@pytest.mark.parametrize("policy", ["/etc/passwd", "z" * 300, "../p.yaml"])
def test_score_refuses_a_documents_policy_path(tmp_path: Path, policy: str) -> None:
    path = tmp_path / "se.yaml"
    path.write_text(SELFEVAL.replace("policy: null", f"policy: {json.dumps(policy)}"), "utf-8")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 2, result.output
    assert "只能是内置评分规则" in result.stderr


def test_parse_writes_decimals_never_nan(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", str(ROOT / "samples/julu-2024-zhengfawei.txt")])
    assert result.exit_code == 0
    assert "NaN" not in result.stdout
    assert "Infinity" not in result.stdout


def test_limits_come_from_jixiao_toml_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "jixiao.toml").write_text("[limits]\nmax_indicators = 3\n", encoding="utf-8")
    (tmp_path / "plan.json").write_text(PLAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    try:
        result = runner.invoke(app, ["parse", "plan.json"])
        assert result.exit_code == 2
        assert "limits.max_indicators" in result.stderr
    finally:
        from jixiao.core.readers.limits import configure

        configure(None)
