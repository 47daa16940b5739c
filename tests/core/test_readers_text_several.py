"""Several documents in one text file: refused as one plan, each read on its own.

The law: for generated plans rendered in any layout, the concatenation of their texts
reads back as exactly those plans (never one merged plan), and a single document is
never split (every other text-reader test would fail with ``ManyDocumentsError``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.core.findings import ReadError
from jixiao.core.model import Plan
from jixiao.core.readers import ReadResult, read_bytes, read_document
from jixiao.core.readers.text import ManyDocumentsError, read_text
from tests.core.test_readers_text_generated import plans, styles
from tests.hebei_render import render_plan

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "samples" / "julu-2024-zhengfawei.txt").read_text(encoding="utf-8")
XIANGDU = (ROOT / "tests" / "data" / "xiangdu-minzheng-2024.txt").read_text(encoding="utf-8")
RENXIAN = (ROOT / "tests" / "data" / "renxian-jiaoyu-2025.txt").read_text(encoding="utf-8")


def _lines(text: str) -> int:
    return len(text.splitlines())


def _several(text: str, source: str = "merged-2024.txt") -> ManyDocumentsError:
    with pytest.raises(ManyDocumentsError) as info:
        read_text(text, source=source)
    return info.value


def _plan(doc: ReadResult | ReadError) -> Plan:
    assert isinstance(doc, ReadResult), doc
    assert isinstance(doc.document, Plan)
    return doc.document


@pytest.mark.parametrize(
    ("texts", "why"),
    [
        ((SAMPLE, SAMPLE), "part 1 again"),
        ((SAMPLE, XIANGDU), "numbering restarts (no part 1)"),
        ((XIANGDU, SAMPLE), "part 1 after a table"),
        ((RENXIAN, XIANGDU, SAMPLE), "three"),
    ],
)
def test_each_document_reads_as_it_reads_alone(texts: tuple[str, ...], why: str) -> None:
    many = _several("".join(texts))
    starts, line = [], 1
    for t in texts:
        starts.append(line)
        line += _lines(t)
    assert many.starts == starts, why
    assert [_plan(d).to_dict() for d in many.documents] == [
        _plan(read_text(t, source="merged-2024.txt")).to_dict() for t in texts
    ]


def test_the_message_names_where_each_document_starts() -> None:
    many = _several(SAMPLE + XIANGDU)
    second = _lines(SAMPLE) + 1
    assert str(many) == (
        f"merged-2024.txt: 文件包含 2 份绩效文本（分别从第1行、第{second}行开始），"
        "不能合并为一个计划；请拆分为单独的文件后读取（jixiao check 可逐份审核）"
    )
    assert isinstance(many, ReadError)  # whoever wants one plan refuses the file


def test_read_document_and_read_bytes_refuse(tmp_path: Path) -> None:
    path = tmp_path / "两份.txt"
    path.write_text(SAMPLE + SAMPLE, encoding="utf-8")
    with pytest.raises(ManyDocumentsError):
        read_document(path)
    with pytest.raises(ManyDocumentsError):
        read_bytes((SAMPLE + SAMPLE).encode("utf-8"), "upload.txt")


def test_a_broken_document_among_good_ones_is_its_own_error() -> None:
    cut = "\n".join(XIANGDU.splitlines()[:12]) + "\n"  # ends inside its first table
    many = _several(SAMPLE + cut + RENXIAN)
    first, broken, third = many.documents
    assert _plan(first).department.code == "288001"
    assert isinstance(broken, ReadError)
    assert broken.location is not None
    assert (broken.location.line or 0) > _lines(SAMPLE)  # a line of the file, not of the part
    assert _plan(third).department.name == "任县教育局本级"


def test_the_parts_of_a_file_keep_the_files_line_numbers() -> None:
    lines = SAMPLE.splitlines()
    row = next(i for i, ln in enumerate(lines) if "总成本 用于维稳工作成本" in ln)
    lines[row] = "成本指标  总成本 ≤4 万元"
    broken = "\n".join(lines) + "\n"
    many = _several(SAMPLE + broken)
    warning = next(iter(_document_warnings(many.documents[1])))
    assert f"第{_lines(SAMPLE) + row + 1}行" in warning


def _document_warnings(doc: ReadResult | ReadError) -> list[str]:
    assert isinstance(doc, ReadResult)
    return [str(w) for w in doc.warnings]


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.tuples(plans(), styles()), min_size=2, max_size=3))
def test_concatenated_renderings_read_back_as_those_plans(docs: list[tuple[Plan, object]]) -> None:
    texts = [render_plan(plan, style) for plan, style in docs]  # type: ignore[arg-type]
    many = _several("".join(texts), source="generated-2024.txt")
    assert [_plan(d).to_dict() for d in many.documents] == [p.to_dict() for p, _ in docs]
