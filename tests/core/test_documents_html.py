"""The HTML page: self-contained, every text escaped, merged level cells as rowspans."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.documents.html import render_html
from jixiao.core.documents.layout import flat
from jixiao.core.model import Plan
from jixiao.core.readers import read_document

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "julu-2024-zhengfawei.txt"
HOSTILE = {
    "name": "<script>alert('x')</script>工作经费",
    "purpose": "{{ 7*7 }}{% if true %}模板{% endif %}",
    "description": "=cmd|'/C calc'!A0",
    "basis": '"><img src=x onerror=alert(1)>',
    "department": "</style><style>body{display:none}</style>政法委",
    "goal": "&amp; &lt;b&gt; 原样",
}


class _Page(HTMLParser):
    """Tags and text of a page, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _sample() -> Plan:
    doc = read_document(SAMPLE).document
    assert isinstance(doc, Plan)
    return doc


def _hostile_plan() -> Plan:
    plan = _sample()
    p = plan.projects[0]
    p.name = HOSTILE["name"]
    p.purpose = HOSTILE["purpose"]
    p.indicators[0].description = HOSTILE["description"]
    p.indicators[0].basis = HOSTILE["basis"]
    p.goals[0] = HOSTILE["goal"]
    plan.department.name = HOSTILE["department"]
    return plan


def test_hostile_text_is_printed_as_written() -> None:
    html = render_html(_hostile_plan())
    page = _Page()
    page.feed(html)
    assert "script" not in page.tags
    assert "img" not in page.tags
    assert page.tags.count("style") == 1  # ours; the department's </style> is text
    assert not any(k.startswith("on") for k, _ in page.attrs)
    text = "".join(page.text).replace("\u00a0", " ")
    for value in HOSTILE.values():
        assert value in text, value
    assert "49" not in text  # {{ 7*7 }} was not evaluated
    assert "&lt;script&gt;" in html


def test_page_is_self_contained() -> None:
    html = render_html(_sample())
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>巨鹿县政法委本级2024年部门预算绩效文本</title>" in html
    for external in ("http://", "https://", "<link", "<script", "@import", "url("):
        assert external not in html


def test_level_cells_are_merged_and_the_header_repeats() -> None:
    html = render_html(_sample())
    first = html[html.index('<section class="project">') : html.index("</section>")]
    assert '<td class="value" rowspan="4">产出指标</td>' in first
    assert '<td class="value" rowspan="2">效益指标</td>' in first
    assert first.count("<thead>") == 1  # repeated by the printer on every page
    assert first.count("<tbody>") == 1 + 3  # the block above, then one per level1 run
    assert '<td class="label" rowspan="2">预算规模及资金用途</td>' in first


def test_ascii_words_keep_their_space_without_wrapping_there() -> None:
    plan = _sample()
    plan.projects[0].name = "ISO 9001认证"
    html = render_html(plan)
    assert "ISO\u00a09001认证" in html
    assert "ISO 9001" not in html.split("<body>", 1)[1]


_OUR_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "b"}
_OUR_TAGS |= {"section", "table", "colgroup", "col", "thead", "tbody", "tr", "td", "div", "span"}


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(st.text(min_size=1, max_size=80), st.text(min_size=1, max_size=80))
def test_any_text_is_only_text(name: str, description: str) -> None:
    """Whatever a plan holds, the page has our tags only and shows the text as printed."""
    plan = _sample()
    plan.projects[0].name = name
    plan.projects[0].indicators[0].description = description
    page = _Page()
    page.feed(render_html(plan))
    assert set(page.tags) <= _OUR_TAGS
    text = "".join(page.text).replace("\u00a0", " ")
    for value in (name, description):
        if flat(value):
            assert flat(value) in text
