"""``jixiao parse FILE``: print what was read as format.md JSON (with ``parsed`` values)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli.common import read_or_exit


def parse(
    file: Annotated[Path, typer.Argument(help="绩效文本（.txt/.pdf）、Excel 或 JSON/YAML 文件")],
    yaml: Annotated[bool, typer.Option("--yaml", help="输出 YAML 而非 JSON")] = False,
) -> None:
    """读取文件并输出 jixiao.plan/1 或 jixiao.selfeval/1 文档。"""
    from jixiao.core.readers.structured import dump_json, dump_yaml

    result = read_or_exit(file)
    out = (
        dump_yaml(result.document, parsed=True) if yaml else dump_json(result.document, parsed=True)
    )
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
