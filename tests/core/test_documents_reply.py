"""The 绩效目标批复: the letter and the approved targets, in PDF, Word and HTML."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.documents import RenderError
from jixiao.core.documents.reply import (
    DEFAULT_TEXT,
    Reply,
    check_pattern,
    render_reply,
    reply_layout,
    reply_number,
    reply_title,
)
from jixiao.core.model import Plan
from jixiao.core.readers import read_document

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "julu-2024-zhengfawei.txt"
HOSTILE = '<script>alert("x")</script> {{ 7*7 }} =cmd|"/c calc"!A1 & </w:t>\x07'


def _plan() -> Plan:
    doc = read_document(SAMPLE).document
    assert isinstance(doc, Plan)
    return doc


REPLY = Reply(
    number="巨财绩〔2024〕3号",
    issuer="巨鹿县财政局",
    addressee="巨鹿县政法委本级",
    issued=date(2024, 3, 5),
    text="同意你单位绩效目标。\n请进一步细化满意度指标。",
)


def test_number_follows_the_pattern() -> None:
    assert reply_number("{abbr}财绩〔{year}〕{n}号", region="巨鹿县", year=2024, n=12) == (
        "巨财绩〔2024〕12号"
    )
    assert reply_number("冀财绩〔{year}〕第{n}号", region="河北省", year=2025, n=1) == (
        "冀财绩〔2025〕第1号"
    )


@pytest.mark.parametrize(
    ("pattern", "message"),
    [("巨财绩〔{year}〕号", "{n}"), ("{who}{n}", "{who}"), ("{n", "无法解析")],
)
def test_bad_pattern_is_refused_in_chinese(pattern: str, message: str) -> None:
    with pytest.raises(RenderError, match="文号格式") as exc:
        check_pattern(pattern)
    assert message in str(exc.value)


def test_letter_then_the_approved_targets() -> None:
    plan = _plan()
    doc = reply_layout(plan, REPLY)
    assert doc.title == "关于巨鹿县政法委本级2024年度预算绩效目标的批复"
    texts = [b.text for b in doc.part1]
    assert texts[0] == "巨财绩〔2024〕3号"
    assert texts[1] == "巨鹿县政法委本级："
    assert "同意你单位绩效目标。" in texts
    assert "请进一步细化满意度指标。" in texts
    assert texts[-2:] == ["巨鹿县财政局", "2024年3月5日"]
    assert [b.text for b in doc.part2[:2]] == ["附件", "巨鹿县政法委本级2024年度批复的预算绩效目标"]
    assert len(doc.tables) == len(plan.projects)
    assert doc.subject == "绩效目标批复"


def test_empty_reply_text_gets_the_standard_sentence() -> None:
    doc = reply_layout(_plan(), Reply("1号", "财政局", "单位", date(2024, 1, 2)))
    assert DEFAULT_TEXT in [b.text for b in doc.part1]


def test_adjustment_has_its_own_title() -> None:
    reply = Reply("巨财绩〔2024〕9号", "巨鹿县财政局", "巨鹿县政法委本级", date(2024, 7, 1),
                  adjustment=True)  # fmt: skip
    assert reply_title(_plan(), reply) == "关于巨鹿县政法委本级2024年度预算绩效目标调整的批复"
    assert "调整申请收悉" in "".join(b.text for b in reply_layout(_plan(), reply).part1)


def test_pdf_carries_the_letter_and_the_tables() -> None:
    data = render_reply(_plan(), REPLY, "pdf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
        assert len(pdf.pages) > 2
    flat = text.replace("\n", "").replace(" ", "")
    for wanted in (
        "巨财绩〔2024〕3号",
        "请进一步细化满意度指标",
        "巨鹿县财政局",
        "附件",
        "绩效目标表",
    ):
        assert wanted in flat, wanted


def test_word_carries_the_letter_and_real_tables() -> None:
    plan = _plan()
    d = docx.Document(io.BytesIO(render_reply(plan, REPLY, "docx")))
    paragraphs = [p.text for p in d.paragraphs]
    assert paragraphs[0] == "关于巨鹿县政法委本级2024年度预算绩效目标的批复"
    assert "巨财绩〔2024〕3号" in paragraphs
    assert "2024年3月5日" in paragraphs
    assert len(d.tables) == len(plan.projects)
    assert d.core_properties.subject == "绩效目标批复"


def test_hostile_text_is_only_text_everywhere() -> None:
    plan = _plan()
    plan.projects[0].name = HOSTILE
    reply = Reply(HOSTILE, HOSTILE, HOSTILE, date(2024, 3, 5), text=HOSTILE)
    html = render_reply(plan, reply, "html").decode()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html
    assert "49" not in html.split("<body>")[1].split("附件")[0]
    d = docx.Document(io.BytesIO(render_reply(plan, reply, "docx")))
    printed = HOSTILE.replace("\x07", "")
    assert any(printed in p.text for p in d.paragraphs)
    with pdfplumber.open(io.BytesIO(render_reply(plan, reply, "pdf"))) as pdf:
        first = pdf.pages[0].extract_text() or ""
    assert "<script>alert" in first


@given(st.text(max_size=200))
def test_any_reply_text_is_printed_as_text_in_html(text: str) -> None:
    reply = Reply("1号", "财政局", "单位", date(2024, 1, 2), text=text)
    html = render_reply(Plan(year=2024), reply, "html").decode()
    body = html.split("<body>", 1)[1]
    assert "<script" not in body.lower().replace("&lt;script", "")


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=120), st.text(max_size=60))
def test_any_reply_text_is_stored_as_text_in_word(text: str, number: str) -> None:
    from jixiao.core.documents.layout import flat

    reply = Reply(number, "财政局", "单位", date(2024, 1, 2), text=text)
    d = docx.Document(io.BytesIO(render_reply(Plan(year=2024), reply, "docx")))
    paragraphs = [p.text for p in d.paragraphs]
    assert (flat(number) or "") in paragraphs
    for line in text.splitlines():
        if flat(line):
            assert flat(line) in paragraphs
