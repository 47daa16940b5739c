"""Round trip through Word: ``read_docx(render_docx(p)) == carried(p)``.

The Word reader is ``jixiao.core.readers.word.read_docx`` (beside ``documents.word``,
the writer); these tests are the contract between the two and are never skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from jixiao.core.documents.carried import carried
from jixiao.core.documents.word import render_docx
from jixiao.core.model import Plan
from jixiao.core.readers import ReadResult, read_document
from jixiao.core.readers.word import read_docx
from tests.documents_plans import plans

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "julu-2024-zhengfawei.txt"
SEED_PLAN = ROOT / "tests" / "data" / "julu-2024-plan.json"


def _read(data: bytes, source: str) -> ReadResult:
    return read_docx(data, source)


def _plan(path: Path) -> Plan:
    doc = read_document(path).document
    assert isinstance(doc, Plan)
    return doc


def test_seed_reads_back_every_field(shared_seed: Path) -> None:
    plan = _plan(shared_seed)
    assert carried(plan) == plan
    result = _read(render_docx(plan), "rendered.docx")
    assert result.warnings == []
    assert result.document.to_dict() == plan.to_dict()


def test_sample_reads_back_every_field() -> None:
    plan = _plan(SAMPLE)
    result = _read(render_docx(plan), "rendered.docx")
    assert result.warnings == []
    assert result.document.to_dict() == plan.to_dict()


def test_hand_made_seed_plan_reads_back_what_the_layout_carries() -> None:
    plan = Plan.from_dict(json.loads(SEED_PLAN.read_text(encoding="utf-8")))
    result = _read(render_docx(plan), "rendered.docx")
    assert result.document.to_dict() == carried(plan).to_dict()


def test_read_through_the_dispatcher(tmp_path: Path) -> None:
    """``jixiao parse`` picks the Word reader for a .docx file."""
    plan = _plan(SAMPLE)
    path = tmp_path / "julu-2024.docx"
    path.write_bytes(render_docx(plan))
    assert read_document(path).document.to_dict() == plan.to_dict()


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plans())
def test_generated_plans_read_back(plan: Plan) -> None:
    result = _read(render_docx(plan), "generated.docx")
    assert result.warnings == []
    assert result.document.to_dict() == carried(plan).to_dict()
