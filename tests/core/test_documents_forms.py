"""The Excel forms printed as PDF (自评表, 运行监控表) and the draft 绩效自评报告 (Word)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pdfplumber
import pytest

from jixiao.core.documents.monitoring import render_monitor_pdf
from jixiao.core.documents.selfeval import (
    REPORT_SECTIONS,
    render_selfeval_pdf,
    render_selfeval_report,
)
from jixiao.core.documents.sheet import cell_text, sheet_page
from jixiao.core.model import SelfEvaluation
from jixiao.core.monitoring import MonitorSettings, compute_monitor, read_ledger, read_progress
from jixiao.core.monitoring.workbook import monitor_workbook
from jixiao.core.readers import read_document
from jixiao.core.scoring import score_selfeval
from jixiao.core.writers.excel_selfeval import TITLE, selfeval_workbook
from tests.core.monitoring_support import SAMPLE_LEDGER, SAMPLE_PROGRESS, sample_plan

ROOT = Path(__file__).resolve().parents[2]
TYPICAL = ROOT / "tests" / "data" / "selfeval-typical.yaml"
HOSTILE = '<script>alert("x")</script>{{ 7*7 }}=cmd|"/c calc"!A1'


def _selfeval() -> SelfEvaluation:
    doc = read_document(TYPICAL).document
    assert isinstance(doc, SelfEvaluation)
    return doc


def _pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join((p.extract_text() or "") for p in pdf.pages)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _printed(data: bytes) -> tuple[set[str], str]:
    """The PDF's table cells (each squeezed: a wrapped cell is one string) and its text."""
    cells: set[str] = set()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                cells.update(_squeeze(c) for row in table for c in row if c)
    return cells, _squeeze(_pdf_text(data))


def _missing(texts: list[str], data: bytes) -> list[str]:
    cells, text = _printed(data)
    return [t for t in texts if _squeeze(t) not in cells and _squeeze(t) not in text]


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (Decimal("118.5"), "0.00", "118.50"),
        (Decimal("0.98"), "0.00%", "98.00%"),
        (Decimal("14.81"), "0.00", "14.81"),
        (7, "0", "7"),
        (Decimal("1.5"), "General", "1.5"),
        (date(2024, 8, 31), "General", "2024-08-31"),
        (None, "0.00", ""),
        ("a\nb", "General", "a b"),
    ],
)
def test_cells_show_what_excel_shows(value: object, fmt: str, shown: str) -> None:
    assert cell_text(value, fmt) == shown


def test_selfeval_pdf_carries_every_cell_of_the_xlsx_form() -> None:
    doc = _selfeval()
    report = score_selfeval(doc)
    page = sheet_page(selfeval_workbook(doc, report, scores="computed")[TITLE])
    texts = [c.text for row in page.rows for c in row if c.text]
    assert "项目支出绩效自评表" in texts
    assert any(c.rowspan > 1 for row in page.rows for c in row)  # 一级 merged as in the xlsx
    data = render_selfeval_pdf(doc, report)
    assert _missing(texts, data) == []
    cells, _text = _printed(data)
    assert "116.13" in cells
    assert str(report.total) in cells


def test_monitoring_pdf_carries_every_sheet() -> None:
    plan = sample_plan()
    ledger = read_ledger(SAMPLE_LEDGER.read_bytes(), SAMPLE_LEDGER.name, plan)
    progress = read_progress(SAMPLE_PROGRESS.read_bytes(), SAMPLE_PROGRESS.name, plan)
    report = compute_monitor(plan, date(2024, 8, 31), ledger.payments, progress, MonitorSettings())
    wb = monitor_workbook(report, plan)
    data = render_monitor_pdf(report, plan)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert all(p.width > p.height for p in pdf.pages)  # landscape, like the xlsx
        assert len(pdf.pages) >= len(wb.worksheets)
    for ws in wb.worksheets:
        texts = [c.text for row in sheet_page(ws).rows for c in row if c.text]
        assert _missing(texts, data) == [], ws.title
    fills = [c.fill for ws in wb.worksheets for row in sheet_page(ws).rows for c in row if c.fill]
    assert fills  # the lamps keep their colours


def test_draft_report_has_the_usual_sections_filled_from_the_data() -> None:
    doc = _selfeval()
    report = score_selfeval(doc)
    d = docx.Document(io.BytesIO(render_selfeval_report(doc, report)))
    paragraphs = [p.text for p in d.paragraphs]
    assert paragraphs[0] == "农村义务教育学生营养改善计划绩效自评报告"
    positions = [paragraphs.index(s) for s in REPORT_SECTIONS]
    assert positions == sorted(positions)
    body = "\n".join(paragraphs)
    assert "实施单位：某县第一中学" in body
    assert "全年执行数116.13万元" in body
    assert f"项目自评得分{report.total}分" in body
    assert "家长满意度" in body  # 88% < 90%: named under 存在问题
    [table] = d.tables
    assert [c.text for c in table.rows[0].cells][:3] == ["一级指标", "二级指标", "三级指标"]
    assert len(table.rows) == 1 + len(doc.indicators)
    assert table.rows[9].cells[4].text == "88%"


def test_hostile_text_is_text_in_the_forms() -> None:
    doc = _selfeval()
    doc.project.name = HOSTILE
    doc.indicators[0].reason = HOSTILE + "\x07"
    report = score_selfeval(doc)
    d = docx.Document(io.BytesIO(render_selfeval_report(doc, report)))
    body = "\n".join(
        [p.text for p in d.paragraphs] + [c.text for r in d.tables[0].rows for c in r.cells]
    )
    assert HOSTILE in body
    printed = _pdf_text(render_selfeval_pdf(doc, report))
    assert '<script>alert("x")</script>' in printed.replace("\n", "")
