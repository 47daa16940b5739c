"""Operational feeds: an indicator's current value counted from records a unit keeps.

Many indicators are counts a unit already has in a log or a register (a line's daily
availability, cases filed and decided). A feed (``jixiao.feed/1``, YAML or JSON) says
which indicator it fills and how to count its records (a CSV or .xlsx with a header):

```yaml
format: jixiao.feed/1
name: 政法网正常使用天数
indicator: {project: "13052924P00584011841P", index: 2, name: 网络使用天数}
records: 线路运行日志.csv            # relative to this file
date: 日期                           # the column dating each record
filter: [{column: 线路, equals: 政法网}]
measure: days                        # count | sum | share | days
where: [{column: 状态, equals: 正常}]
unit: 天
```

Only records dated from 1 January of the as-of year (or ``from``) up to the as-of date
count. ``filter`` selects the records that count at all; ``where`` is what is counted:
``count`` the records meeting it, ``sum`` a column over them, ``share`` the percentage of
records meeting it, ``days`` the days whose records all (``days: any``: any) meet it.
Several ``measures`` (each with its own ``label``, filter, where …) may be combined with
``combine: min | max | sum`` — 认定率 and 表彰率 of one indicator, the smaller shown.
Conditions: ``equals``, ``not_equals``, ``in``, ``not_in``, ``ge``, ``gt``, ``le``,
``lt`` (numbers), ``empty`` (true/false) and ``in_period`` (true: a date in the period).
This module holds the definition; ``feed_eval`` counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.core.findings import Location, ReadError
from jixiao.core.monitoring.dates import DateError, parse_date

__all__ = [
    "COMBINE",
    "CONDITION_OPS",
    "FEED_FORMAT",
    "MEASURES",
    "Condition",
    "FeedSpec",
    "MeasureSpec",
    "parse_feed",
]

FEED_FORMAT = "jixiao.feed/1"
MEASURES = ("count", "sum", "share", "days")
COMBINE = ("min", "max", "sum")
CONDITION_OPS = (
    "equals",
    "not_equals",
    "in",
    "not_in",
    "ge",
    "gt",
    "le",
    "lt",
    "empty",
    "in_period",
)
_NUMERIC = ("ge", "gt", "le", "lt")
_DEFAULT_UNIT = {"count": None, "sum": None, "share": "%", "days": "天"}
_MAX_CONDITIONS = 20
_MAX_MEASURES = 10


@dataclass(frozen=True, slots=True)
class Condition:
    column: str
    op: str
    value: Any  # str, tuple[str, ...], Decimal or bool by ``op``

    def describe(self) -> str:
        return f"{self.column} {self.op} {self.value}"


@dataclass(frozen=True, slots=True)
class MeasureSpec:
    label: str | None
    kind: str
    filter: tuple[Condition, ...]
    where: tuple[Condition, ...]
    column: str | None  # sum: the column summed
    days: str  # days: "all" or "any"
    unit: str | None
    places: int


@dataclass(frozen=True, slots=True)
class FeedSpec:
    name: str
    project: str
    index: int | None
    indicator_name: str | None
    records: str | None  # the records file, relative to the feed file
    date_column: str
    start: date | None
    measures: tuple[MeasureSpec, ...]
    combine: str | None

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the feed reads (the records' header must hold them)."""
        out = [self.date_column]
        for m in self.measures:
            out += [c.column for c in (*m.filter, *m.where)]
            if m.column:
                out.append(m.column)
        return tuple(dict.fromkeys(out))


