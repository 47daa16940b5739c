"""``jixiao check FILE…``: check plans' targets (审核) and report the findings.

One file: its report (text, ``--format json`` or ``html``), as always. Several files, a
directory, a text file holding several documents, or ``--format jsonl``: every document
is checked, in parallel (``cli.batch``), and a summary follows.

Exit status: 0 no error-severity finding, 1 at least one error, 2 an unreadable input
(in a batch: any) or a bad configuration. In a batch, self-evaluations are skipped (a
folder often holds both); given alone they are refused. The checker's config comes from ``--config``
or ``jixiao.toml`` in the current directory. A self-evaluation (自评表) is not a target
table: ``check`` says so and exits 2; its recheck is ``jixiao score``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jixiao.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, err
from jixiao.cli.term import Codes, json_safe, paint, safe

if TYPE_CHECKING:
    from jixiao.core.config import CheckConfig
    from jixiao.core.findings import Finding
    from jixiao.core.model import Plan


class Format(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    html = "html"


def check(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="绩效文本（.txt/.pdf）、Excel 或 JSON/YAML 文件；可给多个文件或目录",
            metavar="FILE...",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：text（终端）、json、jsonl（每份文档一行，批量用）、html",
        ),
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
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="批量审核的并行进程数（默认每个 CPU 核一个）"),
    ] = None,
    rules: Annotated[
        bool, typer.Option("--rules", help="列出全部审核规则及其默认级别和依据")
    ] = False,
) -> None:
    """审核绩效目标：按规则检查每个项目的绩效目标表，列出问题、依据和修改建议。"""
    if rules:
        _list_rules()
        raise typer.Exit(EXIT_OK)
    if not files:
        err("错误：请指定要审核的文件或目录，例如 jixiao check 绩效文本.txt")
        raise typer.Exit(EXIT_UNREADABLE)
    if jobs is not None and jobs < 1:
        err("错误：--jobs 应为正整数")
        raise typer.Exit(EXIT_UNREADABLE)
    cfg = load_check_config(config)
    if len(files) == 1 and not files[0].is_dir() and format is not Format.jsonl:
        _check_one(files[0], cfg, format, output, jobs)
    from jixiao.cli.batch import check_batch

    raise typer.Exit(check_batch(files, cfg, format, output, jobs))


def _list_rules() -> None:
    """``--rules``: the registry (slug, default severity, title, basis)."""
    from jixiao.core.checks import RULES
    from jixiao.core.checks.report import SEVERITY_LABELS

    for rule in RULES:
        sys.stdout.write(
            f"{rule.slug:<26} {SEVERITY_LABELS[rule.severity]}  {rule.title}：{rule.basis}\n"
        )


def load_check_config(path: Path | None) -> CheckConfig:
    """The checker's config from ``path`` or ./jixiao.toml; exit 2 when it is wrong."""
    from jixiao.core.checks import RULE_SLUGS
    from jixiao.core.config import ConfigError, find_config, load_config
    from jixiao.core.readers import limits

    try:
        cfg = load_config(path if path is not None else find_config(), RULE_SLUGS)
    except ConfigError as exc:
        err(f"错误：{exc}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    limits.configure(cfg.read_limits)
    return cfg


def _check_one(
    file: Path, cfg: CheckConfig, format: Format, output: Path | None, jobs: int | None
) -> None:
    """One file: its report as before. Returns only for a file of several documents."""
    from jixiao.core.checks import check_plan
    from jixiao.core.findings import ReadError
    from jixiao.core.model import Plan
    from jixiao.core.readers import read_document
    from jixiao.core.readers.text import ManyDocumentsError

    try:
        result = read_document(file)
    except ManyDocumentsError:
        if format is Format.html:
            err(f"错误：{file} 包含多份绩效文本，HTML 报告一次只能写一份；请用 text、json 或 jsonl")
            raise typer.Exit(EXIT_UNREADABLE) from None
        return  # each document on its own, in a batch
    except ReadError as exc:
        err(f"错误：{exc}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    for w in result.warnings:
        err(f"警告：{w}")
    document = result.document
    if not isinstance(document, Plan):
        err(not_a_plan(file))
        raise typer.Exit(EXIT_UNREADABLE)
    findings = check_plan(document, cfg)
    if format is Format.json:
        text = json.dumps(
            {"findings": [f.to_dict() for f in findings]}, ensure_ascii=False, indent=2
        )
        _write(json_safe(text) + "\n", output)
    elif format is Format.html:
        from jixiao.core.checks.report import render_html

        _write(render_html(document, findings, source=file.name), output)
    else:
        from jixiao.cli.term import style_codes

        codes = style_codes(sys.stdout) if output is None else {}
        _write(report_text(document, findings, file.name, codes), output)
    errors = any(f.severity == "error" for f in findings)
    raise typer.Exit(EXIT_FINDINGS if errors else EXIT_OK)


def not_a_plan(file: Path | str) -> str:
    return (
        f"错误：{file} 是项目支出绩效自评表（jixiao.selfeval/1），不是绩效目标表；"
        "check 只审核绩效目标，自评表请用 jixiao score 复核。"
    )


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


def report_text(plan: Plan, findings: Iterable[Finding], name: str, codes: Codes) -> str:
    """A readable report grouped by project: position, severity, message, suggestion.

    One string built from plain parts (file text through ``safe``), styled with ANSI
    codes when ``codes`` has them: thousands of findings take milliseconds."""
    from jixiao.core.checks.report import SEVERITY_LABELS, group_findings, row_label, summary

    findings = list(findings)
    head = " ".join(x for x in (plan.department.name, f"{plan.year}年" if plan.year else "") if x)
    out = [paint(codes, safe(f"{name}  {head}  审核结果：{summary(findings)}"), "bold"), "\n"]
    for g in group_findings(plan, findings):
        out.append("\n")
        out += paint(codes, safe(g.title), "bold underline"), "\n"
        if not g.findings:
            out += paint(codes, "  未发现问题。", "green"), "\n"
            continue
        last_row = ""
        for f in g.findings:
            where = row_label(f)
            if where != last_row:
                out += "  ", safe(where), "\n"
                last_row = where
            label = SEVERITY_LABELS.get(f.severity, f.severity)
            out += "    ", paint(codes, label, _STYLE.get(f.severity, ""))
            out += paint(codes, f" [{safe(f.rule)}] ", "dim"), safe(f.message), "\n"
            if f.suggestion:
                out += paint(codes, f"         建议：{safe(f.suggestion)}", "green"), "\n"
    return "".join(out)
