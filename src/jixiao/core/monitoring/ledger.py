"""The payment ledger (支付明细): what was paid, for which project, on which day.

A unit exports it from the 一体化 payment system or keeps it by hand: a CSV or .xlsx
with a header row and one payment a row. Columns are found by their header text (see
``ALIASES``); the amount's unit comes from its header ("金额（万元）"), 元 when none is
written. A negative amount is a reversal (冲销). A voucher number seen twice with the
same project, date and amount is one payment exported twice (kept once, reported as a
duplicate); seen again with the exact negative amount it is that payment's reversal;
anything else under the same voucher is a conflict.

All or nothing: every row is checked, every error collected (row, column, why), and if
there is any the whole ledger is refused with a ``LedgerError`` listing them — a
finance officer fixes the file once, not error by error, and nothing half-read is ever
counted. Amounts are exact ``Decimal`` in 元.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, NamedTuple

from jixiao.core.findings import Location, ReadError
from jixiao.core.model import Plan
from jixiao.core.money import TEN_THOUSAND
from jixiao.core.monitoring.dates import DateError, parse_date
from jixiao.core.monitoring.settings import Limits
from jixiao.core.monitoring.tabular import Column, Table, cell_text, read_table
from jixiao.core.monitoring.targets import ProjectIndex
from jixiao.core.values import normalize_text

__all__ = [
    "ALIASES",
    "Duplicate",
    "Ledger",
    "LedgerError",
    "Payment",
    "ProjectTotal",
    "RowError",
    "read_ledger",
]

# Header texts per role, most specific first (compared without spaces, brackets or case).
ALIASES: Mapping[str, tuple[str, ...]] = {
    "date": ("支付日期", "付款日期", "日期", "交易日期", "记账日期", "凭证日期", "业务日期", "date", "payment date"),
    "project": ("项目编码", "项目代码", "预算项目编码", "项目", "project code", "project", "项目名称"),
    "project_name": ("项目名称", "预算项目名称", "project name"),
    "amount": ("支付金额", "金额", "实付金额", "付款金额", "支出金额", "发生额", "amount", "payment amount"),
    "voucher": ("支付凭证号", "凭证号", "支付凭证编号", "凭证编号", "凭证号码", "支付令号", "支付单号", "voucher", "voucher no"),
}  # fmt: skip
REQUIRED = ("date", "project", "amount")
_CENT = Decimal("0.01")
_AMOUNT = re.compile(r"^([+-]?)[¥￥]?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(元|万元)?$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋（）", "0123456789.,-+()")


class Payment(NamedTuple):
    """One ledger payment; ``amount`` in 元 (negative: a reversal). A NamedTuple: a
    county's ledger holds hundreds of thousands of them."""

    project: str
    date: date
    amount: Decimal
    voucher: str | None = None
    row: int | None = None


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A row that repeats an earlier payment (same voucher, project, date, amount)."""

    row: int
    first_row: int
    voucher: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class RowError:
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}：{self.message}"


class LedgerError(ReadError):
    """A ledger refused as a whole; ``errors`` holds every row error (the message, at
    most ``Limits.max_errors_shown`` of them)."""

    def __init__(self, what: str, errors: list[RowError], source: str, shown: int) -> None:
        lines = [str(e) for e in errors[:shown]]
        if len(errors) > shown:
            lines.append(f"……另有 {len(errors) - shown} 处错误")
        super().__init__(
            f"{what}有 {len(errors)} 处错误，未导入任何数据：\n  " + "\n  ".join(lines),
            Location(file=source),
        )
        self.errors = errors

    def __str__(self) -> str:
        return self.message


@dataclass(slots=True)
class ProjectTotal:
    """What the ledger holds for one project: for a preview before import."""

    project: str
    payments: int = 0
    reversals: int = 0
    paid: Decimal = Decimal(0)
    reversed: Decimal = Decimal(0)
    first: date | None = None
    last: date | None = None

    @property
    def net(self) -> Decimal:
        return self.paid + self.reversed


@dataclass(slots=True)
class Ledger:
    """A ledger read completely and without error."""

    payments: list[Payment]
    duplicates: list[Duplicate]
    totals: dict[str, ProjectTotal]
    money_unit: str
    source: str
    sheet: str | None = None
    rows: int = 0
    columns: dict[str, str] = field(default_factory=dict)


def money_unit_of(column: Column, where: Location) -> str:
    """万元 or 元 from the amount header's brackets ("金额（万元）"); 元 when none."""
    unit = (column.unit or "").lower()
    if not unit or unit in {"元", "人民币元", "yuan", "rmb", "cny"}:
        return "元"
    if unit in {"万元", "万", "人民币万元", "10kyuan", "万元人民币"}:
        return "万元"
    raise ReadError(f"无法识别金额列“{column.header}”的单位（应为 元 或 万元）", where)


