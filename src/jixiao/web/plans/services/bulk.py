"""Loading many generated plans at once (demo and benchmark data only).

Real edits and imports go through the audited ``editing`` functions; these bulk INSERTs
write no history rows, which is what makes a county or a province load in seconds.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from jixiao.core import model as core
from jixiao.core.checks import check_plan
from jixiao.web.orgs.models import Unit
from jixiao.web.plans.models import Indicator, Plan, Project
from jixiao.web.plans.services.mapping import indicator_fields, plan_fields, project_fields

__all__ = ["bulk_create_plans"]


def bulk_create_plans(
    items: Sequence[tuple[Unit, int, core.Plan]], *, batch_size: int = 2000
) -> int:
    """Create many new plans fast (bulk INSERTs, no history rows): county-scale benchmark
    data only — real edits and imports go through the audited functions above."""
    with transaction.atomic():
        plans = []
        for unit, year, document in items:
            plan = Plan(unit=unit, year=year, **plan_fields(document))
            found = check_plan(document)
            plan.error_count = sum(1 for f in found if f.severity == "error")
            plan.warning_count = sum(1 for f in found if f.severity == "warning")
            plan.checked_at = timezone.now()
            plans.append(plan)
        Plan.objects.bulk_create(plans, batch_size=batch_size)
        projects: list[Project] = []
        sources: list[core.Project] = []
        for plan, (_unit, _year, document) in zip(plans, items, strict=True):
            for position, cp in enumerate(document.projects):
                projects.append(Project(plan=plan, position=position, **project_fields(cp)))
                sources.append(cp)
        Project.objects.bulk_create(projects, batch_size=batch_size)
        indicators = [
            Indicator(project=project, position=i, **indicator_fields(ci))
            for project, cp in zip(projects, sources, strict=True)
            for i, ci in enumerate(cp.indicators)
        ]
        Indicator.objects.bulk_create(indicators, batch_size=batch_size)
    return len(plans)
