"""Report progress in a round: one indicator row or one project's budget line at a time.

``save_progress`` is the only write: it locks the round (refusing a stale page and a
round that is no longer a draft), runs the core on the round as it would be with the new
row, and refuses the row when the core finds an error about it — a likelihood other
than 确定能 without 偏差原因 and 纠偏措施 (M4), a red or yellow budget lamp without them
(M11), a category outside the list (M5). Otherwise it saves the row with its author
(django-simple-history keeps old → new), counts the change and refreshes the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from jixiao.core.findings import Finding
from jixiao.core.money import TEN_THOUSAND
from jixiao.core.monitoring import BudgetProgress, IndicatorProgress, Payment
from jixiao.core.monitoring.settings import LIKELIHOOD_ALIASES, LIKELIHOODS
from jixiao.web.monitoring.models import MonitoringRound, ProgressEntry
from jixiao.web.monitoring.models.progress import BUDGET_LINE
from jixiao.web.monitoring.services.inputs import has_ledger, payments_of, progress_of
from jixiao.web.monitoring.services.results import refresh_results, round_report
from jixiao.web.monitoring.services.rounds import bump_round, lock_round
from jixiao.web.plans.models import Project
from jixiao.web.plans.services.audit import AnyUser, ServiceError, acting_user, save_row

__all__ = ["ProgressInput", "RowRefused", "save_progress"]

#: Findings that refuse a row (the others are shown, not enforced).
ENFORCED = frozenset(
    {"monitor-reason-missing", "monitor-measure-missing", "monitor-reason-category"}
)


@dataclass(slots=True)
class ProgressInput:
    """One row as typed (texts stripped; blank = not reported)."""

    current: str = ""
    projected: str = ""
    likelihood: str = ""
    deviation_category: str = ""
    deviation_reason: str = ""
    corrective_measure: str = ""
    projected_executed: Decimal | None = None
    adjusted_budget: Decimal | None = None
    executed: Decimal | None = None  # 1~N月执行数 typed (budget line, no ledger)


class RowRefused(ServiceError):
    """The core found errors in the row; ``findings`` are they."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("；".join(f.message for f in findings))
        self.findings = findings


def _or_none(text: str) -> str | None:
    return text.strip() or None


def _likelihood(text: str) -> str:
    value = text.strip()
    value = LIKELIHOOD_ALIASES.get(value, value)
    if value and value not in LIKELIHOODS:
        raise ServiceError(f"完成目标可能性只能是 {' / '.join(LIKELIHOODS)}，不是“{value}”")
    return value


@transaction.atomic
def save_progress(
    rnd: MonitoringRound,
    project: Project | None,
    index: int,
    values: ProgressInput,
    *,
    user: AnyUser,
    expected_version: int | None = None,
) -> ProgressEntry:
    """Save the row ``index`` (``BUDGET_LINE`` for the budget) of ``project`` (None: the
    department's promises); ``RowRefused`` with the core's findings if it breaks M4/M5/M11."""
    fresh = lock_round(rnd, expected_version)
    if not fresh.is_editable:
        raise ServiceError("监控轮次已提交，不能修改；退回或撤回后才能修改")
    if project is not None and project.plan_id != fresh.plan_id:
        raise ServiceError("项目不属于此监控轮次的绩效目标")
    if project is None and index == BUDGET_LINE:
        raise ServiceError("部门整体没有预算执行行")
    if (
        project is not None
        and index != BUDGET_LINE
        and not (1 <= index <= project.indicators.count())
    ):
        raise ServiceError(f"项目没有第{index}项指标")
    likelihood = _likelihood(values.likelihood)
    progress = progress_of(fresh)
    key = None if project is None else project.key
    if index == BUDGET_LINE:
        assert key is not None
        progress.budget[key] = BudgetProgress(
            project=key,
            projected_executed=values.projected_executed,
            adjusted_budget=values.adjusted_budget,
            deviation_category=_or_none(values.deviation_category),
            deviation_reason=_or_none(values.deviation_reason),
            corrective_measure=_or_none(values.corrective_measure),
        )
    else:
        progress.indicators[(key, index)] = IndicatorProgress(
            project=key,
            index=index,
            current=_or_none(values.current),
            projected=_or_none(values.projected),
            likelihood=likelihood or None,
            deviation_category=_or_none(values.deviation_category),
            deviation_reason=_or_none(values.deviation_reason),
            corrective_measure=_or_none(values.corrective_measure),
        )
    payments = None
    if index == BUDGET_LINE and not has_ledger(fresh):
        assert key is not None
        to_yuan = Decimal(1) if fresh.plan.money_unit == "元" else TEN_THOUSAND
        payments = [p for p in payments_of(fresh) if p.project != key]
        if values.executed is not None:
            payments.append(Payment(key, fresh.as_of, values.executed * to_yuan))
    elif values.executed is not None:
        raise ServiceError("本轮已导入支付明细，执行数以支付明细为准")
    report, _doc = round_report(fresh, progress=progress, payments=payments)
    if project is None and not 1 <= index <= len(report.overall):
        raise ServiceError(f"部门整体绩效目标没有第{index}项可监控的指标")
    row_index = None if index == BUDGET_LINE else index
    refused = [
        f
        for f in report.findings
        if f.project == key
        and f.indicator == row_index
        and f.severity == "error"
        and f.rule in ENFORCED
    ]
    if refused:
        raise RowRefused(refused)
    entry = ProgressEntry.objects.filter(
        round=fresh, project=project, index=index
    ).first() or ProgressEntry(round=fresh, project=project, index=index)
    entry.current = values.current.strip()
    entry.projected = values.projected.strip()
    entry.likelihood = likelihood
    entry.deviation_category = values.deviation_category.strip()
    entry.deviation_reason = values.deviation_reason.strip()
    entry.corrective_measure = values.corrective_measure.strip()
    entry.projected_executed = values.projected_executed
    entry.adjusted_budget = values.adjusted_budget
    if index == BUDGET_LINE and not has_ledger(fresh):
        entry.executed = values.executed
    entry.updated_by = acting_user(user)
    what = "预算执行" if index == BUDGET_LINE else f"第{index}项指标"
    save_row(entry, user, f"填报{what}")
    bump_round(fresh, user, f"填报{what}")
    refresh_results(fresh, report)
    rnd.refresh_from_db()
    return entry
