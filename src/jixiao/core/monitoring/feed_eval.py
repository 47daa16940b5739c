"""Counting a feed's records (see ``feeds``): the value an indicator has reached.

All or nothing like the ledger: a record with no date, a date that is not one, or a
number that is not one where the feed compares or sums numbers is an error naming its
row, and the feed gives no value until the records are fixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from jixiao.core.findings import Location, ReadError
from jixiao.core.model import Plan
from jixiao.core.monitoring.dates import DateError, parse_date
from jixiao.core.monitoring.feeds import Condition, FeedSpec, MeasureSpec, parse_feed
from jixiao.core.monitoring.ledger import LedgerError, RowError
from jixiao.core.monitoring.progress import IndicatorProgress
from jixiao.core.monitoring.settings import Limits
from jixiao.core.monitoring.structured import load_structured
from jixiao.core.monitoring.tabular import Column, Table, cell_text, decode_text, read_table
from jixiao.core.monitoring.targets import Addresser, AddressError
from jixiao.core.values import normalize_text

__all__ = ["FeedValue", "evaluate_feed", "feed_progress", "read_feed", "read_records"]

_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class FeedValue:
    value: Decimal | None
    text: str | None  # "242天", "99.59%"
    detail: str


class _Tally:
    """One measure's running counts."""

    def __init__(self, m: MeasureSpec) -> None:
        self.m = m
        self.rows = 0  # records passing the filter
        self.hits = 0  # … and meeting ``where``
        self.total = Decimal(0)
        self.days: dict[date, bool] = {}

    def value(self) -> tuple[Decimal | None, str]:
        m = self.m
        if m.kind == "count":
            return Decimal(self.hits), f"{self.hits} 条记录"
        if m.kind == "sum":
            return self.total, f"{self.hits} 条记录合计"
        if m.kind == "share":
            if not self.rows:
                return None, "期间内没有记录"
            return Decimal(self.hits) * _HUNDRED / self.rows, f"{self.hits}/{self.rows} 条记录"
        good = sum(1 for ok in self.days.values() if ok)
        return Decimal(good), f"有记录的 {len(self.days)} 天中 {good} 天"


def _plain(d: Decimal, places: int) -> str:
    q = d.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    t = f"{q:f}"
    return t.rstrip("0").rstrip(".") if "." in t else t


def _number(text: str) -> Decimal:
    t = "".join(text.replace(",", "").split()).removesuffix("%")
    d = Decimal(t)
    if not d.is_finite():
        raise InvalidOperation
    return d


