"""``jixiao score FILE``: score a self-evaluation by a policy and re-check (复核) it.

Exit status: 0 when the table was scored, whatever 复核 found (findings are the expected
output of a re-check, not a failure of the command); 1 with ``--strict`` when there are
findings, so a pipeline can stop on them; 2 when the file or the policy cannot be read.
openpyxl is imported only on the ``--xlsx`` path, Rich only when printing to a terminal.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jixiao.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, err, read_or_exit
from jixiao.cli.term import json_safe, paint, plain_table, safe

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
        OutputFormat,
        typer.Option("--format", help="输出格式：text（表格）或 json（得分与复核结果）"),
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
        text = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
        sys.stdout.write(json_safe(text) + "\n")
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


_COLUMNS = (
    "序号",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "公布得分",
    "计算得分",
    "计算说明",
)
_RIGHT = frozenset({0, 6, 7, 8})  # 序号 and the numbers


def _rows(doc: SelfEvaluation, report: ScoreReport) -> tuple[list[list[str]], set[int]]:
    """The table's rows as text (from the file: made safe when printed) and which rows
    复核 flagged; the execution row and the total follow a section break."""
    from jixiao.core.scoring.scorer import fmt

    flagged = {f.indicator for f in report.findings if f.indicator is not None}
    rows: list[list[str]] = []
    marked: set[int] = set()
    for k, (ind, res) in enumerate(zip(doc.indicators, report.indicators, strict=True)):
        if res.index in flagged:
            marked.add(k)
        rows.append(
            [
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
            ]
        )
    ex = report.execution
    rows.append(
        [
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
        ]
    )
    notes = (
        "已按适用分值折算为百分制" if report.rescaled else "",
        f"等级 {report.grade}" if report.grade else "",
    )
    rows.append(
        [
            "",
            "总分",
            "",
            "",
            "",
            "",
            "100",
            fmt(doc.published_total),
            "—" if report.total is None else fmt(report.total),
            "；".join(n for n in notes if n),
        ]
    )
    return rows, marked


def _print_text(doc: SelfEvaluation, report: ScoreReport) -> None:
    """The table (Rich on a terminal, aligned plain text when piped), then 复核's findings."""
    from jixiao.cli.term import style_codes

    codes = style_codes(sys.stdout)
    title = f"{doc.project.name or doc.project.code or '项目'} 绩效自评复核（评分规则：{report.policy.name}）"
    rows, marked = _rows(doc, report)
    if codes:
        _rich_table(title, rows, marked)
    else:
        lines = plain_table(_COLUMNS, rows, _RIGHT)
        sys.stdout.write(safe(title) + "\n\n" + "\n".join(lines) + "\n\n")
    out: list[str] = []
    if report.points_note:
        out.append(f"* {safe(report.points_note)}\n")
    if not report.findings:
        out.append(paint(codes, "复核：未发现与评分规则不符之处。", "green") + "\n")
    else:
        out.append(paint(codes, f"复核发现 {len(report.findings)} 处问题：", "bold") + "\n")
        for f in report.findings:
            where = f"第{f.indicator}项" if f.indicator is not None else "整表"
            style = "red" if f.severity == "error" else "yellow"
            out.append(f"  {paint(codes, safe(f.rule), style)} {where}：{safe(f.message)}\n")
    sys.stdout.write("".join(out))


def _rich_table(title: str, rows: list[list[str]], marked: set[int]) -> None:
    """On a terminal: Rich wraps the cells to its width. Cells are ``Text`` (never
    markup) holding ``safe`` text, so a name like ``[/]`` or ``[link=…]`` is just text."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(safe(title)), box=box.SIMPLE_HEAVY, show_lines=False)
    for k, name in enumerate(_COLUMNS):
        short = k in _RIGHT
        table.add_column(name, justify="right" if short else "left", no_wrap=short, min_width=4)
    body = len(rows) - 2
    for k, row in enumerate(rows):
        if k == body:
            table.add_section()
        style = "bold red" if k in marked else "bold" if k == body + 1 else ""
        table.add_row(*(Text(safe(cell)) for cell in row), style=style)
    Console(highlight=False).print(table)
