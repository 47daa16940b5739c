"""The monitoring app's models: rounds and their review (``round``), payment ledgers
(``ledger``) and what units report per indicator and budget line (``progress``)."""

from __future__ import annotations

from jixiao.web.monitoring.models.ledger import LedgerImport, LedgerPayment
from jixiao.web.monitoring.models.progress import ProgressEntry
from jixiao.web.monitoring.models.round import (
    MonitoringRound,
    ProjectStatus,
    RoundTransition,
)

__all__ = [
    "LedgerImport",
    "LedgerPayment",
    "MonitoringRound",
    "ProgressEntry",
    "ProjectStatus",
    "RoundTransition",
]
