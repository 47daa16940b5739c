"""The round-trip law of every format we write and read (issue 11 #1):
``read(write(plan)) == plan`` for JSON, YAML and the Excel workbook, on generated plans
and on the seed. The Excel workbook carries the 部门整体绩效目标 on its own sheet."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook

from jixiao.core.model import Plan
from jixiao.core.readers import read_bytes, read_document
from jixiao.core.readers.structured import dump_json, dump_yaml
from jixiao.core.writers.excel_overall import OVERALL_TITLE
from jixiao.core.writers.excel_plan import write_plan_workbook
from tests.strategies import plans

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "julu-2024-zhengfawei.txt"
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(data: bytes, name: str) -> Plan:
    doc = read_bytes(data, name).document
    assert isinstance(doc, Plan)
    return doc


def _json(plan: Plan) -> Plan:
    return _read(dump_json(plan).encode(), "plan.json")


def _yaml(plan: Plan) -> Plan:
    return _read(dump_yaml(plan).encode(), "plan.yaml")


def _xlsx(plan: Plan) -> Plan:
    return _read(write_plan_workbook(plan), "plan.xlsx")


@SETTINGS
@given(plans())
def test_json_round_trip(plan: Plan) -> None:
    assert _json(plan).to_dict() == plan.to_dict()


@SETTINGS
@given(plans())
def test_yaml_round_trip(plan: Plan) -> None:
    assert _yaml(plan).to_dict() == plan.to_dict()


@SETTINGS
@given(plans(cells=True))
def test_excel_round_trip(plan: Plan) -> None:
    assert _xlsx(plan).to_dict() == plan.to_dict()


@pytest.mark.parametrize("write", [_json, _yaml, _xlsx], ids=["json", "yaml", "xlsx"])
def test_the_seed_round_trips_through_every_format(shared_seed: Path, write: object) -> None:
    plan = read_document(shared_seed).document
    assert isinstance(plan, Plan)
    assert plan.overall is not None
    assert write(plan).to_dict() == plan.to_dict()  # type: ignore[operator]


@pytest.mark.parametrize("write", [_json, _yaml, _xlsx], ids=["json", "yaml", "xlsx"])
def test_the_sample_round_trips_through_every_format(write: object) -> None:
    plan = read_document(SAMPLE).document
    assert isinstance(plan, Plan)
    assert write(plan).to_dict() == plan.to_dict()  # type: ignore[operator]


def test_the_workbook_has_a_department_sheet_with_the_overall_targets() -> None:
    plan = read_document(SAMPLE).document
    assert isinstance(plan, Plan)
    assert plan.overall is not None
    wb = load_workbook(io.BytesIO(write_plan_workbook(plan)))
    assert wb.sheetnames[-1] == OVERALL_TITLE
    ws = wb[OVERALL_TITLE]
    parts = [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)]
    assert parts[:5] == ["年度", "地区", "部门", "金额单位", "总体目标"]
    assert parts.count("分项目标") == len(plan.overall.subgoals)
    assert parts.count("保障措施") == len(plan.overall.measures)
    assert ws.cell(7, 4).value == plan.overall.goal


def test_a_plan_without_projects_or_overall_round_trips() -> None:
    plan = Plan(year=2024)
    assert _xlsx(plan).to_dict() == plan.to_dict()
