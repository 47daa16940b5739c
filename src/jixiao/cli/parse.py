"""``jixiao parse FILE``: print what was read as a ``jixiao.plan/1`` or ``jixiao.selfeval/1``
document (JSON, or YAML with ``--yaml``), with the ``parsed`` values.

A text file holding several documents is refused (exit 2) with the line where each
starts: one output is one document. ``jixiao check`` checks such a file document by
document.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli.common import read_or_exit
from jixiao.cli.term import json_safe


def parse(
    file: Annotated[Path, typer.Argument(help="绩效文本（.txt/.pdf）、Excel 或 JSON/YAML 文件")],
    yaml: Annotated[bool, typer.Option("--yaml", help="输出 YAML 而非 JSON")] = False,
) -> None:
    """读取文件并输出 jixiao.plan/1 或 jixiao.selfeval/1 文档。"""
    from jixiao.core.readers.structured import dump_json, dump_yaml

    result = read_or_exit(file)
    if yaml:  # PyYAML writes control characters as escapes in double quotes
        out = dump_yaml(result.document, parsed=True)
    else:
        out = json_safe(dump_json(result.document, parsed=True))
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
