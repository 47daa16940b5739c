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
from typing import Any, TypeVar, cast

from django.db import transaction
from django.db.models import JSONField, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from jixiao.core.checks import check_plan
from jixiao.core.findings import Finding
from jixiao.web.plans.models import Indicator, Plan, Project
from jixiao.web.plans.services.mapping import plan_header_to_core, plan_to_core, project_to_core

M = TypeVar("M", Project, Indicator)

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


def _json(text: str | None) -> Any:
    """Most JSON columns are empty: skip the decoder for those."""
    if text is None:
        return None
    if text == "{}":
        return {}
    if text == "[]":
        return []
    return json.loads(text)


def _light_rows(model: type[M], parent: str, parent_ids: list[int]) -> dict[int, list[M]]:
    """Rows of ``model`` under many parents, as namespaces with the model's attributes.

    Tens of thousands per batch: model instances and Django's JSON decoding were most of
    the cost, so rows are plain namespaces (read like the model by ``services.mapping``,
    attributes only) and empty JSON is not decoded.
    """
    fields = model._meta.concrete_fields
    json_cols = [f.attname for f in fields if isinstance(f, JSONField)]
    plain = [f.attname for f in fields if f.attname not in json_cols]
    texts = {f"{c}__text": Cast(c, TextField()) for c in json_cols}
    rows = (
        model._default_manager.filter(**{f"{parent}__in": parent_ids})
        .order_by(parent, "position", "id")
        .annotate(**texts)
        .values_list(*plain, *texts)
    )
    out: dict[int, list[M]] = {pk: [] for pk in parent_ids}
    n = len(plain)
    for row in rows:
        values = dict(zip(plain, row[:n], strict=True))
        values.update(zip(json_cols, map(_json, row[n:]), strict=True))
        values["pk"] = values["id"]
        out[values[parent]].append(cast(M, SimpleNamespace(**values)))
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
            projects = _light_rows(Project, "plan_id", [p.pk for p in batch])
            indicators = _light_rows(
                Indicator, "project_id", [p.pk for group in projects.values() for p in group]
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
