"""The ``jixiao`` command line: thin commands over ``jixiao.core``.

Exit status means something: 0 ok, 1 findings of error severity, 2 unreadable input or
bad usage. File commands (parse, check, score) import only the core; the web commands
import Django inside their functions, so ``jixiao parse`` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from jixiao.cli import check as _check
from jixiao.cli import demo as _demo
from jixiao.cli import monitor as _monitor
from jixiao.cli import parse as _parse
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
app.command("demo")(_demo.demo)
app.command("monitor")(_monitor.monitor)


def main() -> None:
    # Typer coerces every argument through pydantic, whose import alone takes ~0.15 s.
    # ``jixiao parse FILE [--yaml]`` is the hot path (batches, the web demo), so that
    # plain form calls the command directly; anything else (--help, errors) goes to Typer.
    plain = _plain_parse(sys.argv[1:])
    if plain is not None:
        try:
            _parse.parse(plain[0], yaml=plain[1])
        except typer.Exit as exc:
            sys.exit(exc.exit_code)
        return
    app()


def _plain_parse(args: list[str]) -> tuple[Path, bool] | None:
    if not args or args[0] != "parse":
        return None
    files = [a for a in args[1:] if a != "--yaml"]
    if len(files) != 1 or files[0].startswith("-") or args[1:].count("--yaml") > 1:
        return None
    return Path(files[0]), "--yaml" in args[1:]
