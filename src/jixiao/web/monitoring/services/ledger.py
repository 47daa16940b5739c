"""Import a payment ledger into a round: read (core, all or nothing) → preview → confirm.

``upload_ledger`` reads the file with the core's reader against the stored plan and, only
when every row is good, stores it as a pending import (the preview shows what was read:
per-project totals, duplicates, the columns recognised). ``confirm_ledger`` makes it the
round's active ledger in one transaction, marks the previous one superseded and
refreshes the round's results. A ledger with any bad row stores nothing: the
``LedgerError`` names every row (docs/monitoring.md, 支付明细).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from jixiao.core.monitoring import Ledger, read_ledger
from jixiao.core.monitoring.report import money_text
from jixiao.web.monitoring.models import LedgerImport, LedgerPayment, MonitoringRound
from jixiao.web.monitoring.models.ledger import LedgerStatus
from jixiao.web.monitoring.services.inputs import monitor_settings
from jixiao.web.monitoring.services.results import refresh_results
from jixiao.web.monitoring.services.rounds import bump_round, lock_round
from jixiao.web.plans.services.audit import AnyUser, ServiceError, acting_user
from jixiao.web.plans.services.mapping import plan_to_core

__all__ = ["ACCEPTED_SUFFIXES", "confirm_ledger", "upload_ledger"]

ACCEPTED_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
#: Duplicates listed on the preview (all are counted).
SHOWN_DUPLICATES = 50
_BATCH = 5000


def _summary(ledger: Ledger) -> dict[str, object]:
    return {
        "columns": dict(ledger.columns),
        "sheet": ledger.sheet,
        "totals": [
            {
                "project": t.project,
                "payments": t.payments,
                "reversals": t.reversals,
                "paid": money_text(t.paid),
                "reversed": money_text(t.reversed),
                "net": money_text(t.paid + t.reversed),
                "first": t.first.isoformat() if t.first else None,
                "last": t.last.isoformat() if t.last else None,
            }
            for t in ledger.totals.values()
        ],
        "duplicates": [
            {
                "row": d.row,
                "first_row": d.first_row,
                "voucher": d.voucher,
                "amount": money_text(d.amount),
            }
            for d in ledger.duplicates[:SHOWN_DUPLICATES]
        ],
    }


def _insert_payments(entry: LedgerImport, ledger: Ledger) -> None:
    """Store the payments with ``executemany`` in batches: a ledger may hold 100,000
    rows, and building a model instance per row was most of an import's time
    (docs/benchmarks.md)."""
    meta = LedgerPayment._meta
    q = connection.ops.quote_name
    names = ("ledger", "project_key", "date", "amount", "voucher", "row")
    fields = {f.name: f.column or f.name for f in meta.concrete_fields}
    columns = ", ".join(q(fields[n]) for n in names)
    sql = f"INSERT INTO {q(meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"
    rows = [
        (entry.pk, p.project, p.date, p.amount, (p.voucher or "")[:100], p.row)
        for p in ledger.payments
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            cursor.executemany(sql, rows[start : start + _BATCH])


@transaction.atomic
def upload_ledger(
    rnd: MonitoringRound, data: bytes, filename: str, *, user: AnyUser
) -> LedgerImport:
    """Read ``data`` for the round's plan and store it pending; ``LedgerError`` (every bad
    row, nothing stored) or ``ReadError`` (no ledger at all) otherwise."""
    if not rnd.is_editable:
        raise ServiceError("监控轮次已提交，不能再导入支付明细")
    limits = monitor_settings().limits
    if len(data) > limits.max_bytes:
        raise ServiceError(f"文件过大（上限 {limits.max_bytes // (1024 * 1024)} MB）")
    ledger = read_ledger(data, filename, plan_to_core(rnd.plan), limits=limits, source=filename)
    # Earlier previews nobody confirmed are dropped (they were never counted).
    LedgerImport.objects.filter(round=rnd, status=LedgerStatus.PENDING).delete()
    entry = LedgerImport.objects.create(
        round=rnd,
        filename=filename[:255],
        rows=ledger.rows,
        payment_count=len(ledger.payments),
        duplicate_count=len(ledger.duplicates),
        money_unit=ledger.money_unit,
        summary=_summary(ledger),
        created_by=acting_user(user),
    )
    _insert_payments(entry, ledger)
    return entry


@transaction.atomic
def confirm_ledger(entry: LedgerImport, *, user: AnyUser) -> LedgerImport:
    """Make the pending ``entry`` its round's ledger (the previous one is superseded)."""
    rnd = lock_round(entry.round, None)
    if not rnd.is_editable:
        raise ServiceError("监控轮次已提交，不能再导入支付明细")
    fresh = LedgerImport.objects.select_for_update().get(pk=entry.pk)
    if fresh.status != LedgerStatus.PENDING:
        raise ServiceError("此导入预览已确认或已过期，请重新上传")
    now = timezone.now()
    LedgerImport.objects.filter(round=rnd, status=LedgerStatus.ACTIVE).update(
        status=LedgerStatus.SUPERSEDED, superseded_at=now
    )
    fresh.status = LedgerStatus.ACTIVE
    fresh.confirmed_at = now
    fresh.save(update_fields=["status", "confirmed_at"])
    bump_round(rnd, user, f"导入支付明细 {fresh.filename}")
    refresh_results(rnd)
    return fresh
