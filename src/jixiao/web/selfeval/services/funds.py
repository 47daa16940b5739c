"""项目资金 of a self-evaluation: where 年初预算数、全年预算数、全年执行数 come from.

Monitoring's ledger (执行数 per project) is not in the workspace yet. Until it is, the
budget comes from the approved plan and the executed amount is typed by the unit.
``actual_funds`` is the one seam the ledger replaces (docs/selfeval.md#funds).
"""

from __future__ import annotations

from jixiao.core.model import Funds
from jixiao.web.plans.models import Project

__all__ = ["actual_funds"]


def actual_funds(project: Project) -> Funds:
    """The project's funds for its self-evaluation.

    TODO(monitoring ledger): take 全年预算数 (after adjustments) and 全年执行数 from the
    ledger when it lands; today both budgets are the plan's 预算数 and 执行数 is unknown.
    """
    return Funds(initial=project.budget_total, annual=project.budget_total, executed=None)
