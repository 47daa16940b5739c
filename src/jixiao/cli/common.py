"""Helpers shared by the file commands: reading input and reporting errors in Chinese."""

from __future__ import annotations

from pathlib import Path

import typer

from jixiao.core.findings import ReadError
from jixiao.core.readers import ReadResult, read_document

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2


def err(message: str) -> None:
    typer.echo(message, err=True)


def read_or_exit(path: Path) -> ReadResult:
    """Read ``path``; on failure print where and why (no traceback) and exit 2."""
    try:
        result = read_document(path)
    except ReadError as exc:
        err(f"错误：{exc}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    for w in result.warnings:
        err(f"警告：{w}")
    return result