def parse_amount_cell(value: Any, unit: str, limits: Limits) -> Decimal:
    """The amount of a cell in 元; raises ``ValueError`` with a Chinese reason."""
    if isinstance(value, bool):
        raise ValueError(f"金额无法识别：{value!r}")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        # A float comes from an Excel number cell: its shortest repr is what Excel
        # shows; binary noise below the cent is rounded off after the unit conversion.
        amount = Decimal(repr(value))
        if not amount.is_finite():
            raise ValueError(f"金额无法识别：{value!r}")
        amount = (amount * TEN_THOUSAND if unit == "万元" else amount).quantize(
            _CENT, ROUND_HALF_UP
        )
        return _bounded(amount, limits)
    elif isinstance(value, Decimal):
        amount = value
    else:
        text = "".join(str(value).translate(_FULLWIDTH).split())
        negative = text.startswith("(") and text.endswith(")")  # accounting style (500.00)
        if negative:
            text = text[1:-1]
        m = _AMOUNT.match(text)
        if not m or (m.group(4) and m.group(4) != unit):
            raise ValueError(f"金额无法识别：“{str(value)[:40]}”（金额列单位为{unit}）")
        try:
            amount = Decimal(m.group(1) + m.group(2).replace(",", "") + (m.group(3) or ""))
        except InvalidOperation:  # pragma: no cover - the regex admits only digits
            raise ValueError(f"金额无法识别：“{str(value)[:40]}”") from None
        if negative:
            amount = -amount
    if not amount.is_finite():
        raise ValueError(f"金额无法识别：{value!r}")
    return _bounded(amount * TEN_THOUSAND if unit == "万元" else amount, limits)


def _bounded(amount: Decimal, limits: Limits) -> Decimal:
    if abs(amount) >= limits.max_amount:
        raise ValueError(f"金额超出合理范围：{amount} 元（上限 {limits.max_amount:.0e} 元）")
    return amount


def read_ledger(
    data: bytes,
    filename: str,
    plan: Plan,
    *,
    limits: Limits | None = None,
    source: str | None = None,
) -> Ledger:
    """Read a payment ledger for ``plan``; raise ``LedgerError`` listing every bad row
    (or ``ReadError`` when the file is no ledger at all)."""
    limits = limits or Limits()
    table = read_table(
        data, filename, ALIASES, REQUIRED, limits=limits, what="支付明细", source=source
    )
    return ledger_from_table(table, plan, limits)


