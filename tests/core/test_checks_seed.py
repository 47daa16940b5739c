"""The checker on real tables: the seed's eight project tables and the shared corpus.

The seed plan in tests/data is a hand transcription of the eight tables of the model
document (巨鹿县政法委 2024). Every defect a reviewer finds there is listed below, by
rule, project and row; every other row must get no error and no warning.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.core.checks import check_plan
from jixiao.core.model import Plan

DATA = Path(__file__).resolve().parent.parent / "data"
REPO = DATA.parent.parent
SEED_PLAN = DATA / "julu-2024-plan.json"

P = [
    "13052924P005840118481",
    "13052924P00584011834N",
    "13052924P00584011837H",
    "13052924P005840118333",
    "13052924P00584011841P",
    "13052924P00584011827M",
    "13052924P00584011835A",
    "13052924P00584011844J",
]

# (rule, project number 1–8, row, severity)
EXPECTED_PROJECT_FINDINGS = {
    ("cost-direction", 1, 4, "error"),  # 项目成本 ≥96万元
    ("execution-rate-indicator", 1, 5, "warning"),  # 成本使用率 ≥95% as 经济效益
    ("duplicate-indicator", 1, 6, "warning"),  # 维护质量 twice (output repeated as benefit)
    ("cost-direction", 2, 4, "warning"),  # 4万元, no operator
    ("execution-rate-indicator", 2, 5, "warning"),  # 资金使用率
    ("vague-indicator", 2, 6, "warning"),  # 工作完成率
    ("name-value-mismatch", 3, 1, "warning"),  # 时效 及时率 = 2024年12月底前支出
    ("not-measurable", 3, 5, "warning"),  # 逐步提高
    ("execution-rate-indicator", 3, 5, "warning"),  # 提高资金使用率
    ("vague-indicator", 3, 6, "warning"),
    ("placeholder", 3, 7, "error"),  # satisfaction indicator named "1"
    ("cost-direction", 4, 4, "warning"),  # 1万元
    ("execution-rate-indicator", 4, 5, "warning"),
    ("vague-indicator", 4, 6, "warning"),
    ("misfiled", 5, 1, "warning"),  # 优良率 under 数量指标
    ("cost-direction", 5, 3, "warning"),  # 6万元
    ("name-value-mismatch", 5, 4, "warning"),  # 时效 完成率 = a date
    ("vague-indicator", 5, 5, "warning"),
    ("duplicate-indicator", 5, 5, "warning"),  # 完成率 twice
    ("not-measurable", 5, 6, "warning"),  # 逐年增长
    ("cost-direction", 6, 4, "error"),  # ≥5.24万元
    ("vague-indicator", 6, 5, "warning"),  # 保障正常办公运转
    ("execution-rate-indicator", 6, 6, "warning"),
    ("name-value-mismatch", 7, 2, "warning"),
    ("cost-direction", 7, 3, "warning"),  # 30万元
    ("execution-rate-indicator", 7, 5, "warning"),
    ("vague-indicator", 7, 6, "warning"),
    ("unit-mismatch", 8, 1, "error"),  # 支付手机账号个数 ≥20%
    ("cost-direction", 8, 4, "error"),  # ≥2万元
    ("not-measurable", 8, 5, "warning"),
    ("execution-rate-indicator", 8, 5, "warning"),
    ("vague-indicator", 8, 6, "warning"),
    ("missing-unit", 8, 7, "warning"),  # 满意度调查 ≥90
}

# Sound rows named in the brief and the domain reference: never an error or warning.
SOUND_ROWS = [(1, 1), (1, 2), (1, 3), (3, 3), (8, 3), (1, 7), (2, 1), (2, 2), (4, 1), (8, 2)]


@pytest.fixture(scope="module")
def seed_plan() -> Plan:
    return Plan.from_dict(json.loads(SEED_PLAN.read_text(encoding="utf-8")))


def test_seed_project_findings_are_exactly_the_defects(seed_plan: Plan) -> None:
    got = {
        (f.rule, P.index(f.project) + 1, f.indicator, f.severity)
        for f in check_plan(seed_plan)
        if f.project is not None
    }
    assert got == EXPECTED_PROJECT_FINDINGS


def test_seed_findings_quote_the_cell(seed_plan: Plan) -> None:
    by_key = {(f.rule, f.project, f.indicator): f for f in check_plan(seed_plan)}
    f = by_key[("cost-direction", P[0], 4)]
    assert f.message == "成本指标应为反向指标（≤），此处为“≥96万元”：把成本上限写成了下限"
    assert f.suggestion == "改为 ≤96万元"
    assert f.basis
    assert "“支付手机账号个数”" in by_key[("unit-mismatch", P[7], 1)].message
    assert "“1”" in by_key[("placeholder", P[2], 7)].message
    assert "“≥90”" in by_key[("missing-unit", P[7], 7)].message


def test_seed_sound_rows_are_not_flagged(seed_plan: Plan) -> None:
    serious = {
        (P.index(f.project) + 1, f.indicator)
        for f in check_plan(seed_plan)
        if f.project is not None and f.severity in ("error", "warning")
    }
    assert serious.isdisjoint(SOUND_ROWS)


def test_seed_department_promises(seed_plan: Plan) -> None:
    dept = [f for f in check_plan(seed_plan) if f.project is None]
    # 2024年使群众社会安全感逐步增加: a trend without number
    trend = [f for f in dept if f.rule == "not-measurable"]
    assert [(f.severity, f.extra["indicator_name"], f.extra["value"]) for f in trend] == [
        ("warning", "群众社会安全感", "逐步增加")
    ]
    uncovered = {f.extra["indicator_name"] for f in dept if f.rule == "uncovered-promise"}
    # Satisfaction (every project has one) and the 360 days (project 5) are carried.
    assert uncovered == {"政法网畅通率", "见义勇为人定律和表彰率", "网络通畅", "社会安全感增长率"}
    assert {f.severity for f in dept if f.rule == "uncovered-promise"} == {"info"}
    assert {f.rule for f in dept} == {"not-measurable", "uncovered-promise"}


def _shared(*parts: str) -> Path:
    """A path under ../shared beside the clone, or beside the worktree folder."""
    for base in (REPO.parent, REPO.parent.parent):
        if (base / "shared").joinpath(*parts).exists():
            return (base / "shared").joinpath(*parts)
    pytest.skip("../shared 不存在（仅开发机与 CI 提供）")


def test_the_seed_text_itself_gives_the_same_findings() -> None:
    """Read the published text with the text reader, then check: the same defects, no more."""
    from jixiao.core.readers import read_document

    doc = read_document(_shared("seed", "julu-2024-zhengfawei.txt")).document
    assert isinstance(doc, Plan)
    assert [p.code for p in doc.projects] == P
    findings = check_plan(doc)
    got = {
        (f.rule, P.index(f.project) + 1, f.indicator, f.severity)
        for f in findings
        if f.project is not None
    }
    assert got == EXPECTED_PROJECT_FINDINGS
    dept = {(f.rule, f.extra["indicator_name"]) for f in findings if f.project is None}
    assert ("not-measurable", "群众社会安全感") in dept
    assert ("uncovered-promise", "政法网畅通率") in dept


def _shared_corpus() -> Path:
    return _shared("corpus")


def test_corpus_plans_meet_their_expectations() -> None:
    plans = sorted(_shared_corpus().glob("*.plan.json"))
    assert plans
    for path in plans:
        expect = json.loads(
            path.with_name(path.name.replace(".plan.json", ".expect.json")).read_text()
        )
        plan = Plan.from_dict(json.loads(path.read_text(encoding="utf-8")))
        findings = check_plan(plan)
        for item in expect.get("must_find", []):
            rules = set(item["rule"])
            hits = [f for f in findings if f.rule in rules and f.indicator == item["indicator"]]
            assert hits, (
                f"{path.name}: row {item['indicator']} should get one of {rules} ({item.get('why')})"
            )
        for pos in expect.get("must_not_flag", []):
            bad = [
                (f.rule, f.message)
                for f in findings
                if f.indicator == pos and f.project is not None and f.severity != "info"
            ]
            assert bad == [], f"{path.name}: row {pos} must not be flagged"