class _Spec:
    """Reads one feed definition, raising ``ReadError`` naming the offending key."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, message: str) -> ReadError:
        return ReadError(f"字段 {key}：{message}", Location(file=self.source))

    def text(self, d: dict[str, Any], key: str, *, required: bool = False) -> str | None:
        v = d.get(key)
        if v is None or (isinstance(v, str) and not v.strip()):
            if required:
                raise self.fail(key, "缺少")
            return None
        if isinstance(v, bool) or not isinstance(v, str | int | Decimal):
            raise self.fail(key, f"应为文本，实为 {v!r}")
        t = str(v).strip()
        if len(t) > 200:
            raise self.fail(key, "过长（上限 200 个字符）")
        return t

    def conditions(self, value: Any, key: str) -> tuple[Condition, ...]:
        if value is None:
            return ()
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list) or len(value) > _MAX_CONDITIONS:
            raise self.fail(key, f"应为条件的列表（至多 {_MAX_CONDITIONS} 个）")
        out = []
        for i, c in enumerate(value):
            k = f"{key}[{i}]"
            if not isinstance(c, dict):
                raise self.fail(k, "应为 {column: 列名, equals: 值} 这样的条件")
            column = self.text(c, "column", required=True)
            ops = [o for o in c if o != "column"]
            if len(ops) != 1 or ops[0] not in CONDITION_OPS:
                raise self.fail(k, f"应有且只有一个比较：{'、'.join(CONDITION_OPS)}")
            op = ops[0]
            assert column is not None
            out.append(Condition(column, op, self.operand(op, c[op], k)))
        return tuple(out)

    def operand(self, op: str, v: Any, key: str) -> Any:
        if op in ("empty", "in_period"):
            if not isinstance(v, bool):
                raise self.fail(f"{key}.{op}", "应为 true 或 false")
            return v
        if op in ("in", "not_in"):
            if not isinstance(v, list) or not v or len(v) > 100:
                raise self.fail(f"{key}.{op}", "应为值的列表")
            return tuple(str(x).strip() for x in v)
        if op in _NUMERIC:
            try:
                d = Decimal(str(v))
            except InvalidOperation:
                raise self.fail(f"{key}.{op}", f"应为数字，实为 {v!r}") from None
            if not d.is_finite():
                raise self.fail(f"{key}.{op}", f"应为数字，实为 {v!r}")
            return d
        if isinstance(v, bool) or v is None:
            raise self.fail(f"{key}.{op}", "应为文本或数字")
        return str(v).strip()

    def measure(self, d: dict[str, Any], key: str) -> MeasureSpec:
        kind = d.get("measure")
        if kind not in MEASURES:
            raise self.fail(f"{key}measure", f"应为 {'、'.join(MEASURES)} 之一，实为 {kind!r}")
        column = self.text(d, "column")
        if kind == "sum" and column is None:
            raise self.fail(f"{key}column", "sum 须指定求和的列")
        days = d.get("days", "all")
        if days not in ("all", "any"):
            raise self.fail(f"{key}days", "应为 all 或 any")
        where = self.conditions(d.get("where"), f"{key}where")
        if kind in ("share", "days") and not where:
            raise self.fail(f"{key}where", f"{kind} 须指定条件 where")
        places = d.get("places", 2 if kind in ("share", "sum") else 0)
        if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 6:
            raise self.fail(f"{key}places", "应为 0 到 6 之间的整数")
        return MeasureSpec(
            label=self.text(d, "label"),
            kind=kind,
            filter=self.conditions(d.get("filter"), f"{key}filter"),
            where=where,
            column=column,
            days=days,
            unit=self.text(d, "unit") or _DEFAULT_UNIT[kind],
            places=places,
        )


def parse_feed(data: Any, source: str) -> FeedSpec:
    """The feed definition in a parsed JSON/YAML value."""
    s = _Spec(source)
    if not isinstance(data, dict) or data.get("format") != FEED_FORMAT:
        raise ReadError(f"应为 {FEED_FORMAT} 对象（format: {FEED_FORMAT}）", Location(file=source))
    ind = data.get("indicator")
    if not isinstance(ind, dict):
        raise s.fail("indicator", "应为 {project: 项目编码, index: 序号, name: 三级指标}")
    project = s.text(ind, "project", required=True)
    index = ind.get("index")
    if index is not None and (isinstance(index, bool) or not isinstance(index, int) or index < 1):
        raise s.fail("indicator.index", f"应为正整数，实为 {index!r}")
    name = s.text(ind, "name")
    if index is None and name is None:
        raise s.fail("indicator", "须有 index（指标序号）或 name（三级指标）")
    start = None
    if data.get("from") is not None:
        try:
            start = parse_date(data["from"])
        except DateError as exc:
            raise s.fail("from", str(exc)) from None
    if "measures" in data:
        items = data["measures"]
        if not isinstance(items, list) or not 1 <= len(items) <= _MAX_MEASURES:
            raise s.fail("measures", f"应为 1 到 {_MAX_MEASURES} 个计量的列表")
        measures = []
        for i, m in enumerate(items):
            if not isinstance(m, dict):
                raise s.fail(f"measures[{i}]", "应为对象")
            measures.append(s.measure(m, f"measures[{i}]."))
    else:
        measures = [s.measure(data, "")]
    combine = data.get("combine")
    if len(measures) > 1 and combine not in COMBINE:
        raise s.fail("combine", f"多个计量须指定 combine：{'、'.join(COMBINE)}")
    if len({m.unit for m in measures}) > 1:
        raise s.fail("measures", "各计量的单位应相同")
    assert project is not None
    return FeedSpec(
        name=s.text(data, "name") or "feed",
        project=project,
        index=index,
        indicator_name=name,
        records=s.text(data, "records"),
        date_column=s.text(data, "date", required=True) or "",
        start=start,
        measures=tuple(measures),
        combine=combine if len(measures) > 1 else None,
    )
