"""``jixiao monitor PLAN --ledger LEDGER --as-of DATE``: 运行监控 of a plan at a date.

Reads the plan, the payment ledger, optionally the indicator progress and operational
feeds, and reports execution against time and plan with 红黄绿灯, the year-end
forecast, key-monitoring selection and the findings (docs/monitoring.md). Output:
``text`` (a table for the terminal), ``json`` (``jixiao.monitor/1``) or ``xlsx`` (the
绩效运行监控表, ``-o`` required). Exit status: 0 no error finding, 1 error findings
(e.g. a red lamp without reasons), 2 unreadable input, a ledger with bad rows, or bad
usage. Rich and openpyxl are imported only on the paths that use them.
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
    from datetime import date

    from jixiao.core.model import Plan
    from jixiao.core.monitoring.ledger import Ledger
    from jixiao.core.monitoring.progress import Progress
    from jixiao.core.monitoring.settings import Limits


class Format(StrEnum):
    text = "text"
    json = "json"
    xlsx = "xlsx"
    pdf = "pdf"


def monitor(
    plan: Annotated[
        Path, typer.Argument(help="绩效目标：绩效文本（.txt/.pdf）、Excel 或 JSON/YAML")
    ],
    ledger: Annotated[
        Path, typer.Option("--ledger", "-l", help="支付明细：CSV（UTF-8/GB18030）或 .xlsx")
    ],
    as_of: Annotated[str, typer.Option("--as-of", help="监控截止日期，如 2024-08-31（1~8月）")],
    progress: Annotated[
        Path | None,
        typer.Option(
            "--progress", "-p", help="指标完成情况：CSV、.xlsx 或 jixiao.progress/1 的 JSON/YAML"
        ),
    ] = None,
    feed: Annotated[
        list[Path] | None,
        typer.Option("--feed", help="数据源定义（jixiao.feed/1 YAML），可重复"),
    ] = None,
    format: Annotated[
        Format,
        typer.Option("--format", "-f", help="输出格式：text（终端）、json、xlsx 或 pdf（须 -o）"),
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
            help="配置文件（默认当前目录下的 jixiao.toml，[monitoring] 节）",
        ),
    ] = None,
) -> None:
    """运行监控：预算执行进度（序时进度、支出计划、红黄绿灯、全年预计）和绩效目标完成情况。"""
    from jixiao.core.config import ConfigError, find_config, load_config
    from jixiao.core.model import Plan
    from jixiao.core.monitoring.compute import MonitorError, compute_monitor
    from jixiao.core.monitoring.dates import DateError, parse_date

    if format in (Format.xlsx, Format.pdf) and output is None:
        err(
            f"错误：--format {format.value} 须用 -o 指定输出文件（如 -o 运行监控表.{format.value}）"
        )
        raise typer.Exit(EXIT_UNREADABLE)
    try:
        day = parse_date(as_of)
    except DateError as exc:
        err(f"错误：--as-of {_clean(str(exc))}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    if day is None:
        err("错误：--as-of 缺少日期")
        raise typer.Exit(EXIT_UNREADABLE)
    try:
        cfg = load_config(config if config is not None else find_config())
    except ConfigError as exc:
        err(f"错误：{exc}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    settings = cfg.monitor_settings()
    document = read_or_exit(plan).document
    if not isinstance(document, Plan):
        err(f"错误：{plan} 是自评表，不是绩效目标；运行监控需要绩效目标（jixiao.plan/1）")
        raise typer.Exit(EXIT_UNREADABLE)
    payments = _ledger(ledger, document, settings.limits)
    entries = _progress(progress, feed or [], document, day, settings.limits)
    try:
        report = compute_monitor(
            document, day, payments.payments, entries, settings, reach_op=cfg.reach_op
        )
    except MonitorError as exc:
        err(f"错误：{_clean(str(exc))}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    if format is Format.json:
        _write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", output)
    elif format is Format.xlsx:
        assert output is not None
        from jixiao.core.monitoring.workbook import write_monitor_xlsx

        try:
            write_monitor_xlsx(report, document, output)
        except OSError as exc:
            err(f"错误：无法写入 {output}：{exc.strerror}")
            raise typer.Exit(EXIT_UNREADABLE) from None
        err(f"已写入 {output}")
    elif format is Format.pdf:
        assert output is not None
        from jixiao.core.documents import RenderError
        from jixiao.core.documents.monitoring import render_monitor_pdf

        try:
            output.write_bytes(render_monitor_pdf(report, document))
        except RenderError as exc:
            err(f"错误：{exc}")
            raise typer.Exit(EXIT_UNREADABLE) from None
        except OSError as exc:
            err(f"错误：无法写入 {output}：{exc.strerror}")
            raise typer.Exit(EXIT_UNREADABLE) from None
        err(f"已写入 {output}")
    else:
        from jixiao.cli.monitor_text import make_console, render_text

        console, buffer = make_console(output is not None)
        render_text(console, report, plan.name, has_progress=entries is not None)
        if buffer is not None:
            _write(buffer.getvalue(), output)
    raise typer.Exit(EXIT_FINDINGS if report.has_errors else EXIT_OK)


def _read(path: Path, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            err(
                f"错误：{path}: 文件过大（{size // (1024 * 1024)} MB），上限为 {limits.max_bytes // (1024 * 1024)} MB"
            )
            raise typer.Exit(EXIT_UNREADABLE)
        return path.read_bytes()
    except OSError as exc:
        err(f"错误：{path}: 无法打开文件：{exc.strerror}")
        raise typer.Exit(EXIT_UNREADABLE) from None


def _ledger(path: Path, plan: Plan, limits: Limits) -> Ledger:
    from jixiao.core.findings import ReadError
    from jixiao.core.monitoring.ledger import read_ledger

    try:
        result = read_ledger(_read(path, limits), path.name, plan, limits=limits, source=str(path))
    except ReadError as exc:
        err(f"错误：{_clean(str(exc))}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    for d in result.duplicates:
        err(
            f"提示：{path} 第{d.row}行与第{d.first_row}行是同一笔支付（凭证号 {_clean(d.voucher)}，"
            f"{d.amount} 元），只计一次"
        )
    return result


def _progress(
    path: Path | None, feeds: list[Path], plan: Plan, day: date, limits: Limits
) -> Progress | None:
    from jixiao.core.findings import ReadError
    from jixiao.core.monitoring.progress import Progress
    from jixiao.core.monitoring.progress_io import read_progress

    entries: Progress | None = None
    try:
        if path is not None:
            entries = read_progress(
                _read(path, limits), path.name, plan, limits=limits, source=str(path)
            )
        if feeds:
            from jixiao.core.monitoring.feed_eval import evaluate_feed, feed_progress, read_feed

            entries = entries or Progress()
            for f in feeds:
                spec, table = read_feed(f, limits)
                entries.merge_feed(feed_progress(spec, evaluate_feed(spec, table, day), plan))
    except ReadError as exc:
        err(f"错误：{_clean(str(exc))}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    return entries


def _clean(text: str) -> str:
    from jixiao.cli.monitor_text import clean

    return clean(text)


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
