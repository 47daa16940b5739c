"""Plan-level rule ``duplicate-project-code``: a 项目编码 names one project."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from jixiao.core.checks import RULE_SLUGS, check_plan
from jixiao.core.checks.report import group_findings, render_html
from jixiao.core.config import CheckConfig, load_config
from jixiao.core.model import Plan

DATA = Path(__file__).resolve().parent.parent / "data"


def _seed() -> Plan:
    return Plan.from_dict(json.loads((DATA / "julu-2024-plan.json").read_text(encoding="utf-8")))


def _duplicates(plan: Plan, config: CheckConfig | None = None) -> list[dict[str, object]]:
    return [f.to_dict() for f in check_plan(plan, config) if f.rule == "duplicate-project-code"]


def test_a_repeated_code_is_an_error_naming_both_projects() -> None:
    plan = _seed()
    third = plan.projects[2]
    plan.projects.append(replace(third, name="另一个项目"))
    [f] = _duplicates(plan)
    assert f["severity"] == "error"
    assert f["project"] == third.code
    assert f["indicator"] is None
    assert f["project_name"] == "另一个项目"
    assert f["message"] == (
        f"项目编码 {third.code} 重复：第9个项目“另一个项目”与第3个项目“{third.name}”使用同一编码"
    )
    assert "财办〔2023〕12号《预算管理一体化规范》" in str(f["basis"])


def test_every_later_repeat_is_reported_once() -> None:
    plan = _seed()
    code = plan.projects[0].code
    for k in (3, 5):
        plan.projects[k] = replace(plan.projects[k], code=f" {code} ")
    found = _duplicates(plan)
    assert [f["message"] for f in found] == [
        f"项目编码 {code} 重复：第{k + 1}个项目“{plan.projects[k].name}”"
        f"与第1个项目“{plan.projects[0].name}”使用同一编码"
        for k in (3, 5)
    ]


def test_distinct_and_missing_codes_are_not_repeats() -> None:
    plan = _seed()
    assert _duplicates(plan) == []
    plan.projects[1] = replace(plan.projects[1], code=None)
    plan.projects[2] = replace(plan.projects[2], code="")
    plan.projects[4] = replace(plan.projects[4], code=None)
    assert _duplicates(plan) == []


def test_the_finding_opens_its_projects_findings(tmp_path: Path) -> None:
    plan = _seed()
    plan.projects.append(replace(plan.projects[0], name="重复编码的项目"))
    findings = check_plan(plan)
    groups = group_findings(plan, findings)
    last = groups[-1]
    assert last.title.startswith("9. ")
    assert last.title.endswith("重复编码的项目")
    assert last.findings[0].rule == "duplicate-project-code"
    first = next(g for g in groups if g.title.startswith("1. "))  # same code, own findings
    assert all(f.rule != "duplicate-project-code" for f in first.findings)
    assert len(first.findings) == len(last.findings) - 1
    assert "项目编码 13052924P005840118481 重复" in render_html(plan, findings)


def test_it_can_be_switched_off(tmp_path: Path) -> None:
    cfg = tmp_path / "jixiao.toml"
    cfg.write_text("[rules.duplicate-project-code]\nenabled = false\n", encoding="utf-8")
    plan = _seed()
    plan.projects.append(plan.projects[0])
    assert _duplicates(plan, load_config(cfg, RULE_SLUGS)) == []
    assert len(_duplicates(plan)) == 1
