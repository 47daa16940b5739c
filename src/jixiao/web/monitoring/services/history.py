"""A round's history: every progress change (who, when, old → new), the ledgers
confirmed and the review moves, newest first. Read from django-simple-history and the
append-only tables; nothing is ever deleted from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jixiao.core import workflow as wf
from jixiao.web.choices import label_of
from jixiao.web.monitoring.models import LedgerImport, MonitoringRound, ProgressEntry
from jixiao.web.monitoring.models.ledger import LedgerStatus
from jixiao.web.monitoring.models.progress import BUDGET_LINE

__all__ = ["HistoryLine", "round_history"]

_FIELDS = (
    "current", "projected", "likelihood", "deviation_category", "deviation_reason",
    "corrective_measure", "projected_executed", "adjusted_budget",
)  # fmt: skip


@dataclass(slots=True)
class HistoryLine:
    at: datetime
    user: Any
    what: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _shown(value: object) -> str:
    return "" if value is None else str(value)


def _subject(project: Any, index: int) -> str:
    where = "部门整体" if project is None else str(project)
    return f"{where} · 预算执行" if index == BUDGET_LINE else f"{where} · 第{index}项指标"


def round_history(rnd: MonitoringRound, limit: int = 200) -> list[HistoryLine]:
    lines: list[HistoryLine] = []
    records = (
        ProgressEntry.history.filter(round_id=rnd.pk)
        .select_related("history_user", "project")
        .order_by("project_id", "index", "history_date", "history_id")
    )
    previous: dict[tuple[int | None, int], Any] = {}
    labels = {f: str(getattr(ProgressEntry._meta.get_field(f), "verbose_name", f)) for f in _FIELDS}
    for rec in records:
        key = (rec.project_id, rec.index)
        old = previous.get(key)
        changes = []
        for f in _FIELDS:
            before = _shown(getattr(old, f)) if old is not None else ""
            after = _shown(getattr(rec, f))
            if before != after:
                changes.append((labels[f], before, after))
        previous[key] = rec
        if changes:
            lines.append(
                HistoryLine(rec.history_date, rec.history_user, _subject(rec.project, rec.index),
                            changes)
            )  # fmt: skip
    for t in rnd.transitions.select_related("user"):
        what = label_of(wf.ACTION_LABELS, t.action)
        changes = [("状态", label_of(wf.STATE_LABELS, t.from_state),
                    label_of(wf.STATE_LABELS, t.to_state))]  # fmt: skip
        if t.comment:
            changes.append(("意见", "", t.comment))
        lines.append(HistoryLine(t.at, t.user, what, changes))
    for led in LedgerImport.objects.filter(round=rnd).exclude(status=LedgerStatus.PENDING):
        if led.confirmed_at is not None:
            lines.append(
                HistoryLine(led.confirmed_at, led.created_by, f"导入支付明细 {led.filename}",
                            [("支付笔数", "", str(led.payment_count))])
            )  # fmt: skip
    lines.sort(key=lambda line: line.at, reverse=True)
    return lines[:limit]
