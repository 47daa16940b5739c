"""Findings of stored plans: the core checker run on the mapped plan, counts cached.

No rule lives in the web layer. Overview pages list hundreds of plans, so each plan's
error and warning counts are stored (``refresh_findings``) whenever it changes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

from django.db import transaction
from django.db.models import JSONField, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from jixiao.core.checks import check_plan
from jixiao.core.findings import Finding
from jixiao.web.plans.models import Indicator, Plan, Project
from jixiao.web.plans.services.mapping import plan_header_to_core, plan_to_core, project_to_core

__all__ = ["RecheckTotals", "check_all", "plan_findings", "recheck", "refresh_findings"]


def plan_findings(plan: Plan) -> list[Finding]:
    """Run the core checks on the stored plan."""
    return check_plan(plan_to_core(plan))


def refresh_findings(plan: Plan, findings: Sequence[Finding] | None = None) -> list[Finding]:
    """Recompute and store the plan's error/warning counts; return the findings."""
    found = list(plan_findings(plan) if findings is None else findings)
    plan.error_count = sum(1 for f in found if f.severity == "error")
    plan.warning_count = sum(1 for f in found if f.severity == "warning")
    plan.checked_at = timezone.now()
    # Plain UPDATE: counts are derived data, not an edit (no history row, no version bump).
    Plan.objects.filter(pk=plan.pk).update(
        error_count=plan.error_count, warning_count=plan.warning_count, checked_at=plan.checked_at
    )
    return found


def check_all(plans: Iterable[Plan]) -> int:
    """Re-run the checks on ``plans`` (finance's batch "check all"); return how many."""
    n = 0
    for plan in plans:
        refresh_findings(plan)
        n += 1
    return n


@dataclass
class RecheckTotals:
    plans: int = 0
    errors: int = 0
    warnings: int = 0


#: Plans loaded, checked and written per round trip (memory stays flat at a province).
RECHECK_BATCH = 500
_INDICATOR_JSON = [f.attname for f in Indicator._meta.concrete_fields if isinstance(f, JSONField)]
_INDICATOR_PLAIN = [
    f.attname for f in Indicator._meta.concrete_fields if f.attname not in ("id", *_INDICATOR_JSON)
]


def _json(text: str | None) -> Any:
    """Most indicators' JSON columns are empty: skip the decoder for those."""
    return {} if text is None or text == "{}" else json.loads(text)


def _indicators_by_project(project_ids: list[int]) -> dict[int, list[Indicator]]:
    """The indicators of many projects as light rows with the model's attribute names.

    Tens of thousands per batch: model instances and the JSON decoder per column were
    most of the cost, so rows are plain namespaces and empty JSON is not decoded.
    """
    out: dict[int, list[Indicator]] = {pk: [] for pk in project_ids}
    texts = {f"{c}__text": Cast(c, TextField()) for c in _INDICATOR_JSON}
    rows = (
        Indicator.objects.filter(project_id__in=project_ids)
        .order_by("project_id", "position", "id")
        .annotate(**texts)
        .values_list(*_INDICATOR_PLAIN, *texts)
    )
    n = len(_INDICATOR_PLAIN)
    for row in rows:
        fields = dict(zip(_INDICATOR_PLAIN, row[:n], strict=True))
        fields.update(zip(_INDICATOR_JSON, map(_json, row[n:]), strict=True))
        # Read like the model by ``mapping.indicator_to_core`` (attributes only).
        out[fields["project_id"]].append(cast(Indicator, SimpleNamespace(**fields)))
    return out


def _store_counts(plans: list[Plan]) -> None:
    """One UPDATE per distinct (errors, warnings) pair: a few dozen, not one per plan."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for p in plans:
        groups[(p.error_count, p.warning_count)].append(p.pk)
    checked = plans[0].checked_at if plans else None
    for (errors, warnings), ids in groups.items():
        Plan.objects.filter(pk__in=ids).update(
            error_count=errors, warning_count=warnings, checked_at=checked
        )


def recheck(
    plans: QuerySet[Plan], progress: Callable[[int, int], None] | None = None
) -> RecheckTotals:
    """Re-run the checks on every plan of ``plans``, in batches, and store the counts.

    Per batch of 500: one query for the plans (with unit and region), one for their
    projects, one for their indicators, and an UPDATE per distinct count pair — instead
    of three queries and an UPDATE per plan.
    ``progress(done, total)`` is called after each batch.
    """
    ids = list(plans.order_by("pk").values_list("pk", flat=True))
    totals = RecheckTotals()
    for start in range(0, len(ids), RECHECK_BATCH):
        with transaction.atomic():
            batch = list(
                Plan.objects.filter(pk__in=ids[start : start + RECHECK_BATCH]).select_related(
                    "unit__region"
                )
            )
            projects: dict[int, list[Project]] = defaultdict(list)
            for project in Project.objects.filter(plan__in=[p.pk for p in batch]).order_by(
                "plan_id", "position", "id"
            ):
                projects[project.plan_id].append(project)
            indicators = _indicators_by_project(
                [p.pk for group in projects.values() for p in group]
            )
            now = timezone.now()
            for plan in batch:
                document = plan_header_to_core(plan)
                document.projects = [
                    project_to_core(p, indicators[p.pk]) for p in projects[plan.pk]
                ]
                found = check_plan(document)
                plan.error_count = sum(1 for f in found if f.severity == "error")
                plan.warning_count = sum(1 for f in found if f.severity == "warning")
                plan.checked_at = now
                totals.errors += plan.error_count
                totals.warnings += plan.warning_count
            _store_counts(batch)
        totals.plans += len(batch)
        if progress is not None:
            progress(totals.plans, len(ids))
    return totals
