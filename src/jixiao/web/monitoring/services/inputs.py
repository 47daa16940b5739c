"""The core's inputs read from the tables: the plan, its payments and a round's progress.

``compute_monitor`` takes payments in 元 keyed by project key and a ``Progress``; this
module is the only place that knows how they are stored.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from jixiao.core.money import TEN_THOUSAND
from jixiao.core.monitoring import (
    BudgetProgress,
    IndicatorProgress,
    MonitorSettings,
    Payment,
    Progress,
)
from jixiao.core.monitoring.settings import parse_monitoring
from jixiao.web.monitoring.models import (
    LedgerImport,
    LedgerPayment,
    MonitoringRound,
    ProgressEntry,
)
from jixiao.web.monitoring.models.ledger import LedgerStatus
from jixiao.web.monitoring.models.progress import BUDGET_LINE

__all__ = ["has_ledger", "monitor_settings", "payments_of", "progress_of"]


def has_ledger(rnd: MonitoringRound) -> bool:
    return LedgerImport.objects.filter(round=rnd, status=LedgerStatus.ACTIVE).exists()


def monitor_settings() -> MonitorSettings:
    """``JIXIAO_MONITORING`` (the ``[monitoring]`` table of jixiao.toml as a dict), else
    the core's defaults."""
    data = getattr(settings, "JIXIAO_MONITORING", None)
    return MonitorSettings() if not data else parse_monitoring(data)


def payments_of(rnd: MonitoringRound) -> list[Payment]:
    """The payments of the round's active ledger (元), oldest first; without a ledger,
    one payment per project on the as-of date for the 1~N月执行数 the unit typed."""
    if has_ledger(rnd):
        rows = LedgerPayment.objects.filter(
            ledger__round=rnd, ledger__status=LedgerStatus.ACTIVE
        ).values_list("project_key", "date", "amount", "voucher")
        return [Payment(k, d, a, v or None) for k, d, a, v in rows.order_by("date", "id")]
    to_yuan = Decimal(1) if rnd.plan.money_unit == "元" else TEN_THOUSAND
    typed = ProgressEntry.objects.filter(
        round=rnd, index=BUDGET_LINE, executed__isnull=False, project__isnull=False
    ).select_related("project")
    return [
        Payment(e.project.key or "", rnd.as_of, e.executed * to_yuan)
        for e in typed
        if e.executed is not None and e.project is not None
    ]


def _text(value: str) -> str | None:
    return value.strip() or None


def progress_of(rnd: MonitoringRound) -> Progress:
    """What the unit reported in ``rnd``, keyed as the core expects."""
    out = Progress()
    for e in ProgressEntry.objects.filter(round=rnd).select_related("project"):
        key = None if e.project is None else e.project.key
        if e.index == BUDGET_LINE:
            if key is None:
                continue
            out.budget[key] = BudgetProgress(
                project=key,
                projected_executed=e.projected_executed,
                adjusted_budget=e.adjusted_budget,
                deviation_category=_text(e.deviation_category),
                deviation_reason=_text(e.deviation_reason),
                corrective_measure=_text(e.corrective_measure),
            )
            continue
        out.indicators[(key, e.index)] = IndicatorProgress(
            project=key,
            index=e.index,
            current=_text(e.current),
            projected=_text(e.projected),
            likelihood=_text(e.likelihood),
            deviation_category=_text(e.deviation_category),
            deviation_reason=_text(e.deviation_reason),
            corrective_measure=_text(e.corrective_measure),
        )
    return out
