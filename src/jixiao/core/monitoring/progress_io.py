"""Reading indicator progress from a file: a table (CSV, .xlsx) or ``jixiao.progress/1``
(JSON, YAML). The format is described in docs/monitoring.md.

Table: one row per indicator, addressed by 项目编码 (``部门`` for the department's own
promises) and 序号 (1-based, as in the plan), 三级指标 checking the 序号 when given; a row
whose 序号 is ``预算`` carries the project's budget line (全年预计执行数, 调整后预算数,
偏差原因, 纠偏措施). All or nothing like the ledger: every row error is collected and
the file refused with a ``LedgerError`` listing them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.core.findings import Location, ReadError
from jixiao.core.model import Plan
from jixiao.core.money import TEN_THOUSAND
from jixiao.core.monitoring.ledger import LedgerError, RowError, parse_amount_cell
from jixiao.core.monitoring.progress import BudgetProgress, IndicatorProgress, Progress
from jixiao.core.monitoring.settings import LIKELIHOOD_ALIASES, LIKELIHOODS, Limits
from jixiao.core.monitoring.structured import load_structured
from jixiao.core.monitoring.tabular import cell_text, decode_text, header_key, read_table
from jixiao.core.monitoring.targets import Addresser, AddressError

__all__ = ["PROGRESS_FORMAT", "read_progress"]

PROGRESS_FORMAT = "jixiao.progress/1"

ALIASES: Mapping[str, tuple[str, ...]] = {
    "project": ("项目编码", "项目代码", "项目", "project"),
    "index": ("序号", "指标序号", "index"),
    "name": ("三级指标", "指标名称", "指标", "name"),
    "current": ("实际完成值", "当前完成值", "完成值", "current"),
    "projected": ("全年预计完成值", "预计完成值", "projected"),
    "likelihood": ("完成目标可能性", "完成可能性", "likelihood"),
    "deviation_category": ("偏差原因类别", "偏差类别", "deviation category", "deviation_category"),
    "deviation_reason": ("偏差原因", "偏差原因分析", "deviation reason", "deviation_reason"),
    "corrective_measure": ("纠偏措施", "改进措施", "corrective measure", "corrective_measure"),
    "projected_executed": ("全年预计执行数", "预计执行数", "projected executed", "projected_executed"),
    "adjusted_budget": ("调整后预算数", "全年预算数", "adjusted budget", "adjusted_budget"),
}  # fmt: skip
BUDGET_ROW = frozenset({"预算", "预算执行", "预算执行情况", "资金", "budget"})
_TEXT_FIELDS = ("current", "projected", "deviation_category", "deviation_reason", "corrective_measure")  # fmt: skip
_MONEY_FIELDS = ("projected_executed", "adjusted_budget")


class _Builder:
    """Collects entries and row errors while a progress file is read."""

    def __init__(self, plan: Plan, limits: Limits, source: str) -> None:
        self.addresser = Addresser(plan)
        self.plan_unit = plan.money_unit or "万元"
        self.limits = limits
        self.source = source
        self.progress = Progress()
        self.errors: list[RowError] = []
        self.prefix = ""  # "indicators[3]：" while a JSON/YAML item is read

    def error(self, where: Location, message: str) -> None:
        self.errors.append(RowError(where, self.prefix + message))

    def text(self, value: Any, where: Location) -> str | None:
        t = cell_text(value) if not isinstance(value, Decimal) else str(value)
        if len(t) > self.limits.max_cell_chars:
            self.error(where, f"文字过长（{len(t)} 个字符），上限为 {self.limits.max_cell_chars}")
            return None
        return t or None

    def money(self, value: Any, unit: str, where: Location) -> Decimal | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            yuan = parse_amount_cell(value, unit, self.limits)
        except ValueError as exc:
            self.error(where, str(exc))
            return None
        return yuan / TEN_THOUSAND if self.plan_unit == "万元" else yuan

    def row(
        self,
        project: Any,
        index: Any,
        values: Mapping[str, Any],
        where: Location,
        units: Mapping[str, str],
    ) -> None:
        project_text = self.text(project, where) or ""
        if not project_text:
            self.error(where, "缺少项目编码（部门整体目标填“部门”）")
            return
        index_text = self.text(index, where) or ""
        if index_text.lower() in BUDGET_ROW:
            self._budget(project_text, values, where, units)
            return
        number: int | None = None
        if index_text:
            try:
                number = int(Decimal(index_text))
                if number != Decimal(index_text):
                    raise ValueError
            except (ArithmeticError, ValueError):
                self.error(where, f"序号应为指标的序号（1、2、…）或“预算”，实为“{index_text[:20]}”")
                return
        name = self.text(values.get("name"), where)
        try:
            key, number, _ = self.addresser.indicator(project_text, number, name)
        except AddressError as exc:
            self.error(where, str(exc))
            return
        if (key, number) in self.progress.indicators:
            self.error(
                where, f"重复填报同一项指标（{'部门' if key is None else key} 第{number}项）"
            )
            return
        entry = IndicatorProgress(key, number, location=where)
        for f in _TEXT_FIELDS:
            setattr(entry, f, self.text(values.get(f), where))
        likelihood = self.text(values.get("likelihood"), where)
        if likelihood is not None:
            likelihood = LIKELIHOOD_ALIASES.get(likelihood, likelihood)
            if likelihood not in LIKELIHOODS:
                self.error(
                    where,
                    f"完成目标可能性应为 {'、'.join(LIKELIHOODS)} 之一，实为“{likelihood[:20]}”",
                )
                return
        entry.likelihood = likelihood
        self.progress.indicators[(key, number)] = entry

    def _budget(
        self,
        project_text: str,
        values: Mapping[str, Any],
        where: Location,
        units: Mapping[str, str],
    ) -> None:
        try:
            key = self.addresser.project(project_text)
        except AddressError as exc:
            self.error(where, str(exc))
            return
        if key is None:
            self.error(where, "部门整体没有单独的预算行；请按项目填写")
            return
        if key in self.progress.budget:
            self.error(where, f"重复填报项目 {key} 的预算行")
            return
        b = BudgetProgress(key, location=where)
        for f in _MONEY_FIELDS:
            setattr(b, f, self.money(values.get(f), units.get(f, self.plan_unit), where))
        for f in ("deviation_category", "deviation_reason", "corrective_measure"):
            setattr(b, f, self.text(values.get(f), where))
        self.progress.budget[key] = b

    def result(self) -> Progress:
        if self.errors:
            raise LedgerError("进度文件", self.errors, self.source, self.limits.max_errors_shown)
        return self.progress


def read_progress(
    data: bytes,
    filename: str,
    plan: Plan,
    *,
    limits: Limits | None = None,
    source: str | None = None,
) -> Progress:
    """Read a progress file for ``plan``; raise ``ReadError``/``LedgerError`` saying
    where and why when it cannot be used."""
    limits = limits or Limits()
    src = source or filename
    suffix = Path(filename).suffix.lower()
    if len(data) > limits.max_bytes:
        raise ReadError(
            f"文件过大（{len(data) // (1024 * 1024)} MB），上限为 {limits.max_bytes // (1024 * 1024)} MB",
            Location(file=src),
        )
    if suffix in {".json", ".yaml", ".yml"}:
        text = decode_text(data, src)
        return _structured(load_structured(text, src, as_yaml=suffix != ".json"), plan, limits, src)
    table = read_table(
        data, filename, ALIASES, ("project", "index"), limits=limits, what="进度文件", source=source
    )
    b = _Builder(plan, limits, src)
    cols = table.header.columns
    units = {
        f: _unit(cols[f].unit, b.plan_unit, table.where(table.header.row, cols[f]))
        for f in _MONEY_FIELDS
        if f in cols
    }
    for number, cells in table.rows:
        values = {r: cells[c.index] if c.index < len(cells) else None for r, c in cols.items()}
        b.row(values["project"], values["index"], values, table.where(number), units)
    return b.result()


def _unit(given: str | None, default: str, where: Location) -> str:
    if given is None:
        return default
    unit = header_key(f"({given})")[1] or ""
    if unit in {"元", "万元"}:
        return unit
    raise ReadError(f"无法识别金额单位“{given}”（应为 元 或 万元）", where)


def _structured(data: Any, plan: Plan, limits: Limits, source: str) -> Progress:
    if not isinstance(data, dict) or data.get("format") != PROGRESS_FORMAT:
        raise ReadError(
            f"进度文件应为 {PROGRESS_FORMAT} 对象（format: {PROGRESS_FORMAT}）",
            Location(file=source),
        )
    b = _Builder(plan, limits, source)
    unit = data.get("money_unit") or b.plan_unit
    if unit not in ("元", "万元"):
        raise ReadError(f"money_unit 应为 元 或 万元，实为 {unit!r}", Location(file=source))
    units = dict.fromkeys(_MONEY_FIELDS, unit)
    for section in ("indicators", "budget"):
        items = data.get(section) or []
        if not isinstance(items, list):
            raise ReadError(f"{section} 应为列表", Location(file=source))
        if len(items) > limits.max_rows:
            raise ReadError(
                f"{section} 条目过多（上限 {limits.max_rows:,}）", Location(file=source)
            )
        for i, item in enumerate(items):
            where = Location(file=source)
            b.prefix = f"{section}[{i}]："
            if not isinstance(item, dict):
                b.error(where, "应为对象（project、index、current …）")
                continue
            index: Any = "预算" if section == "budget" else item.get("index")
            if section == "indicators" and index is None and not item.get("name"):
                b.error(where, "缺少 index（指标序号）")
                continue
            b.row(item.get("project"), index, item, where, units)
    return b.result()
