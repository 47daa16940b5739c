"""Next year's plan started from this year's: a copy as a new draft, last year beside it.

Every indicator carries 上年目标值 (this year's target) and 上年实际值 (the actual of this
year's self-evaluation, where there is one) as ``previous_target`` / ``previous_actual``
(docs/formats.md); the checker's T23 then warns where a new lower bound is below last
year's actual (docs/rules.md#t23). The plan itself is created by the targets app's one
creation function.
"""

from __future__ import annotations

from jixiao.core import workflow as wf
from jixiao.web.plans.models import Plan
from jixiao.web.plans.services import editing as plan_editing
from jixiao.web.plans.services.audit import AnyUser, ServiceError
from jixiao.web.plans.services.mapping import plan_to_core
from jixiao.web.selfeval.models import EvalRow

__all__ = ["start_next_plan"]


def start_next_plan(plan: Plan, *, user: AnyUser) -> Plan:
    """A draft for ``plan.year + 1`` copied from the approved, current ``plan``."""
    if plan.status != wf.State.APPROVED or plan.superseded_at is not None:
        raise ServiceError("只能从已批复且现行的绩效目标开始下一年度计划")
    document = plan_to_core(plan)
    actuals = {
        row.indicator_id: row.actual
        for row in EvalRow.objects.filter(
            indicator__project__plan=plan, indicator__isnull=False
        ).only("indicator_id", "actual")
        if row.actual
    }
    rows = plan.projects.order_by("position", "id")
    for project, stored in zip(document.projects, rows, strict=True):
        indicators = stored.indicators.order_by("position", "id")
        for ind, source in zip(project.indicators, indicators, strict=True):
            ind.extra = dict(ind.extra)
            ind.extra.pop("previous_target", None)
            ind.extra.pop("previous_actual", None)
            if ind.target:
                ind.extra["previous_target"] = ind.target
            if source.pk in actuals:
                ind.extra["previous_actual"] = actuals[source.pk]
    document.year = plan.year + 1
    document.extra = {**document.extra, "started_from_plan": plan.pk}
    return plan_editing.create_plan(plan.unit, plan.year + 1, user=user, document=document)
