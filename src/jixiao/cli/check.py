"""``jixiao check FILE``: check a plan's targets (审核) and report the findings.

Exit status: 0 no error-severity finding, 1 at least one error, 2 unreadable input or
configuration. The checker's config comes from ``--config`` or ``jixiao.toml`` in the
current directory. A self-evaluation (自评表) is not a target table: ``check`` says so
and exits 2; its recheck is ``jixiao score``.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jixiao.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, err, read_or_exit

if TYPE_CHECKING:
    from jixiao.core.findings import Finding
    from jixiao.core.model import Plan


class Format(StrEnum):
    text = "text"
    json = "json"
    html = "html"


def _list_rules(value: bool) -> None:
    """``--rules``: print the registry (slug, default severity, title, basis) and exit."""
    if not value:
        return
    from jixiao.core.checks import RULES
    from jixiao.core.checks.report import SEVERITY_LABELS

    for rule in RULES:
        typer.echo(f"{rule.slug:<26} {SEVERITY_LABELS[rule.severity]}  {rule.title}：{rule.basis}")
    raise typer.Exit(EXIT_OK)


def check(
    file: Annotated[Path, typer.Argument(help="绩效文本（.txt/.pdf）、Excel 或 JSON/YAML 文件")],
    format: Annotated[
        Format, typer.Option("--format", "-f", help="输出格式：text（终端）、json、html")
    ] = Format.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="写入文件（默认输出到终端）")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            envvar="JIXIAO_CONFIG",
            help="审核配置文件（默认当前目录下的 jixiao.toml）",
        ),
    ] = None,
    rules: Annotated[
        bool,
        typer.Option(
            "--rules",
            help="列出全部审核规则及其默认级别和依据",
            is_eager=True,
            callback=_list_rules,
        ),
    ] = False,
) -> None:
    """审核绩效目标：按规则检查每个项目的绩效目标表，列出问题、依据和修改建议。"""
    from jixiao.core.checks import RULE_SLUGS, check_plan
    from jixiao.core.config import ConfigError, find_config, load_config
    from jixiao.core.model import Plan

    try:
        cfg = load_config(config if config is not None else find_config(), RULE_SLUGS)
    except ConfigError as exc:
        err(f"错误：{exc}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    document = read_or_exit(file).document
    if not isinstance(document, Plan):
        err(
            f"错误：{file} 是项目支出绩效自评表（jixiao.selfeval/1），不是绩效目标表；"
            "check 只审核绩效目标，自评表请用 jixiao score 复核。"
        )
        raise typer.Exit(EXIT_UNREADABLE)
    findings = check_plan(document, cfg)
    if format is Format.json:
        text = json.dumps(
            {"findings": [f.to_dict() for f in findings]}, ensure_ascii=False, indent=2
        )
        _write(text + "\n", output)
    elif format is Format.html:
        from jixiao.core.checks.report import render_html

        _write(render_html(document, findings, source=file.name), output)
    else:
        _print_text(document, findings, file, output)
    errors = any(f.severity == "error" for f in findings)
    raise typer.Exit(EXIT_FINDINGS if errors else EXIT_OK)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        err(f"错误：无法写入 {output}：{exc.strerror}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    err(f"已写入 {output}")


_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _print_text(plan: Plan, findings: list[Finding], file: Path, output: Path | None) -> None:
    """A readable report grouped by project: position, severity, message, suggestion."""
    import io

    from rich.console import Console
    from rich.markup import escape
    from rich.text import Text

    from jixiao.core.checks.report import SEVERITY_LABELS, group_findings, row_label, summary

    buffer = io.StringIO() if output is not None else None
    console = (
        Console(file=buffer, highlight=False, soft_wrap=True)
        if buffer
        else Console(highlight=False, soft_wrap=True)
    )
    head = " ".join(x for x in (plan.department.name, f"{plan.year}年" if plan.year else "") if x)
    console.print(Text(f"{file.name}  {head}  审核结果：{summary(findings)}", style="bold"))
    for g in group_findings(plan, findings):
        console.print()
        console.print(Text(g.title, style="bold underline"))
        if not g.findings:
            console.print("  未发现问题。", style="green")
            continue
        last_row = ""
        for f in g.findings:
            where = row_label(f)
            if where != last_row:
                console.print(f"  {escape(where)}")
                last_row = where
            label = SEVERITY_LABELS.get(f.severity, f.severity)
            line = Text("    ")
            line.append(label, style=_STYLE.get(f.severity, ""))
            line.append(f" [{f.rule}] ", style="dim")
            line.append(f.message)
            console.print(line)
            if f.suggestion:
                console.print(Text(f"         建议：{f.suggestion}", style="green"))
    if buffer is not None:
        _write(buffer.getvalue(), output)