class _Evaluator:
    def __init__(self, spec: FeedSpec, table: Table, as_of: date) -> None:
        self.spec = spec
        self.table = table
        self.as_of = as_of
        self.start = spec.start or date(as_of.year, 1, 1)
        self.cols: dict[str, Column] = dict(table.header.columns)
        self.errors: list[RowError] = []

    def cell(self, cells: Sequence[Any], column: str) -> Any:
        c = self.cols[column]
        return cells[c.index] if c.index < len(cells) else None

    def holds(self, cond: Condition, cells: Sequence[Any], row: int) -> bool:
        raw = self.cell(cells, cond.column)
        text = cell_text(raw)
        op, v = cond.op, cond.value
        if op == "empty":
            return (text == "") is v
        if op == "in_period":
            if text == "":
                return v is False
            try:
                d = parse_date(raw)
            except DateError as exc:
                self.errors.append(
                    RowError(self.table.where(row, self.cols[cond.column]), str(exc))
                )
                return False
            return (d is not None and self.start <= d <= self.as_of) is v
        if op in ("ge", "gt", "le", "lt"):
            try:
                n = _number(text)
            except (InvalidOperation, ValueError):
                self.errors.append(
                    RowError(
                        self.table.where(row, self.cols[cond.column]), f"不是数字：“{text[:40]}”"
                    )
                )
                return False
            bound: Decimal = v
            return {"ge": n >= bound, "gt": n > bound, "le": n <= bound, "lt": n < bound}[op]
        t = normalize_text(text)
        if op == "equals":
            return t == normalize_text(v)
        if op == "not_equals":
            return t != normalize_text(v)
        values = {normalize_text(x) for x in v}
        return (t in values) is (op == "in")

    def run(self) -> FeedValue:
        tallies = [_Tally(m) for m in self.spec.measures]
        date_col = self.cols[self.spec.date_column]
        for row, cells in self.table.rows:
            raw = self.cell(cells, self.spec.date_column)
            try:
                d = parse_date(raw)
            except DateError as exc:
                self.errors.append(RowError(self.table.where(row, date_col), str(exc)))
                continue
            if d is None:
                self.errors.append(RowError(self.table.where(row, date_col), "缺少日期"))
                continue
            if not self.start <= d <= self.as_of:
                continue
            for t in tallies:
                self.count(t, d, cells, row)
        if self.errors:
            raise LedgerError(f"记录文件（{self.spec.name}）", self.errors, self.table.source, 20)
        return self.result(tallies)

    def count(self, t: _Tally, d: date, cells: Sequence[Any], row: int) -> None:
        m = t.m
        if not all(self.holds(c, cells, row) for c in m.filter):
            return
        t.rows += 1
        ok = all(self.holds(c, cells, row) for c in m.where)
        if m.kind == "days":
            before = t.days.get(d)
            if before is None:
                t.days[d] = ok
            else:
                t.days[d] = (before and ok) if m.days == "all" else (before or ok)
            return
        if not ok:
            return
        t.hits += 1
        if m.kind == "sum":
            assert m.column is not None
            text = cell_text(self.cell(cells, m.column))
            try:
                t.total += _number(text) if text else Decimal(0)
            except (InvalidOperation, ValueError):
                self.errors.append(
                    RowError(self.table.where(row, self.cols[m.column]), f"不是数字：“{text[:40]}”")
                )

    def result(self, tallies: list[_Tally]) -> FeedValue:
        period = f"{self.start.isoformat()} 至 {self.as_of.isoformat()}"
        values: list[Decimal] = []
        parts: list[str] = []
        unit = self.spec.measures[0].unit or ""
        places = max(m.places for m in self.spec.measures)
        for t in tallies:
            v, how = t.value()
            label = f"{t.m.label} " if t.m.label else ""
            shown = "—" if v is None else f"{_plain(v, t.m.places)}{t.m.unit or ''}"
            parts.append(f"{label}{shown}（{how}）")
            if v is not None:
                values.append(v)
        value: Decimal | None
        if len(values) < len(tallies):
            value = None
        elif self.spec.combine == "max":
            value = max(values)
        elif self.spec.combine == "sum":
            value = sum(values, Decimal(0))
        else:
            value = min(values)  # one measure, or the binding one of several
        text = None if value is None else f"{_plain(value, places)}{unit}"
        return FeedValue(value, text, f"{'；'.join(parts)}；{period}")


def evaluate_feed(spec: FeedSpec, table: Table, as_of: date) -> FeedValue:
    """The value the records give at ``as_of``; raises ``LedgerError`` for bad rows."""
    return _Evaluator(spec, table, as_of).run()


def read_records(
    data: bytes, filename: str, spec: FeedSpec, limits: Limits, source: str | None = None
) -> Table:
    """The feed's records; their header must hold every column the feed names."""
    aliases = {c: (c,) for c in spec.columns}
    return read_table(
        data,
        filename,
        aliases,
        spec.columns,
        limits=limits,
        what=f"记录文件（{spec.name}）",
        source=source,
    )


def feed_progress(spec: FeedSpec, value: FeedValue, plan: Plan) -> IndicatorProgress:
    """The indicator progress a feed contributes (its ``current`` value)."""
    try:
        key, index, _ = Addresser(plan).indicator(spec.project, spec.index, spec.indicator_name)
    except AddressError as exc:
        raise ReadError(f"数据源“{spec.name}”的指标：{exc}") from None
    return IndicatorProgress(
        key, index, current=value.text, source=f"feed:{spec.name}", detail=value.detail
    )


def read_feed(path: Path, limits: Limits) -> tuple[FeedSpec, Table]:
    """A feed file and the records it names (relative to it), both bounded."""
    try:
        raw = _read_bounded(path, limits)
    except OSError as exc:
        raise ReadError(f"无法读取数据源定义：{exc.strerror}", Location(file=str(path))) from None
    text = decode_text(raw, str(path))
    spec = parse_feed(
        load_structured(text, str(path), as_yaml=path.suffix.lower() != ".json"), str(path)
    )
    if spec.records is None:
        raise ReadError("字段 records：缺少记录文件的路径", Location(file=str(path)))
    records = path.parent / spec.records
    try:
        data = _read_bounded(records, limits)
    except OSError as exc:
        raise ReadError(f"无法读取记录文件：{exc.strerror}", Location(file=str(records))) from None
    return spec, read_records(data, records.name, spec, limits, source=str(records))


def _read_bounded(path: Path, limits: Limits) -> bytes:
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise ReadError(
            f"文件过大（{size // (1024 * 1024)} MB），上限为 {limits.max_bytes // (1024 * 1024)} MB",
            Location(file=str(path)),
        )
    return path.read_bytes()
