"""Word files as units type them read back to the plan they were typed from.

``tests/unit_docx.py`` writes each plan the way people and WPS do (merges, spans, runs,
several paragraphs per cell, three column layouts); the Word reader must recover every
field the layout carries: ``read_docx(write_unit_docx(p, s)) == carried(p)``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from jixiao.core.documents.carried import carried
from jixiao.core.model import Plan
from jixiao.core.readers.word import read_docx
from tests.documents_plans import plans
from tests.unit_docx import Style, styles, write_unit_docx


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plans(max_projects=3), styles())
def test_unit_typed_documents_read_back(plan: Plan, style: Style) -> None:
    result = read_docx(write_unit_docx(plan, style), "unit.docx")
    assert [str(w) for w in result.warnings] == []
    assert result.document.to_dict() == carried(plan).to_dict()
