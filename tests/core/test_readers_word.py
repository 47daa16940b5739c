"""The Word reader: picked by content, bounded before it allocates, old .doc refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from jixiao.core.documents.carried import carried
from jixiao.core.documents.word import render_docx
from jixiao.core.findings import ReadError
from jixiao.core.model import Plan
from jixiao.core.readers import read_bytes, read_document
from jixiao.core.readers.word import DocxLimits, check_docx_package, read_docx

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "julu-2024-zhengfawei.txt"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.fixture(scope="module")
def sample_plan() -> Plan:
    doc = read_document(SAMPLE).document
    assert isinstance(doc, Plan)
    return doc


def test_a_docx_is_told_from_a_workbook_by_its_members(sample_plan: Plan) -> None:
    data = render_docx(sample_plan)
    for name in ("上传文件", "绩效文本.zip", "plan.docx"):
        assert read_bytes(data, name).document.to_dict() == carried(sample_plan).to_dict()


@pytest.mark.parametrize("name", ["plan.doc", "plan.wps", "plan", "plan.docx"])
def test_old_binary_word_is_refused_saying_save_as_docx(name: str) -> None:
    data = OLE + bytes(504) + "WordDocument".encode("utf-16-le")
    with pytest.raises(ReadError, match=r"旧版 Word.*另存为 \.docx"):
        read_bytes(data, name)


def test_old_binary_excel_is_refused_saying_save_as_xlsx() -> None:
    with pytest.raises(ReadError, match=r"另存为 \.xlsx"):
        read_bytes(OLE + bytes(504), "目标表.xls")


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_opened() -> None:
    bomb = _zip({"word/document.xml": b"<" * (40 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024
    with pytest.raises(ReadError, match="压缩比异常"):
        read_docx(bomb, "bomb.docx")


def test_too_many_members_or_too_much_data_is_refused() -> None:
    class Small(DocxLimits):
        max_members = 3
        max_uncompressed = 1000

    with pytest.raises(ReadError, match="4 个部件，上限为 3 个"):
        check_docx_package(_zip({f"word/{i}.xml": b"x" for i in range(4)}), "a.docx", Small)
    with pytest.raises(ReadError, match="解压后为"):
        check_docx_package(_zip({"word/a.xml": b"x" * 2000}), "a.docx", Small)


def test_not_a_zip_says_so() -> None:
    with pytest.raises(ReadError, match="不是有效的 Word 文件"):
        read_bytes(b"hello", "plan.docx")


def test_a_zip_that_is_not_a_word_document_is_a_chinese_error() -> None:
    with pytest.raises(ReadError, match="无法打开 Word 文件"):
        read_bytes(_zip({"word/x.txt": b"x"}), "plan.docx")
