"""Office-made PDFs: tables that cross pages, read back to the plan they were typed from.

Fixtures (``tests/data/office``): Word documents written by ``tests/unit_docx.py`` and
exported to PDF by LibreOffice, tables breaking at rows, in cells, inside merged level
labels and headings; each with the plan it carries. They run everywhere. The generated
test converts new documents and runs only where LibreOffice is installed
(``scripts/system-deps.sh``); it checks the reader is never silently wrong: a document
reads back exactly, or the reader says what it doubts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from jixiao.core.documents.carried import carried
from jixiao.core.model import Plan
from jixiao.core.readers.pdf import read_pdf
from jixiao.core.readers.word import read_docx
from tests.documents_plans import plans
from tests.office import SOFFICE, office_pdfs
from tests.unit_docx import Style, styles, write_unit_docx

OFFICE = Path(__file__).resolve().parents[1] / "data" / "office"
FIXTURES = sorted(p.name.removesuffix(".pdf") for p in OFFICE.glob("unit-*.pdf"))


def test_there_are_fixtures() -> None:
    assert len(FIXTURES) >= 5


@pytest.mark.parametrize("name", FIXTURES)
def test_office_pdf_reads_back_every_field(name: str) -> None:
    want = json.loads((OFFICE / f"{name}.plan.json").read_text(encoding="utf-8"))
    result = read_pdf((OFFICE / f"{name}.pdf").read_bytes(), source=f"{name}.pdf")
    assert [str(w) for w in result.warnings] == []
    assert json.loads(json.dumps(result.document.to_dict(), default=str)) == want


@pytest.mark.parametrize("name", FIXTURES)
def test_the_word_file_behind_it_reads_the_same(name: str) -> None:
    want = json.loads((OFFICE / f"{name}.plan.json").read_text(encoding="utf-8"))
    result = read_docx((OFFICE / f"{name}.docx").read_bytes(), source=f"{name}.docx")
    assert result.warnings == []
    assert json.loads(json.dumps(result.document.to_dict(), default=str)) == want


def test_a_row_cut_by_the_page_without_a_repeated_header_stays_one_row() -> None:
    """unit-5: no repeated header after the break, rows cut by it; every 指标值 and 依据
    stays with its row and column (the reader before this one skipped the project)."""
    want = json.loads((OFFICE / "unit-5.plan.json").read_text(encoding="utf-8"))
    got = read_pdf((OFFICE / "unit-5.pdf").read_bytes(), source="unit-5.pdf").document
    for p, w in zip(got.to_dict()["projects"], want["projects"], strict=True):
        for i, j in zip(p["indicators"], w["indicators"], strict=True):
            assert (i["target"], i["basis"]) == (j["target"], j["basis"])


def test_a_row_the_reader_cannot_place_is_named_with_its_project_and_page() -> None:
    """doubt-1: a one-line row ends page 3 and a full row starts page 4; whether the
    second is the first's rest cannot be told, so the project is marked, not passed off."""
    result = read_pdf((OFFICE / "doubt-1.pdf").read_bytes(), source="doubt-1.pdf")
    doubts = [w for w in result.warnings if "读取存疑" in w.message]
    assert len(doubts) == 1
    assert doubts[0].location is not None
    assert doubts[0].location.page == 4
    assert "第5个指标在页首" in doubts[0].message
    plan = result.document
    assert isinstance(plan, Plan)
    marked = [p for p in plan.projects if p.extra.get("read_doubts")]
    assert len(marked) == 1
    assert doubts[0].message.startswith(f"项目“{marked[0].name}”")
    assert marked[0].extra["read_doubts"] == [
        {"page": 4, "message": marked[0].extra["read_doubts"][0]["message"]}
    ]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice 未安装（scripts/system-deps.sh 安装）")
@settings(
    max_examples=6,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plans(max_projects=3), styles())
def test_generated_office_documents_are_never_silently_misread(plan: Plan, style: Style) -> None:
    docx = write_unit_docx(plan, style)
    want = carried(plan).to_dict()
    assert read_docx(docx, "unit.docx").document.to_dict() == want
    pdf = office_pdfs({"unit": docx})["unit"]
    result = read_pdf(pdf, source="unit.pdf")
    assert result.document.to_dict() == want or result.warnings
