"""The plans app's background jobs (registered with ``jixiao.web.jobs``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.utils.translation import gettext as _

from jixiao.web.jobs.models import Job
from jixiao.web.jobs.services import Progress, job_kind
from jixiao.web.plans.services import overview as ov
from jixiao.web.plans.services.findings import recheck

__all__ = ["RECHECK_ALL", "recheck_all"]

RECHECK_ALL = "plans.recheck_all"


@job_kind(RECHECK_ALL, label="全部重新审核")
def recheck_all(job: Job, progress: Progress) -> dict[str, Any]:
    """Re-check the plans the user saw in the overview (same filters, same permissions).

    Idempotent: it recomputes counts from the stored plans, so running it twice (a
    redelivered task) gives the same counts.
    """
    user = get_user_model().objects.get(pk=job.user_id) if job.user_id else None
    if user is None:
        raise PermissionError("发起人已不存在")
    params = QueryDict(mutable=True)
    for k, v in job.params.get("filters", {}).items():
        params[k] = v
    plans = ov.filtered_plans(user, ov.OverviewQuery.from_params(params))
    totals = recheck(plans, lambda done, total: progress(done, total))
    progress(totals.plans, totals.plans, force=True)
    return {
        "plans": totals.plans,
        "errors": totals.errors,
        "warnings": totals.warnings,
        "message": _("已重新审核 {n} 份绩效目标：错误 {errors} 条，警告 {warnings} 条。").format(
            n=totals.plans, errors=totals.errors, warnings=totals.warnings
        ),
    }