def ledger_from_table(table: Table, plan: Plan, limits: Limits) -> Ledger:
    cols = table.header.columns
    c_date, c_project, c_amount = cols["date"], cols["project"], cols["amount"]
    c_name = cols.get("project_name")
    if c_name is not None and c_name.index == c_project.index:
        c_name = None
    c_voucher = cols.get("voucher")
    unit = money_unit_of(c_amount, table.where(table.header.row, c_amount))
    index = ProjectIndex(plan)
    year = plan.year
    errors: list[RowError] = []
    payments: list[Payment] = []
    duplicates: list[Duplicate] = []
    totals: dict[str, ProjectTotal] = {}
    # voucher → (project, date, amount, row) of its payment and of its reversal
    seen: dict[str, list[tuple[str, date, Decimal, int]]] = {}
    rows = 0
    for number, cells in table.rows:
        rows += 1
        n = len(cells)
        bad = False

        # project
        text = cell_text(cells[c_project.index]) if c_project.index < n else ""
        name = cell_text(cells[c_name.index]) if c_name is not None and c_name.index < n else ""
        key = None
        if text:
            key = index.lookup(text)
            if key is None and name:
                key = index.lookup(name)
        elif name:
            key = index.lookup(name)
        if key is None:
            bad = True
            if text or name:
                errors.append(RowError(table.where(number, c_project), index.unknown(text or name)))
            else:
                errors.append(RowError(table.where(number, c_project), "缺少项目编码"))
        elif normalize_text(text or name) in index.ambiguous:
            bad = True
            errors.append(
                RowError(
                    table.where(number, c_project),
                    f"“{text or name}”在绩效目标中对应多个项目，无法确定是哪一个",
                )
            )

        # date
        raw_date = cells[c_date.index] if c_date.index < n else None
        day: date | None = None
        try:
            day = parse_date(raw_date)
        except DateError as exc:
            bad = True
            errors.append(RowError(table.where(number, c_date), str(exc)))
        else:
            if day is None:
                bad = True
                errors.append(RowError(table.where(number, c_date), "缺少支付日期"))
            elif year is not None and day.year != year:
                bad = True
                errors.append(
                    RowError(
                        table.where(number, c_date),
                        f"支付日期 {day.isoformat()} 不在预算年度 {year} 年内",
                    )
                )

        # amount
        raw_amount = cells[c_amount.index] if c_amount.index < n else None
        amount: Decimal | None = None
        if raw_amount is None or (isinstance(raw_amount, str) and not raw_amount.strip()):
            bad = True
            errors.append(RowError(table.where(number, c_amount), "缺少金额"))
        else:
            try:
                amount = parse_amount_cell(raw_amount, unit, limits)
            except ValueError as exc:
                bad = True
                errors.append(RowError(table.where(number, c_amount), str(exc)))

        voucher = None
        if c_voucher is not None and c_voucher.index < n:
            voucher = cell_text(cells[c_voucher.index]) or None
        if bad:
            continue
        assert key is not None
        assert day is not None
        assert amount is not None
        if voucher is not None:
            entries = seen.setdefault(voucher, [])
            same = next((e for e in entries if e[:3] == (key, day, amount)), None)
            if same is not None:
                duplicates.append(Duplicate(number, same[3], voucher, amount))
                continue
            if entries and not (
                len(entries) == 1 and entries[0][0] == key and entries[0][2] == -amount != 0
            ):
                f_key, f_day, f_amount, f_row = entries[0]
                errors.append(
                    RowError(
                        table.where(number, c_voucher),
                        f"凭证号“{voucher[:40]}”与第{f_row}行重复但内容不同"
                        f"（第{f_row}行：{f_key}，{f_day.isoformat()}，{f_amount} 元；"
                        f"本行：{key}，{day.isoformat()}，{amount} 元）",
                    )
                )
                continue
            # first sight of the voucher, or the reversal of its one payment
            entries.append((key, day, amount, number))
        payments.append(Payment(key, day, amount, voucher, number))
        t = totals.get(key)
        if t is None:
            t = totals[key] = ProjectTotal(key)
        if amount < 0:
            t.reversals += 1
            t.reversed += amount
        else:
            t.payments += 1
            t.paid += amount
        if t.first is None or day < t.first:
            t.first = day
        if t.last is None or day > t.last:
            t.last = day
    if errors:
        raise LedgerError("支付明细", errors, table.source, limits.max_errors_shown)
    return Ledger(
        payments=payments,
        duplicates=duplicates,
        totals=totals,
        money_unit=unit,
        source=table.source,
        sheet=table.sheet,
        rows=rows,
        columns={role: c.header for role, c in cols.items()},
    )
