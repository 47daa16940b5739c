"""The monitoring app's models: rounds and their review (``round``), payment ledgers
(``ledger``), what units report per indicator and budget line (``progress``) and what
the finance bureau does about it (``actions``)."""

from __future__ import annotations

from jixiao.web.monitoring.models.actions import ActionKind, FinanceAction
from jixiao.web.monitoring.models.ledger import LedgerImport, LedgerPayment
from jixiao.web.monitoring.models.progress import ProgressEntry
from jixiao.web.monitoring.models.round import (
    MonitoringRound,
    ProjectStatus,
    RoundTransition,
)

__all__ = [
    "ActionKind",
    "FinanceAction",
    "LedgerImport",
    "LedgerPayment",
    "MonitoringRound",
    "ProgressEntry",
    "ProjectStatus",
    "RoundTransition",
]
