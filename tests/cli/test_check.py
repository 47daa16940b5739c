"""``jixiao check``: formats, exit codes, config and errors, on the seed plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app

DATA = Path(__file__).resolve().parent.parent / "data"
SEED_PLAN = DATA / "julu-2024-plan.json"
runner = CliRunner()


def test_text_report_groups_by_project_and_exits_1_on_errors() -> None:
    result = runner.invoke(app, ["check", str(SEED_PLAN)])
    assert result.exit_code == 1
    out = result.stdout
    assert "1. 13052924P005840118481 村级综治视联网线路租赁费和设备维护费" in out
    assert "第4项指标 项目成本（≥96万元）" in out
    assert "成本指标应为反向指标（≤），此处为“≥96万元”" in out
    assert "建议：改为 ≤96万元" in out
    assert out.index("部门整体绩效目标") < out.index("1. 13052924P005840118481")
    assert out.index("1. 13052924P005840118481") < out.index("8. 13052924P00584011844J")


def test_json_is_the_findings_object() -> None:
    result = runner.invoke(app, ["check", str(SEED_PLAN), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert list(data) == ["findings"]
    first_cost = next(f for f in data["findings"] if f["rule"] == "cost-direction")
    assert first_cost["project"] == "13052924P005840118481"
    assert first_cost["indicator"] == 4
    assert first_cost["severity"] == "error"
    assert (
        first_cost["message"] == "成本指标应为反向指标（≤），此处为“≥96万元”：把成本上限写成了下限"
    )
    assert first_cost["basis"]
    for f in data["findings"]:
        assert {"rule", "severity", "project", "indicator", "message", "basis"} <= set(f)


def test_html_report_is_self_contained(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["check", str(SEED_PLAN), "--format", "html", "--output", str(out)])
    assert result.exit_code == 1
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<style>" in html
    assert "http://" not in html
    assert "https://" not in html
    assert "<script" not in html
    assert "此处为“≥96万元”" in html
    assert "改为 ≤96万元" in html


def test_a_sound_plan_exits_0(tmp_path: Path) -> None:
    plan = json.loads(SEED_PLAN.read_text(encoding="utf-8"))
    plan["overall"] = {"goal": "保障部门依法履职，完成年度工作任务"}
    project = plan["projects"][0]
    kept = [i for i in project["indicators"] if i["name"] != "成使用率"][:3]
    project["indicators"] = [
        *kept,
        {**project["indicators"][3], "target": "≤96万元"},
        {**project["indicators"][-1]},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "视联网覆盖村数",
         "description": "视联网覆盖行政村个数", "target": "≥291个", "basis": "工作安排"},
    ]  # fmt: skip
    plan["projects"] = [project]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.stdout
    assert "未发现问题" in result.stdout


def test_config_switches_rules_off(tmp_path: Path) -> None:
    cfg = tmp_path / "jixiao.toml"
    cfg.write_text(
        '[rules.cost-direction]\nenabled = false\n[rules.unit-mismatch]\nseverity = "warning"\n'
        '[rules.placeholder]\nseverity = "warning"\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(SEED_PLAN), "--format", "json", "--config", str(cfg)])
    assert result.exit_code == 0
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert "cost-direction" not in rules
    assert "unit-mismatch" in rules


def test_config_is_found_in_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "jixiao.toml").write_text("[rules.nonsense]\nenabled = false\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", str(SEED_PLAN)])
    assert result.exit_code == 2
    assert "规则 “nonsense” 不存在" in result.stderr


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "missing.json")])
    assert result.exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert runner.invoke(app, ["check", str(bad)]).exit_code == 2


def test_a_self_evaluation_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    doc = {
        "format": "jixiao.selfeval/1",
        "year": 2022,
        "project": {"name": "义务教育营养改善计划专项资金"},
        "money_unit": "元",
        "indicators": [],
    }
    path = tmp_path / "selfeval.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert "自评表" in result.stderr
    assert "jixiao score" in result.stderr


def test_rules_lists_the_registry() -> None:
    result = runner.invoke(app, ["check", "--rules"])
    assert result.exit_code == 0
    assert "cost-direction" in result.stdout
    assert "uncovered-promise" in result.stdout


def test_config_from_the_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "review.toml"
    cfg.write_text('[rules.cost-direction]\nseverity = "info"\n', encoding="utf-8")
    result = runner.invoke(
        app, ["check", str(SEED_PLAN), "--format", "json"], env={"JIXIAO_CONFIG": str(cfg)}
    )
    sev = {
        f["severity"]
        for f in json.loads(result.stdout)["findings"]
        if f["rule"] == "cost-direction"
    }
    assert sev == {"info"}
