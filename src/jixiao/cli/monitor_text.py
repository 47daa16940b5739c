"""The terminal report of ``jixiao monitor``: a summary table with coloured lamps, one
table of indicators per project, then the findings.

Everything that came from a file (names, targets, reasons) is data: it goes into Rich
``Text`` objects (never parsed as markup) after ``clean`` has replaced control
characters and bidirectional overrides, so a cell cannot move the cursor, recolour the
terminal or reorder what is shown. Rich is imported inside ``render_text`` only.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from jixiao.core.monitoring.lines import quantize
from jixiao.core.monitoring.report import money_text
from jixiao.core.monitoring.settings import LAMP_LABELS

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from jixiao.core.monitoring.report import IndicatorResult, MonitorReport

__all__ = ["clean", "make_console", "percent", "render_text"]

# C0 and C1 controls except newline, DEL, and the bidirectional overrides/isolates.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LAMP_STYLE = {
    "red": "bold white on red",
    "yellow": "bold black on yellow",
    "green": "bold white on green",
}
_FOUND_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def clean(text: str) -> str:
    """``text`` without control characters (each shown as �), newlines kept."""
    return _CONTROL.sub("\ufffd", text)


def percent(rate: Fraction | None) -> str:
    """A rate as a percentage with 2 decimals ("62.50%"); absent → "—"."""
    return "—" if rate is None else f"{quantize(rate * 100, 2)}%"


def _money(value: Decimal | None) -> str:
    return money_text(value) or "—"


def _t(value: object, style: str = "") -> Text:
    from rich.text import Text

    return Text(clean("—" if value is None or value == "" else str(value)), style=style)


def _lamp(lamp: str | None) -> Text:
    from rich.text import Text

    if lamp is None:
        return Text("—")
    return Text(f" {LAMP_LABELS[lamp]} ", style=LAMP_STYLE[lamp])


def make_console(to_file: bool) -> tuple[Console, io.StringIO | None]:
    """A console for the terminal (colours when it is one), or one writing to a buffer
    for ``-o``; wide enough that the tables are not squeezed when piped."""
    from rich.console import Console

    if to_file:
        buffer = io.StringIO()
        return Console(file=buffer, width=180, highlight=False), buffer
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(width=180, highlight=False)
    return console, None


def render_text(
    console: Console, report: MonitorReport, source: str, *, has_progress: bool
) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    dept = report.department.get("name") or report.department.get("code") or ""
    unit = report.money_unit
    head = Text(clean(f"{source}  {dept} {report.year or ''}年 运行监控"), style="bold")
    head.append(
        f"  截至 {report.as_of.isoformat()}（1~{report.month}月），序时进度 "
        f"{percent(report.total.time_progress)}，金额单位：{unit}，"
        f"预警基准：{'序时进度' if report.settings.lamp_base == 'time' else '支出计划'}"
    )
    console.print(head)
    table = Table(
        box=box.SIMPLE_HEAVY, show_lines=False, title="预算执行情况", title_justify="left"
    )
    for name, justify in (
        ("序号", "right"), ("项目编码", "left"), ("项目名称", "left"), ("预算数", "right"),
        (f"1~{report.month}月执行数", "right"), ("执行率", "right"), ("支出计划", "right"),
        ("计划差", "right"), ("比值", "right"), ("预警", "center"), ("全年预计", "right"),
        ("重点监控", "center"),
    ):  # fmt: skip
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for i, p in enumerate(report.projects, 1):
        table.add_row(
            str(i),
            _t(p.code),
            _t(p.name),
            _money(p.budget),
            _money(p.executed),
            percent(p.execution_rate),
            percent(p.planned),
            "—" if p.plan_gap is None else f"{quantize(p.plan_gap * 100, 2):+}",
            "—" if p.ratio is None else str(quantize(p.ratio, 2)),
            _lamp(p.lamp),
            _money(p.forecast),
            Text("是", style="bold red") if p.key else "",
        )
    t = report.total
    table.add_section()
    table.add_row(
        "", "", Text("合计", style="bold"), _money(t.budget), _money(t.executed),
        percent(t.execution_rate), percent(t.planned),
        "—" if t.plan_gap is None else f"{quantize(t.plan_gap * 100, 2):+}",
        "—" if t.ratio is None else str(quantize(t.ratio, 2)), _lamp(t.lamp), _money(t.forecast),
        str(t.key) if t.key else "",
    )  # fmt: skip
    console.print(table)
    console.print(
        Text(
            f"红灯 {t.lamps['red']} 个，黄灯 {t.lamps['yellow']} 个，绿灯 {t.lamps['green']} 个；"
            f"重点监控 {t.key} 个（预算 ≥{report.settings.key_min_budget}万元且"
            f"{report.settings.key_from_month}月末起执行率 <{report.settings.key_below}%）"
        )
    )
    if has_progress:
        for i, p in enumerate(report.projects, 1):
            title = clean(f"{i}. {p.code or ''} {p.name or ''}".strip())
            _indicators(console, title, p.indicators, report.month)
        if any(r.current or r.likelihood for r in report.overall):
            _indicators(console, "部门整体绩效目标", report.overall, report.month)
    else:
        console.print(
            Text("未提供指标完成情况（--progress 或 --feed），只监控预算执行。", style="dim")
        )
    _findings(console, report)


def _indicators(console: Console, title: str, rows: list[IndicatorResult], month: int) -> None:
    from rich import box
    from rich.table import Table

    # A str title would be parsed as markup: the project's name is data.
    table = Table(box=box.SIMPLE, title=_t(title, "bold"), title_justify="left")
    for name in ("序号", "三级指标", "年度指标值", f"1~{month}月完成值", "全年预计", "完成可能性",
                 "预警", "偏差原因", "纠偏措施"):  # fmt: skip
        table.add_column(name, overflow="fold")
    for r in rows:
        table.add_row(
            str(r.index), _t(r.name), _t(r.target), _t(r.current), _t(r.projected),
            _t(r.likelihood), _lamp(r.lamp), _t(r.deviation_reason), _t(r.corrective_measure),
        )  # fmt: skip
    console.print(table)


def _findings(console: Console, report: MonitorReport) -> None:
    from rich.text import Text

    if not report.findings:
        console.print(Text("未发现问题。", style="green"))
        return
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in _SEVERITY}
    summary = " · ".join(f"{_SEVERITY[s]} {n}" for s, n in counts.items() if n)
    console.print(Text(f"监控发现：{summary}", style="bold"))
    for f in report.findings:
        where = "部门整体" if f.project is None else f.project
        if f.indicator is not None:
            where += f" 第{f.indicator}项指标"
        line = Text("  ")
        line.append(_SEVERITY.get(f.severity, f.severity), style=_FOUND_STYLE.get(f.severity, ""))
        line.append(f" [{f.rule}] ", style="dim")
        line.append(clean(f"{where}：{f.message}"))
        console.print(line)
        if f.suggestion:
            console.print(Text(clean(f"      建议：{f.suggestion}"), style="green"))
