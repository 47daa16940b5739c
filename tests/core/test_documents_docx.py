"""The Word document, opened with python-docx: real tables with Word merges, the same
sections as the PDF, rows that do not break across pages, any text stored as text."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.documents.layout import flat
from jixiao.core.documents.word import render_docx
from jixiao.core.model import Plan
from jixiao.core.readers import read_document

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "julu-2024-zhengfawei.txt"


def _sample() -> Plan:
    doc = read_document(SAMPLE).document
    assert isinstance(doc, Plan)
    return doc


@pytest.fixture(scope="module")
def document() -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(_sample())))


def _texts(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def test_sections_in_the_published_order(document: docx.document.Document) -> None:
    texts = _texts(document)
    assert texts[:5] == [
        "巨鹿县政法委本级2024年部门预算绩效文本",
        "第一部分",
        "部门整体绩效目标",
        "一、总体绩效目标",
        _sample().overall.goal,  # type: ignore[union-attr]
    ]
    for heading in ("二、分项绩效目标", "三、工作保障措施", "第二部分", "预算项目绩效目标"):
        assert heading in texts
    assert "（一）加快巨鹿县综治工作建设，维护社会稳定，有效防控风险" in texts
    assert "绩效目标：对各区群众安全感、公正执法满意度开展重点督导，加大宣传力度。" in texts
    assert "1.村级综治视联网线路租赁费和设备维护费绩效目标表" in texts
    assert "288001 巨鹿县政法委本级\t单位：万元" in texts
    second = next(p for p in document.paragraphs if p.text == "第二部分")
    assert second.paragraph_format.page_break_before


def test_real_tables_one_per_project(document: docx.document.Document) -> None:
    plan = _sample()
    assert len(document.tables) == len(plan.projects)
    for table, project in zip(document.tables, plan.projects, strict=True):
        assert len(table.columns) == 13
        # head block (6 rows), column header, one row per indicator
        assert len(table.rows) == 6 + 1 + len(project.indicators)
        cells = table.rows[0].cells
        assert (cells[0].text, cells[1].text, cells[6].text, cells[8].text) == (
            "项目编码",
            project.code,
            "项目名称",
            project.name,
        )
        header = [table.rows[6].cells[k].text for k in (0, 1, 3, 5, 9, 11)]
        assert header == [
            "一级指标",
            "二级指标",
            "三级指标",
            "绩效指标描述",
            "指标值",
            "指标值确定依据",
        ]
        for row, ind in zip(table.rows[7:], project.indicators, strict=True):
            got = [row.cells[k].text for k in (0, 1, 3, 5, 9, 11)]
            assert got == [
                ind.level1,
                ind.level2,
                ind.name,
                ind.description,
                ind.target,
                ind.basis,
            ]


def test_level_cells_are_word_merges(document: docx.document.Document) -> None:
    table = document.tables[0]
    trs = table._tbl.tr_lst
    first_level1 = [tr.tc_lst[0] for tr in trs[7:11]]  # 产出指标 over four rows
    assert first_level1[0].vMerge == "restart"
    assert [tc.vMerge for tc in first_level1[1:]] == ["continue"] * 3
    assert all(tc.grid_span == 1 for tc in first_level1)
    level2 = trs[7].tc_lst[1]
    assert (level2.grid_span, level2.vMerge) == (2, None)  # one row: spans columns only
    budget_label = trs[1].tc_lst[0]
    assert budget_label.vMerge == "restart"
    assert trs[2].tc_lst[0].vMerge == "continue"
    assert trs[2].tc_lst[1].grid_span == 12  # 资金用途 across the table


def test_rows_never_break_and_groups_keep_together(document: docx.document.Document) -> None:
    for table in document.tables:
        for tr in table._tbl.tr_lst:
            assert tr.trPr is not None
            assert tr.trPr.find(qn("w:cantSplit")) is not None
    table = document.tables[0]
    keep = [row.cells[-1].paragraphs[0].paragraph_format.keep_with_next for row in table.rows]
    # head block and column header stay with the first rows; each level1 run together
    assert keep == [True] * 7 + [True, True, True, None, True, None, None]


def test_page_numbers_in_the_footer(document: docx.document.Document) -> None:
    footer = document.sections[0].footer.paragraphs[0]
    fields = footer._p.findall(qn("w:fldSimple"))
    assert [f.get(qn("w:instr")) for f in fields] == ["PAGE"]
    assert footer.text.startswith("— ")
    assert footer.text.endswith(" —")


def test_any_text_is_stored_as_text() -> None:
    plan = _sample()
    p = plan.projects[0]
    p.name = '<w:p>&"</w:t>项目'
    p.indicators[0].description = "=cmd|'/C calc'!A0 & <b>"
    p.purpose = "用途\x07含控制字符\x00与\n换行"
    document = docx.Document(io.BytesIO(render_docx(plan)))
    row0 = document.tables[0].rows[0].cells
    assert row0[8].text == '<w:p>&"</w:t>项目'
    assert document.tables[0].rows[7].cells[5].text == "=cmd|'/C calc'!A0 & <b>"
    assert document.tables[0].rows[2].cells[1].text == "用途含控制字符与 换行"
    assert '1.<w:p>&"</w:t>项目绩效目标表' in _texts(document)


def test_a_plan_in_yuan_without_part_one() -> None:
    plan = _sample()
    plan.overall = None
    plan.money_unit = "元"
    document = docx.Document(io.BytesIO(render_docx(plan)))
    texts = _texts(document)
    assert "第一部分" not in texts
    assert "288001 巨鹿县政法委本级\t单位：元" in texts
    assert not next(
        p for p in document.paragraphs if p.text == "第二部分"
    ).paragraph_format.page_break_before


@settings(max_examples=30, deadline=None, database=None, derandomize=True)
@given(st.text(min_size=1, max_size=60), st.text(min_size=1, max_size=60))
def test_any_unicode_is_stored(name: str, description: str) -> None:
    """Whatever a plan holds (controls, surrogates, markup): a valid document whose
    cells hold the text as printed (one line, controls dropped)."""
    plan = _sample()
    plan.projects[0].name = name
    plan.projects[0].indicators[0].description = description
    table = docx.Document(io.BytesIO(render_docx(plan))).tables[0]
    assert table.rows[0].cells[8].text == flat(name)
    assert table.rows[7].cells[5].text == flat(description)
