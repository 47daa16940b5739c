"""``jixiao render``: every format written whole, Chinese errors with exit 2, no traceback,
and only the writer of the asked format imported."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.documents.text import render_text
from jixiao.core.model import Plan
from jixiao.core.readers import read_document

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "julu-2024-zhengfawei.txt"
SELFEVAL = ROOT / "tests" / "data" / "selfeval-typical.yaml"
runner = CliRunner()


def _sample() -> Plan:
    doc = read_document(SAMPLE).document
    assert isinstance(doc, Plan)
    return doc


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("out.txt", lambda b: b.decode("utf-8") == render_text(_sample())),
        ("out.html", lambda b: b.startswith(b"<!DOCTYPE html>") and "绩效目标表".encode() in b),
        ("out.docx", lambda b: "word/document.xml" in zipfile.ZipFile(io.BytesIO(b)).namelist()),
        ("out.xlsx", lambda b: "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(b)).namelist()),
    ],
)
def test_format_from_the_output_name(tmp_path: Path, name: str, check: object) -> None:
    out = tmp_path / name
    result = runner.invoke(app, ["render", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert f"已写入 {out}" in result.stderr
    assert callable(check)
    assert check(out.read_bytes())


def test_pdf_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "绩效文本.pdf"
    result = runner.invoke(app, ["render", str(SAMPLE), "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert read_document(out).document.to_dict() == _sample().to_dict()


def test_text_formats_go_to_the_terminal_without_output() -> None:
    result = runner.invoke(app, ["render", str(SAMPLE), "-f", "txt"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == render_text(_sample())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x"], "请用 --format 指定输出格式"),
        ([], "请用 --format 指定输出格式"),
        (["-f", "pdf"], "pdf 是二进制文件，请用 -o 指定输出文件"),
        (["-f", "odt", "-o", "x.odt"], "不支持的格式“odt”"),
    ],
)
def test_bad_usage_exits_2_in_chinese(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["render", str(SAMPLE), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "x.pdf")]
    )
    assert result.exit_code == 2
    assert "无法打开文件" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_a_self_evaluation_gives_its_table_and_a_draft_report(tmp_path: Path) -> None:
    import docx
    import pdfplumber

    pdf = tmp_path / "自评表.pdf"
    assert runner.invoke(app, ["render", str(SELFEVAL), "-o", str(pdf)]).exit_code == 0
    with pdfplumber.open(pdf) as doc:
        assert "项目支出绩效自评表" in (doc.pages[0].extract_text() or "")
    report = tmp_path / "自评报告.docx"
    assert runner.invoke(app, ["render", str(SELFEVAL), "-o", str(report)]).exit_code == 0
    assert docx.Document(str(report)).paragraphs[0].text.endswith("绩效自评报告")
    xlsx = tmp_path / "自评表.xlsx"
    assert runner.invoke(app, ["render", str(SELFEVAL), "-o", str(xlsx)]).exit_code == 0
    assert "xl/workbook.xml" in zipfile.ZipFile(xlsx).namelist()


def test_a_self_evaluation_has_no_text_layout(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(SELFEVAL), "-f", "txt"])
    assert result.exit_code == 2
    assert "自评表" in result.stderr
    assert "docx（绩效自评报告草稿）" in result.stderr


def test_a_plan_that_cannot_be_printed(tmp_path: Path) -> None:
    plan = _sample().to_dict()
    plan["money_unit"] = "千元"
    src = tmp_path / "plan.json"
    src.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["render", str(src), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2
    assert "金额单位应为“万元”或“元”" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_never_overwrites_its_input(tmp_path: Path) -> None:
    src = tmp_path / "plan.txt"
    src.write_bytes(SAMPLE.read_bytes())
    result = runner.invoke(app, ["render", str(src), "-f", "txt", "-o", str(src)])
    assert result.exit_code == 2
    assert "就是输入文件" in result.stderr
    assert src.read_bytes() == SAMPLE.read_bytes()


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    taken = tmp_path / "taken.docx"
    taken.mkdir()  # the output name is a directory: the final rename fails
    result = runner.invoke(app, ["render", str(SAMPLE), "-o", str(taken)])
    assert result.exit_code == 2
    assert "无法写入" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["taken.docx"]  # no temporary file left
    assert list(taken.iterdir()) == []
    result = runner.invoke(app, ["render", str(SAMPLE), "-o", str(tmp_path / "no" / "x.docx")])
    assert result.exit_code == 2
    assert "无法写入" in result.stderr


def test_only_the_asked_writer_is_imported(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from jixiao.cli import main\n"
        f"sys.argv = ['jixiao', 'render', {str(SAMPLE)!r}, '-o', {str(tmp_path / 'x.txt')!r}]\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "heavy = {'weasyprint', 'docx', 'openpyxl', 'jinja2', 'django', 'pdfplumber'}\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
    assert (tmp_path / "x.txt").read_text(encoding="utf-8") == render_text(_sample())
