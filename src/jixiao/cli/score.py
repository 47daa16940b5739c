"""``jixiao score FILE``: score a self-evaluation by a policy and re-check (复核) it.

Exit status: 0 when the table was scored, whatever 复核 found (findings are the expected
output of a re-check, not a failure of the command); 1 with ``--strict`` when there are
findings, so a pipeline can stop on them; 2 when the file or the policy cannot be read.
openpyxl is imported only on the ``--xlsx`` path.
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
    from jixiao.core.model import SelfEvaluation
    from jixiao.core.scoring import ScoreReport


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def score(
    file: Annotated[
        Path, typer.Argument(help="自评表：jixiao.selfeval/1 的 JSON/YAML，或 Excel 自评表")
    ],
    policy: Annotated[
        str | None,
        typer.Option(
            "--policy",
            envvar="JIXIAO_POLICY",
            help="评分规则：内置名称（mof-2020）或 YAML 文件；默认取文档的 policy 字段，再默认 mof-2020",
        ),
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="输出格式：text（表格）或 json（format.md §4）")
    ] = OutputFormat.text,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="另存为标准《项目支出绩效自评表》Excel 文件")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="复核发现问题时以状态码 1 退出")] = False,
) -> None:
    """按评分规则计算自评得分，并复核公开的得分、总分和等级。"""
    from jixiao.core.model import SelfEvaluation
    from jixiao.core.scoring import PolicyError, policy_for, score_selfeval

    doc = read_or_exit(file).document
    if not isinstance(doc, SelfEvaluation):
        err(f"错误：{file} 不是自评表（jixiao.selfeval/1），而是绩效目标；请用 jixiao check 审核")
        raise typer.Exit(EXIT_UNREADABLE)
    try:
        chosen = policy_for(doc, policy, relative_to=file.resolve().parent)
    except PolicyError as exc:
        err(f"错误：{exc}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    report = score_selfeval(doc, chosen)

    if output is OutputFormat.json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_text(doc, report)
    if xlsx is not None:
        from jixiao.core.writers.excel_selfeval import write_selfeval_xlsx

        try:
            write_selfeval_xlsx(doc, report, xlsx)
        except OSError as exc:
            err(f"错误：无法写入 {xlsx}：{exc.strerror}")
            raise typer.Exit(EXIT_UNREADABLE) from None
        err(f"已写入 {xlsx}")
    raise typer.Exit(EXIT_FINDINGS if strict and report.findings else EXIT_OK)


def _print_text(doc: SelfEvaluation, report: ScoreReport) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from jixiao.core.scoring.scorer import fmt

    console = Console()
    if not console.is_terminal:  # piped or redirected: do not squeeze into 80 columns
        console = Console(width=200)
    policy = report.policy
    title = doc.project.name or doc.project.code or "项目"
    table = Table(
        title=f"{title} 绩效自评复核（评分规则：{policy.name}）",
        box=box.SIMPLE_HEAVY,
        show_lines=False,
    )
    for name, justify in (
        ("序号", "right"),
        ("一级指标", "left"),
        ("二级指标", "left"),
        ("三级指标", "left"),
        ("年度指标值", "left"),
        ("实际完成值", "left"),
        ("分值", "right"),
        ("公布得分", "right"),
        ("计算得分", "right"),
        ("计算说明", "left"),
    ):
        short = name in {"序号", "分值", "公布得分", "计算得分"}
        table.add_column(name, justify=justify, no_wrap=short, min_width=4)  # type: ignore[arg-type]
    flagged = {f.indicator for f in report.findings if f.indicator is not None}
    for ind, res in zip(doc.indicators, report.indicators, strict=True):
        mark = "bold red" if res.index in flagged else ""
        table.add_row(
            str(res.index),
            ind.level1 or "",
            ind.level2 or "",
            ind.name or "",
            ind.target or "",
            ind.actual or "",
            fmt(res.points) + ("*" if res.points_spread else ""),
            fmt(ind.published_score),
            "—" if res.score is None else fmt(res.score),
            res.explanation,
            style=mark,
        )
    ex = report.execution
    table.add_section()
    table.add_row(
        "",
        "预算执行率",
        "",
        "",
        fmt(doc.funds.annual),
        fmt(doc.funds.executed),
        fmt(ex.points),
        fmt(doc.execution.published_score),
        "—" if ex.score is None else fmt(ex.score),
        ex.explanation,
    )
    table.add_row(
        "",
        "总分",
        "",
        "",
        "",
        "",
        "100",
        fmt(doc.published_total),
        "—" if report.total is None else fmt(report.total),
        "；".join(
            part
            for part in (
                "已按适用分值折算为百分制" if report.rescaled else "",
                f"等级 {report.grade}" if report.grade else "",
            )
            if part
        ),
        style="bold",
    )
    console.print(table)
    if report.points_note:
        console.print(f"* {report.points_note}")
    if not report.findings:
        console.print("复核：未发现与评分规则不符之处。", style="green")
        return
    console.print(f"复核发现 {len(report.findings)} 处问题：", style="bold")
    for f in report.findings:
        where = f"第{f.indicator}项" if f.indicator is not None else "整表"
        style = "red" if f.severity == "error" else "yellow"
        console.print(
            f"  [{style}]{f.rule}[/{style}] {where}：{f.message}", highlight=False, soft_wrap=True
        )
