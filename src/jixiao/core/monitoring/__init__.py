"""运行监控 (双监控): spending against time and plan, indicators against their targets.

The pieces, each a small module:

- ``ledger``: the payment ledger (支付明细) reader, all or nothing;
- ``progress`` / ``progress_io``: what a unit reports per indicator and budget line;
- ``feeds`` / ``feed_eval``: indicator values counted from records a unit keeps;
- ``compute``: the computation (M6–M12) over model objects, no file I/O;
- ``report``: its result and the ``jixiao.monitor/1`` JSON;
- ``settings``: the ``[monitoring]`` section of ``jixiao.toml``;
- ``workbook`` / ``xlsx_cells``: the 绩效运行监控表 as .xlsx (openpyxl, imported only there).

The rules and their sources are described in docs/monitoring.md.
"""

from __future__ import annotations

from jixiao.core.monitoring.compute import MonitorError, compute_monitor
from jixiao.core.monitoring.ledger import Ledger, LedgerError, Payment, read_ledger
from jixiao.core.monitoring.progress import BudgetProgress, IndicatorProgress, Progress
from jixiao.core.monitoring.progress_io import read_progress
from jixiao.core.monitoring.report import MONITOR_FORMAT, MonitorReport
from jixiao.core.monitoring.settings import Limits, MonitorSettings

__all__ = [
    "MONITOR_FORMAT",
    "BudgetProgress",
    "IndicatorProgress",
    "Ledger",
    "LedgerError",
    "Limits",
    "MonitorError",
    "MonitorReport",
    "MonitorSettings",
    "Payment",
    "Progress",
    "compute_monitor",
    "read_ledger",
    "read_progress",
]
