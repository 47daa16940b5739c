"""``jixiao render PLAN -f FORMAT -o OUT``: write the plan as its published 绩效文本.

PLAN is anything ``jixiao parse`` reads; a self-evaluation (jixiao.selfeval/1) gives its
自评表 (pdf, xlsx) or a draft 绩效自评报告 (docx). Formats: pdf (A4, fonts embedded), docx
(Word, editable tables), html, txt (the layout the text reader reads back) and xlsx
(the Excel 目标表). Without ``--format`` the format is the output file's extension;
txt and html go to the terminal when no ``-o`` is given. Exit status: 0 written, 2
unreadable input, a plan that cannot be printed, or bad usage. The output file is
written whole or not at all (a temporary file renamed into place). WeasyPrint,
python-docx, Jinja2 and openpyxl are imported only when their format is asked for.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from jixiao.cli.common import EXIT_UNREADABLE, err, read_or_exit
from jixiao.cli.term import is_terminal, safe

if TYPE_CHECKING:
    from jixiao.core.documents import Format
    from jixiao.core.model import SelfEvaluation

_SUFFIXES = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
    ".xlsx": "xlsx",
}
_NAMES = ("pdf", "docx", "html", "txt", "xlsx")
_TEXT = ("html", "txt")


def render(
    file: Annotated[
        Path,
        typer.Argument(help="绩效文本（.txt/.pdf）、Excel 或 JSON/YAML 文件", show_default=False),
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：pdf、docx、html、txt、xlsx（默认取输出文件的扩展名）",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="输出文件（txt、html 可省略，输出到终端）"),
    ] = None,
) -> None:
    """按发布版式生成部门预算绩效文本：PDF、Word、HTML、纯文本或 Excel 绩效目标表。"""
    fmt = _format(format, output)
    if output is None and fmt not in _TEXT:
        _usage(f"{fmt} 是二进制文件，请用 -o 指定输出文件")
    if output is not None and _same_file(file, output):
        _usage(f"输出文件 {output} 就是输入文件，请换一个文件名")
    from jixiao.core.documents import RenderError
    from jixiao.core.documents import render as render_document
    from jixiao.core.model import Plan

    document = read_or_exit(file).document
    try:
        if isinstance(document, Plan):
            data = render_document(document, fmt)
        else:
            data = _selfeval_document(file, document, fmt)
    except RenderError as exc:
        err(f"错误：{exc}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    if output is None:
        text = data.decode("utf-8")
        if is_terminal(sys.stdout):  # shown, not obeyed: bidi and separators escaped
            text = "\n".join(safe(line) for line in text.split("\n"))
        sys.stdout.write(text)
        return
    _write_whole(output, data)
    err(f"已写入 {output}")


def _selfeval_document(file: Path, doc: SelfEvaluation, fmt: Format) -> bytes:
    """A self-evaluation's documents: pdf the 自评表 (as the xlsx prints), docx the draft
    绩效自评报告, xlsx the 自评表 itself; scores by the document's policy (default mof-2020)."""
    if fmt not in ("pdf", "docx", "xlsx"):
        _usage(
            f"{file} 是项目支出绩效自评表（jixiao.selfeval/1）：可生成 pdf（自评表）、"
            "docx（绩效自评报告草稿）或 xlsx（自评表），不能生成 " + fmt
        )
    import io

    from jixiao.core.scoring import PolicyError, policy_for, score_selfeval

    try:
        policy = policy_for(doc, relative_to=file.resolve().parent)
    except PolicyError as exc:
        _usage(f"评分规则无法读取：{exc}")
        raise AssertionError from None  # pragma: no cover - _usage exits
    report = score_selfeval(doc, policy)
    if fmt == "pdf":
        from jixiao.core.documents.selfeval import render_selfeval_pdf

        return render_selfeval_pdf(doc, report)
    if fmt == "docx":
        from jixiao.core.documents.selfeval import render_selfeval_report

        return render_selfeval_report(doc, report)
    from jixiao.core.writers.excel_selfeval import selfeval_workbook

    out = io.BytesIO()
    selfeval_workbook(doc, report, scores="computed").save(out)
    return out.getvalue()


def _usage(message: str) -> None:
    err(f"错误：{message}")
    raise typer.Exit(EXIT_UNREADABLE)


def _format(given: str | None, output: Path | None) -> Format:
    if given is not None:
        fmt = given.strip().lower().lstrip(".")
        if fmt not in _NAMES:
            _usage(f"不支持的格式“{given}”，应为 {'、'.join(_NAMES)} 之一")
        return cast("Format", fmt)
    if output is not None and output.suffix.lower() in _SUFFIXES:
        return cast("Format", _SUFFIXES[output.suffix.lower()])
    _usage(
        "请用 --format 指定输出格式（pdf、docx、html、txt、xlsx），"
        "或给出扩展名为其中之一的输出文件（-o 文件名.pdf）"
    )
    raise AssertionError  # pragma: no cover - _usage exits


def _same_file(a: Path, b: Path) -> bool:
    try:
        return b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_whole(output: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``output``, then rename it into place."""
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent or Path("."))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 is for the temporary name only
        os.replace(tmp, output)
    except OSError as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        err(f"错误：无法写入 {output}：{exc.strerror or exc}")
        raise typer.Exit(EXIT_UNREADABLE) from None
