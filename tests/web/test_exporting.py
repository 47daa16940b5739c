from __future__ import annotations

import json

import pytest

from jixiao.core.readers.excel_plan import read_plan_workbook
from jixiao.web.plans.services import exporting
from tests.web.base import Cast, fixture_document

pytestmark = pytest.mark.django_db


def test_json_export_is_the_format_md_document_with_parsed_values(cast: Cast) -> None:
    data = json.loads(exporting.plan_json_bytes(cast.plan_a))
    assert data["format"] == "jixiao.plan/1"
    assert data["department"]["name"] == "巨鹿县政法委本级"
    cost = data["projects"][0]["indicators"][3]
    assert cost["target"] == "≥96万元"
    assert cost["parsed"]["op"] == "≥"
    assert data["projects"][0]["budget"]["total"] == "96.00"


def test_xlsx_export_reads_back_to_the_stored_projects(cast: Cast) -> None:
    result = read_plan_workbook(exporting.plan_xlsx_bytes(cast.plan_a), "x.xlsx")
    got = [p.to_dict() for p in result.document.projects]  # type: ignore[union-attr]
    assert got == [p.to_dict() for p in fixture_document().projects]


def test_export_filename_is_safe(cast: Cast) -> None:
    assert exporting.export_filename(cast.plan_a, "xlsx") == "测试县政法委本级-2024-绩效目标.xlsx"


def test_an_excel_export_imported_again_shows_an_empty_diff(cast: Cast) -> None:
    """Issue 11 #1: the 部门整体绩效目标 survives export → import (it used to go to "—")."""
    from jixiao.web.plans.services import importing

    data = exporting.plan_xlsx_bytes(cast.plan_a)
    preview = importing.preview_import(cast.units["A"], 2024, data, "导出.xlsx")
    assert preview.document.overall is not None
    assert preview.document.overall.to_dict() == fixture_document().overall.to_dict()  # type: ignore[union-attr]
    assert preview.diff.is_empty, preview.diff
