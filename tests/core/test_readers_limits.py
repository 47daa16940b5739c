"""Read limits (issue 11 #10): a small hostile file is refused before it is inflated or
built, with a Chinese message giving the real figure and the limit's key."""

from __future__ import annotations

import io
import json
import re
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from jixiao.core.config import ConfigError, parse_config
from jixiao.core.findings import ReadError
from jixiao.core.readers import read_bytes, read_document
from jixiao.core.readers.limits import (
    MB,
    LimitError,
    ReadLimits,
    current,
    format_bytes,
    parse_limits,
    using,
)
from jixiao.core.writers.excel_plan import write_plan_workbook

FIXTURE = Path(__file__).resolve().parents[2] / "src/jixiao/web/demo/julu-2024-zhengfawei.plan.json"


def _plan_workbook() -> bytes:
    from jixiao.core.model import Plan

    return write_plan_workbook(Plan.from_dict(json.loads(FIXTURE.read_text(encoding="utf-8"))))


def _bomb(inflated: int, *, members: int = 0) -> bytes:
    """A real xlsx zip bomb: a valid workbook whose sheet1.xml is padded with
    ``inflated`` bytes of whitespace (deflates ~1000:1), plus ``members`` empty files."""
    base = _plan_workbook()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml" and inflated:
                member = zipfile.ZipInfo(info.filename)
                member.compress_type = zipfile.ZIP_DEFLATED
                # streamed: the test never holds the inflated bytes either
                with dst.open(member, "w", force_zip64=True) as fh:
                    head, _, tail = data.partition(b"<sheetData>")
                    fh.write(head + b"<sheetData>")
                    chunk = b" " * MB
                    for _ in range(inflated // MB):
                        fh.write(chunk)
                    fh.write(tail)
            else:
                dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        for i in range(members):
            dst.writestr(f"xl/media/pad{i}.bin", b"")
    return out.getvalue()


def test_the_size_message_gives_the_real_size_and_the_limit() -> None:
    data = b"x" * (51 * MB + 300 * 1024)
    with pytest.raises(LimitError) as info:
        read_bytes(data, "big.txt")
    assert str(info.value).endswith("文件过大（51.3 MB），上限为 50 MB")
    assert info.value.limit == "max_file_bytes"


def test_a_file_on_disk_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(60 * MB)  # sparse: no 60 MB written
    with pytest.raises(LimitError, match=r"文件过大（60 MB），上限为 50 MB"):
        read_document(big)


def test_a_real_zip_bomb_is_refused_from_its_directory_without_inflating() -> None:
    bomb = _bomb(300 * MB)
    assert len(bomb) < 2 * MB  # small on the wire
    tracemalloc.start()
    try:
        with pytest.raises(LimitError) as info:
            read_bytes(bomb, "bomb.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "Excel 文件解压后过大（300" in str(info.value)
    assert "上限为 200 MB（limits.max_archive_bytes）" in str(info.value)
    assert peak < 20 * MB  # nothing was inflated


def test_an_archive_of_too_many_members_is_refused() -> None:
    with pytest.raises(LimitError, match=r"包含 2\d{3} 个内部文件，上限为 2000 个"):
        read_bytes(_bomb(0, members=2_000), "many.xlsx")


def test_limits_are_configurable_and_a_lower_one_refuses_a_real_plan() -> None:
    data = _plan_workbook()
    assert read_bytes(data, "ok.xlsx").document
    with using(ReadLimits(max_indicators=5)), pytest.raises(LimitError) as info:
        read_bytes(data, "plan.xlsx")
    assert "指标数超过上限" in str(info.value)
    assert "limits.max_indicators" in str(info.value)
    with using(ReadLimits(max_projects=2)), pytest.raises(LimitError, match="项目数超过上限：4 个"):
        read_bytes(data, "plan.xlsx")
    with using(ReadLimits(max_archive_bytes=10 * 1024)), pytest.raises(LimitError):
        read_bytes(data, "plan.xlsx")
    assert current() == ReadLimits()  # the block ends, the defaults are back


def test_projects_and_indicators_are_bounded_in_every_format() -> None:
    doc = {
        "format": "jixiao.plan/1",
        "projects": [{"name": "大项目", "indicators": [{"name": f"指标{i}"} for i in range(30)]}],
    }
    text = json.dumps(doc, ensure_ascii=False)
    with (
        using(ReadLimits(max_indicators=20)),
        pytest.raises(LimitError, match="项目“大项目”的指标数超过上限：30 个，上限为 20 个"),
    ):
        read_bytes(text.encode(), "plan.json")
    with using(ReadLimits(max_projects=1)):
        doc2 = {"format": "jixiao.plan/1", "projects": [{"name": "a"}, {"name": "b"}]}
        with pytest.raises(LimitError, match="项目数超过上限：2 个"):
            read_bytes(json.dumps(doc2).encode(), "plan.json")


def _patched(data: bytes, member: str, edit: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info, edit(body) if info.filename == member else body)
    return out.getvalue()


def test_a_merge_over_the_whole_sheet_is_refused_before_openpyxl_fills_it_in() -> None:
    # openpyxl makes one object per merged cell on load: 17 billion for this range.
    bomb = _patched(
        _plan_workbook(),
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(
            rb"<mergeCells[^>]*>.*?</mergeCells>",
            b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
            xml,
            flags=re.S,
        ),
    )
    with pytest.raises(LimitError, match=r"表格行数超过上限：1048576 个"):
        read_bytes(bomb, "merged.xlsx")


def test_rows_and_cells_are_counted_from_the_xml_before_the_workbook_is_built() -> None:
    def many_rows(xml: bytes) -> bytes:
        rows = b"".join(
            b'<row r="%d"><c r="A%d" t="n"><v>1</v></c></row>' % (i, i)
            for i in range(1000, 1000 + 3000)
        )
        return xml.replace(b"</sheetData>", rows + b"</sheetData>")

    data = _patched(_plan_workbook(), "xl/worksheets/sheet2.xml", many_rows)
    with using(ReadLimits(max_rows=2000)), pytest.raises(LimitError, match="表格行数超过上限"):
        read_bytes(data, "rows.xlsx")
    with using(ReadLimits(max_cells=2500)), pytest.raises(LimitError, match="单元格数超过上限"):
        read_bytes(data, "cells.xlsx")
    with using(ReadLimits(max_indicators=5000)):  # 3000 rows of "1" are indicators
        assert read_bytes(data, "fine.xlsx").document


def test_a_broken_zip_is_a_read_error_not_a_crash() -> None:
    with pytest.raises(ReadError, match="不是有效的压缩包"):
        read_bytes(b"PK\x03\x04" + b"\x00" * 40, "broken.xlsx")


def test_limits_come_from_jixiao_toml_and_bad_keys_are_named() -> None:
    cfg = parse_config({"limits": {"max_file_mb": 80, "max_indicators": 1000}})
    assert cfg.read_limits == ReadLimits(max_file_bytes=80 * MB, max_indicators=1000)
    with pytest.raises(ConfigError, match=r"limits\.max_things 未知"):
        parse_config({"limits": {"max_things": 3}})
    with pytest.raises(ConfigError, match=r"limits\.max_rows.*应为正整数"):
        parse_config({"limits": {"max_rows": -1}})
    with pytest.raises(ValueError, match="应为正整数"):
        parse_limits({"max_depth": True})


@pytest.mark.parametrize(
    ("n", "text"),
    [(12, "12 字节"), (50 * MB, "50 MB"), (int(51.3 * MB), "51.3 MB"), (820 * 1024, "820 KB")],
)
def test_sizes_read_as_people_say_them(n: int, text: str) -> None:
    assert format_bytes(n) == text
