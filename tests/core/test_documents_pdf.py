"""The PDF: A4 pages whose text layer carries the Chinese text in embedded CJK fonts, rows
never split across pages, merged level cells, and the PDF reader recovering the plan:
``read_pdf(render_pdf(p)) == carried(p)`` for the seed and for generated plans."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from pdfminer.pdftypes import resolve1

from jixiao.core.documents import RenderError
from jixiao.core.documents.carried import carried
from jixiao.core.documents.fonts import cjk_fonts
from jixiao.core.documents.pdf import render_pdf
from jixiao.core.model import Indicator, Plan
from jixiao.core.readers import read_document
from jixiao.core.readers.pdf import read_pdf
from tests.documents_plans import plans

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "julu-2024-zhengfawei.txt"
SEED_PLAN = ROOT / "tests" / "data" / "julu-2024-plan.json"
A4 = (595.28, 841.89)  # points


def _plan(path: Path) -> Plan:
    doc = read_document(path).document
    assert isinstance(doc, Plan)
    return doc


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_pdf(_plan(SAMPLE))


@pytest.fixture(scope="module")
def long_table_pdf() -> tuple[Plan, bytes]:
    """One project whose 30 indicator rows, some of them long, run over three pages."""
    plan = _plan(SAMPLE)
    plan.projects = plan.projects[:1]
    base = plan.projects[0].indicators
    rows = []
    for k in range(30):
        ind = base[k % len(base)]
        rows.append(
            Indicator(
                level1=ind.level1,
                level2=ind.level2,
                name=f"{ind.name}{k}",
                description=(ind.description or "") + "，保障线路正常运行" * (k % 5),
                target=ind.target,
                basis=ind.basis,
            )
        )
    rows.sort(key=lambda i: ["产出指标", "效益指标", "满意度指标"].index(i.level1 or ""))
    plan.projects[0].indicators = rows
    return plan, render_pdf(plan)


def test_sample_reads_back_every_field(sample_pdf: bytes) -> None:
    result = read_pdf(sample_pdf, source="rendered.pdf")
    assert result.warnings == []
    assert result.document.to_dict() == _plan(SAMPLE).to_dict()


def test_seed_reads_back_every_field(shared_seed: Path) -> None:
    plan = _plan(shared_seed)
    assert carried(plan) == plan
    result = read_pdf(render_pdf(plan), source="rendered.pdf")
    assert result.warnings == []
    assert result.document.to_dict() == plan.to_dict()


def test_hand_made_seed_plan_reads_back_what_the_layout_carries() -> None:
    plan = Plan.from_dict(json.loads(SEED_PLAN.read_text(encoding="utf-8")))
    result = read_pdf(render_pdf(plan), source="rendered.pdf")
    assert result.warnings == []
    assert result.document.to_dict() == carried(plan).to_dict()


def test_a4_pages_with_page_numbers(sample_pdf: bytes) -> None:
    with pdfplumber.open(io.BytesIO(sample_pdf)) as pdf:
        assert len(pdf.pages) >= 9
        for n, page in enumerate(pdf.pages, start=1):
            assert (float(page.width), float(page.height)) == pytest.approx(A4, abs=0.5)
            last = page.extract_text_lines()[-1]
            assert last["text"].replace(" ", "") == f"—{n}—"
            assert last["top"] > 0.9 * float(page.height)


def test_text_layer_carries_the_chinese_text(sample_pdf: bytes) -> None:
    plan = _plan(SAMPLE)
    with pdfplumber.open(io.BytesIO(sample_pdf)) as pdf:
        text = "".join((page.extract_text() or "") for page in pdf.pages)
        chars = [c for page in pdf.pages for c in page.chars]
        cells = {
            (c or "").replace("\n", "")
            for page in pdf.pages
            for t in page.find_tables()
            for row in t.extract()
            for c in row
        }
    flat = "".join(text.split())
    assert "巨鹿县政法委本级2024年部门预算绩效文本" in flat
    assert "第一部分部门整体绩效目标" in flat
    assert plan.overall is not None
    assert plan.overall.goal is not None
    assert plan.overall.goal in flat
    for project in plan.projects:
        assert f"{project.name}绩效目标表" in flat
        assert project.code in cells
        for ind in project.indicators:
            for cell in (ind.name, ind.description, ind.target, ind.basis):
                assert cell in cells, cell
    # No tofu: every character printed in a CJK font that has it (the text layer maps
    # each glyph back to its character, so a missing glyph shows as U+FFFD or a gap).
    fonts = cjk_fonts()

    def key(name: str) -> str:  # "ABCDEF+Noto-Serif-CJK-SC" → "notoserifcjksc"
        return "".join(ch for ch in name.split("+", 1)[-1].lower() if ch.isalnum())

    families = {key(fonts.serif), key(fonts.sans)}
    assert "\ufffd" not in text
    cjk = [c for c in chars if "\u4e00" <= c["text"] <= "\u9fff"]
    assert len(cjk) > 3000
    assert {key(c["fontname"]) for c in cjk} <= families


def _fonts(pdf: Any) -> list[dict[str, Any]]:
    """The font dictionaries of every page (descendant fonts of composite fonts)."""
    out = []
    for page in pdf.pages:
        resources = resolve1(page.page_obj.resources)
        for ref in resolve1(resources.get("Font", {})).values():
            font = resolve1(ref)
            for desc in resolve1(font.get("DescendantFonts", [])) or [font]:
                out.append(resolve1(desc))
    return out


def test_fonts_are_embedded(sample_pdf: bytes) -> None:
    with pdfplumber.open(io.BytesIO(sample_pdf)) as pdf:
        fonts = _fonts(pdf)
    assert fonts
    for font in fonts:
        descriptor = resolve1(font["FontDescriptor"])
        assert any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3")), font
        assert "CJK" in resolve1(font["BaseFont"]).name


def test_level_cells_are_merged(sample_pdf: bytes) -> None:
    with pdfplumber.open(io.BytesIO(sample_pdf)) as pdf:
        rows = [row for t in pdf.pages[2].find_tables() for row in t.extract()]
    header = next(i for i, r in enumerate(rows) if r[0] == "一级指标")
    first = [r[0] for r in rows[header + 1 :]]
    # 产出指标 over four rows, 效益指标 over two, 满意度指标 one: covered cells are None.
    assert first == ["产出指标", None, None, None, "效益指标", None, "满意度指标"]


def _pages_with_rows(pdf_bytes: bytes) -> list[list[list[str]]]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [
            [
                [(c or "").replace("\n", "") for c in row]
                for t in page.find_tables()
                for row in t.extract()
            ]
            for page in pdf.pages
        ]


def test_rows_are_never_split_and_the_header_repeats(long_table_pdf: tuple[Plan, bytes]) -> None:
    plan, data = long_table_pdf
    pages = _pages_with_rows(data)
    with_rows = [rows for rows in pages if rows]
    assert len(with_rows) >= 3  # the table does cross pages
    for rows in with_rows:
        assert any(r[0] == "一级指标" for r in rows[:8])  # every part has its header
    found = 0
    for ind in plan.projects[0].indicators:
        whole = [ind.name, ind.description, ind.target, ind.basis]
        hits = [r for rows in pages for r in rows if [c for c in r if c][-4:] == whole]
        assert len(hits) == 1, ind.name  # one row holds all its cells: not split
        found += 1
    assert found == 30


def test_a_long_table_reads_back(long_table_pdf: tuple[Plan, bytes]) -> None:
    plan, data = long_table_pdf
    result = read_pdf(data, source="long.pdf")
    assert result.warnings == []
    assert result.document.to_dict() == carried(plan).to_dict()


def test_no_cjk_font_is_a_chinese_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fontconfig without a Chinese font: a clear message, not a PDF full of boxes."""
    fc_list = tmp_path / "fc-list"
    fc_list.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    fc_list.chmod(fc_list.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    cjk_fonts.cache_clear()
    try:
        with pytest.raises(RenderError, match="apt-get install fonts-noto-cjk"):
            render_pdf(_plan(SAMPLE))
        monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no fc-list at all
        cjk_fonts.cache_clear()
        with pytest.raises(RenderError, match="未找到中文字体"):
            render_pdf(_plan(SAMPLE))
    finally:
        cjk_fonts.cache_clear()


# Each example renders and reads a PDF of up to four projects (seconds each): few but
# varied examples here; run more by hand when the layout changes.
@settings(
    max_examples=12,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plans(max_projects=4))
def test_generated_plans_read_back(plan: Plan) -> None:
    result = read_pdf(render_pdf(plan), source="generated.pdf")
    assert result.warnings == []
    assert result.document.to_dict() == carried(plan).to_dict()
