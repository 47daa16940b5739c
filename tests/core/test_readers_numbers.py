"""Numbers and structures at the border (issue 11 #11): NaN, Infinity, 1e30, huge ints,
deep nesting and a document's ``policy`` are refused by the readers with a Chinese
``ReadError`` (never InvalidOperation, OverflowError, RecursionError or OSError);
negative budgets and points are error-level findings."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao.core.checks import check_plan
from jixiao.core.findings import ReadError
from jixiao.core.model import Plan, SelfEvaluation
from jixiao.core.readers import read_bytes, read_document
from jixiao.core.readers.limits import LimitError
from jixiao.core.scoring import PolicyError, policy_for, score_selfeval
from jixiao.core.writers.excel_plan import write_plan_workbook

ROOT = Path(__file__).resolve().parents[2]
PLAN = json.loads((ROOT / "src/jixiao/web/demo/julu-2024-zhengfawei.plan.json").read_text("utf-8"))
DATA = ROOT / "tests" / "data"

BAD_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e30", "1e309", "-1e309", "1" * 5000, "1e-999"]
# Where money, percents and points sit in the two formats.
PLAN_PATHS = [
    ("projects", 0, "budget", "total"),
    ("projects", 0, "budget", "fiscal"),
    ("projects", 0, "spending_plan", 0, "percent"),
    ("projects", 0, "indicators", 0, "points"),
]
SELFEVAL_PATHS = [
    ("funds", "annual"),
    ("funds", "executed"),
    ("execution", "points"),
    ("indicators", 0, "points"),
    ("indicators", 0, "published_score"),
    ("published_total",),
]


def _selfeval() -> dict[str, Any]:
    doc = read_document(DATA / "selfeval-formulas.yaml").document
    assert isinstance(doc, SelfEvaluation)
    return doc.to_dict()


def _set(doc: dict[str, Any], path: tuple[Any, ...], marker: str) -> str:
    """The document as JSON text with the raw ``marker`` (unquoted) at ``path``."""
    d = copy.deepcopy(doc)
    node: Any = d
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = "@@N@@"
    return json.dumps(d, ensure_ascii=False).replace('"@@N@@"', marker)


@pytest.mark.parametrize("number", BAD_NUMBERS)
@pytest.mark.parametrize("path", PLAN_PATHS + SELFEVAL_PATHS, ids=lambda p: ".".join(map(str, p)))
def test_a_bad_number_anywhere_is_a_read_error_naming_it(
    path: tuple[Any, ...], number: str
) -> None:
    base = PLAN if path[0] == "projects" else _selfeval()
    text = _set(base, path, number)
    with pytest.raises(ReadError) as info:
        read_bytes(text.encode(), "doc.json")
    message = str(info.value)
    assert any(w in message for w in ("非有限", "过大", "小数位过多", "数值")), message
    # The same number written as a string is refused too.
    with pytest.raises(ReadError):
        read_bytes(_set(base, path, json.dumps(number)).encode(), "doc.json")


@pytest.mark.parametrize("number", [".nan", ".inf", "-.inf", "1.0e+30", "1e400"])
def test_yaml_non_finite_and_huge_numbers_are_refused(number: str) -> None:
    text = f"format: jixiao.plan/1\nprojects:\n- name: 甲\n  budget:\n    total: {number}\n"
    with pytest.raises(ReadError):
        read_bytes(text.encode(), "doc.yaml")


@pytest.mark.parametrize("suffix", ["json", "yaml"])
def test_nesting_5000_deep_is_a_limit_error_not_a_recursion_error(suffix: str) -> None:
    deep = "[" * 5000 + "]" * 5000
    text = '{"format": "jixiao.plan/1", "projects": [], "x": ' + deep + "}"
    with pytest.raises(LimitError, match="嵌套过深"):
        read_bytes(text.encode(), f"deep.{suffix}")
    shallow_but_over = "[" * 100 + "]" * 100  # parses fine, then the bound refuses it
    text = '{"format": "jixiao.plan/1", "projects": [], "x": ' + shallow_but_over + "}"
    with pytest.raises(LimitError, match=r"limits\.max_depth"):
        read_bytes(text.encode(), f"deep.{suffix}")


def test_yaml_alias_expansion_is_bounded() -> None:
    lines = ["format: jixiao.plan/1", "projects: []", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(LimitError, match=r"limits\.max_nodes"):
        read_bytes("\n".join(lines).encode(), "laughs.yaml")
    with pytest.raises(LimitError):
        read_bytes(b"format: jixiao.plan/1\nprojects: []\nloop: &l [*l]\n", "loop.yaml")


def _xlsx_with_cell(value: str) -> bytes:
    data = write_plan_workbook(Plan.from_dict(copy.deepcopy(PLAN)))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(
                    b"</sheetData>",
                    b'<row r="300"><c r="A300"><v>'
                    + value.encode()
                    + b"</v></c></row></sheetData>",
                )
            dst.writestr(info, body)
    return out.getvalue()


@pytest.mark.parametrize("value", ["1E+300", "1e999", "-1e999"])
def test_an_excel_number_out_of_range_is_a_read_error_with_its_cell(value: str) -> None:
    with pytest.raises(ReadError) as info:
        read_bytes(_xlsx_with_cell(value), "plan.xlsx")
    assert "第300行" in str(info.value) or "数值" in str(info.value)


def test_a_plain_decimal_of_many_digits_reads_within_bounds() -> None:
    text = _set(PLAN, PLAN_PATHS[0], '"123456789012.123456"')
    plan = read_bytes(text.encode(), "doc.json").document
    assert isinstance(plan, Plan)
    assert plan.projects[0].budget.total == Decimal("123456789012.123456")


# --- the self-evaluation's policy ----------------------------------------------------


def _doc_with_policy(policy: object) -> SelfEvaluation:
    d = _selfeval()
    d["policy"] = policy
    return SelfEvaluation.from_dict(d)


@pytest.mark.parametrize(
    "policy",
    [
        "x" * 300,
        "/etc/passwd",
        "../policy.yaml",
        "sub/policy.yaml",
        "C:\\p.yaml",
        "a\0.yaml",
        ".env",
    ],
)
def test_a_documents_policy_cannot_name_any_path(policy: str, tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="只能是内置评分规则"):
        policy_for(_doc_with_policy(policy), relative_to=tmp_path)


def test_a_documents_policy_may_name_a_builtin_or_a_file_beside_it(tmp_path: Path) -> None:
    assert policy_for(_doc_with_policy("mof-2020"), relative_to=tmp_path).name == "mof-2020"
    (tmp_path / "整数分.yaml").write_text(
        "name: 整数分\nreverse_formula: linear\n", encoding="utf-8"
    )
    assert policy_for(_doc_with_policy("整数分.yaml"), relative_to=tmp_path).name == "整数分"
    with pytest.raises(PolicyError, match="应为评分规则名称或对象"):
        policy_for(_doc_with_policy([1, 2]), relative_to=tmp_path)


def test_the_user_may_still_choose_any_policy_file(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "p.yaml").write_text("name: 别处\n", encoding="utf-8")
    assert policy_for(_doc_with_policy(None), other / "p.yaml").name == "别处"
    with pytest.raises(PolicyError, match="找不到评分规则"):
        policy_for(_doc_with_policy(None), "y" * 300)


# --- negative amounts are findings, and scoring still works -------------------------


def test_negative_budget_and_points_are_error_findings() -> None:
    d = copy.deepcopy(PLAN)
    d["projects"][0]["budget"]["total"] = "-10"
    d["projects"][0]["budget"]["fiscal"] = "-10"
    d["projects"][0]["spending_plan"][0]["percent"] = "-5"
    d["projects"][1]["indicators"][2]["points"] = "-3"
    plan = read_bytes(json.dumps(d, ensure_ascii=False).encode(), "neg.json").document
    assert isinstance(plan, Plan)
    found = [f for f in check_plan(plan) if f.rule == "negative-amount"]
    assert [(f.severity, f.project, f.indicator) for f in found] == [
        ("error", plan.projects[0].key, None),
        ("error", plan.projects[1].key, 3),
    ]
    assert "预算数 -10" in found[0].message
    assert "-5%" in found[0].message
    assert "分值为负数（-3）" in found[1].message


def test_a_selfeval_with_negative_numbers_scores_without_crashing() -> None:
    d = _selfeval()
    d["indicators"][0]["points"] = "-5"
    d["funds"]["annual"] = "-100"
    d["execution"]["points"] = "-10"
    report = score_selfeval(SelfEvaluation.from_dict(d))
    text = json.dumps(report.to_dict(), ensure_ascii=False)
    assert "NaN" not in text
    assert "Infinity" not in text
