"""The core's monitoring result for a round, and its cache for the overviews.

``round_report`` runs ``core.monitoring.compute_monitor`` on what the tables hold;
nothing is computed here. ``refresh_results`` stores the per-project lamps, rates and
key-monitoring flags (``ProjectStatus``) and the round's totals, so the county overview
is SQL over hundreds of rounds instead of hundreds of computations per page view.
Cached amounts are in 万元 whatever the plan's money unit, so they add up across units.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jixiao.core import model as core
from jixiao.core.money import TEN_THOUSAND
from jixiao.core.monitoring import MonitorReport, Payment, Progress, compute_monitor
from jixiao.core.monitoring.lines import quantize
from jixiao.web.monitoring.models import ActionKind, FinanceAction, MonitoringRound, ProjectStatus
from jixiao.web.monitoring.services.inputs import monitor_settings, payments_of, progress_of
from jixiao.web.plans.services.mapping import plan_to_core

__all__ = ["flagged_projects", "refresh_results", "round_report"]


def flagged_projects(rnd: MonitoringRound) -> set[int]:
    """Projects the finance bureau has put under key monitoring (M1) and not lifted, as
    of this round: the latest such action in this or an earlier round of the plan."""
    latest: dict[int, str] = {}
    rows = (
        FinanceAction.objects.filter(
            round__plan_id=rnd.plan_id,
            round__as_of__lte=rnd.as_of,
            kind__in=(ActionKind.KEY, ActionKind.KEY_LIFTED),
        )
        .order_by("created_at", "id")
        .values_list("project_id", "kind")
    )
    for project_id, kind in rows:
        latest[project_id] = kind
    return {p for p, kind in latest.items() if kind == ActionKind.KEY}


def _wan(amount: Decimal | None, money_unit: str) -> Decimal | None:
    if amount is None or money_unit != "元":
        return amount
    return amount / TEN_THOUSAND


def round_report(
    rnd: MonitoringRound,
    document: core.Plan | None = None,
    progress: Progress | None = None,
    payments: list[Payment] | None = None,
) -> tuple[MonitorReport, core.Plan]:
    """The core's report of ``rnd`` (and the plan as the core model, for the writer);
    ``progress``/``payments`` replace what is stored (a row being checked before saving)."""
    document = document or plan_to_core(rnd.plan)
    report = compute_monitor(
        document,
        rnd.as_of,
        payments if payments is not None else payments_of(rnd),
        progress if progress is not None else progress_of(rnd),
        monitor_settings(),
    )
    return report, document


@transaction.atomic
def refresh_results(rnd: MonitoringRound, report: MonitorReport | None = None) -> MonitorReport:
    """Recompute ``rnd`` and store its cached results; return the report."""
    if report is None:
        report, _doc = round_report(rnd)
    projects = list(rnd.plan.projects.order_by("position", "id"))
    ProjectStatus.objects.filter(round=rnd).delete()  # a cache, not history
    unit = report.money_unit
    flagged = flagged_projects(rnd)
    rows = []
    for row, result in zip(projects, report.projects, strict=True):
        rows.append(
            ProjectStatus(
                round=rnd,
                project=row,
                lamp=result.lamp or "",
                budget=_wan(result.budget, unit),
                executed=_wan(result.executed, unit) or Decimal(0),
                execution_rate=None
                if result.execution_rate is None
                else quantize(result.execution_rate, 4),
                ratio=None if result.ratio is None else quantize(result.ratio, 2),
                key=result.key or row.pk in flagged,
                flagged=row.pk in flagged,
                error_count=sum(1 for f in result.findings if f.severity == "error"),
            )
        )
    ProjectStatus.objects.bulk_create(rows)
    t = report.total
    fields = {
        "red": t.lamps.get("red", 0),
        "yellow": t.lamps.get("yellow", 0),
        "green": t.lamps.get("green", 0),
        "key_count": sum(1 for r in rows if r.key),
        "error_count": sum(1 for f in report.findings if f.severity == "error"),
        "budget": _wan(t.budget, unit) or Decimal(0),
        "executed": _wan(t.executed, unit) or Decimal(0),
        "lamp": t.lamp or "",
        "computed_at": timezone.now(),
    }
    MonitoringRound.objects.filter(pk=rnd.pk).update(**fields)
    for name, value in fields.items():
        setattr(rnd, name, value)
    return report
