"""The ``jixiao`` command line: thin commands over ``jixiao.core``.

Exit status means something: 0 ok, 1 findings of error severity, 2 unreadable input or
bad usage. File commands (parse, check, score) import only the core; the web commands
import Django inside their functions. A new command is one line below; how a file
command starts fast is explained in ``jixiao.cli.common``.
"""

from __future__ import annotations

import sys

import typer

from jixiao.cli import check as _check
from jixiao.cli import common as _common
from jixiao.cli import demo as _demo
from jixiao.cli import monitor as _monitor
from jixiao.cli import parse as _parse
from jixiao.cli import render as _render
from jixiao.cli import score as _score

app = typer.Typer(
    name="jixiao",
    help="绩效 — 预算绩效管理：读取、审核、监控、评分。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """绩效 — 预算绩效管理：读取、审核、监控、评分。"""


app.command("parse")(_parse.parse)
app.command("check")(_check.check)
app.command("score")(_score.score)
app.command("render")(_render.render)
app.command("demo")(_demo.demo)
app.command("monitor")(_monitor.monitor)


def main() -> None:
    # Plain command lines are bound without Typer's pydantic coercion (see cli.common).
    _common.run(app, sys.argv[1:])
