"""The PDF reader on PDFs the tests build: ruled tables (read cell by cell) and plain text
lines without tables (read by the text reader)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.findings import ReadError
from jixiao.core.model import Plan
from jixiao.core.readers import read_document
from jixiao.core.readers.pdf import read_pdf
from jixiao.core.readers.text import read_text
from tests.hebei_pdf import _pdf, plan_html, plan_pdf, text_pdf

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "julu-2024-zhengfawei.txt"


@pytest.fixture(scope="module")
def sample_plan() -> Plan:
    doc = read_text(SAMPLE.read_text(encoding="utf-8"), str(SAMPLE)).document
    assert isinstance(doc, Plan)
    return doc


@pytest.mark.parametrize("name", ["renxian-jiaoyu-2025", "xiangdu-minzheng-2024"])
def test_tables_read_cell_by_cell(name: str) -> None:
    want = json.loads((DATA / f"{name}.plan.json").read_text(encoding="utf-8"))
    result = read_pdf(plan_pdf(Plan.from_dict(want)), source=f"{name}.pdf")
    assert result.warnings == []
    got = result.document.to_dict()
    for key in want:
        if key == "projects":
            for gp, wp in zip(got[key], want[key], strict=True):
                for field in wp:
                    assert gp[field] == wp[field], (wp["name"], field)
        else:
            assert got[key] == want[key], key


def test_sample_as_pdf_with_tables(sample_plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "julu-2024-zhengfawei.pdf"
    path.write_bytes(plan_pdf(sample_plan))
    got = read_document(path).document
    assert isinstance(got, Plan)
    assert got.to_dict() == sample_plan.to_dict()
    assert sum(p.budget.total or 0 for p in got.projects) == Decimal("148.24")


def test_pdf_without_tables_falls_back_to_the_text_reader(sample_plan: Plan) -> None:
    result = read_pdf(text_pdf(SAMPLE.read_text(encoding="utf-8")), source="julu-2024.pdf")
    assert result.document.to_dict() == sample_plan.to_dict()


def test_missing_column_names_the_page(sample_plan: Plan) -> None:
    one = Plan(
        year=sample_plan.year,
        region=sample_plan.region,
        department=sample_plan.department,
        projects=sample_plan.projects[:1],
    )
    html = plan_html(one).replace("<td colspan='2'>指标值确定依据</td>", "<td colspan='2'></td>")
    with pytest.raises(ReadError) as err:
        read_pdf(_pdf(html), source="broken.pdf")
    assert "缺少“指标值确定依据”列" in str(err.value)
    assert "第1页" in str(err.value)


def test_not_a_pdf_is_a_read_error() -> None:
    with pytest.raises(ReadError, match="无法打开 PDF"):
        read_pdf(b"%PDF-1.7\nnot really a pdf", source="bad.pdf")
