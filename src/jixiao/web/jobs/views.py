"""A job's progress: a page, and the fragment htmx polls until the job has finished."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jixiao.web.jobs.models import Job
from jixiao.web.jobs.services import label_of
from jixiao.web.orgs.access import get_visible_or_404
from jixiao.web.orgs.models import is_superuser

__all__ = ["job_status"]


@login_required
@require_GET
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """Only the person who started a job (or a superuser) sees it; others get 404."""
    jobs = (
        Job.objects.all()
        if is_superuser(request.user)
        else Job.objects.filter(user_id=request.user.pk or 0)
    )
    job = get_visible_or_404(jobs, job_id, "任务不存在或无权查看")
    context = {"job": job, "job_label": label_of(job.kind)}
    if getattr(request, "htmx", False):
        return render(request, "jobs/_job.html", context)
    return render(request, "jobs/job.html", context)
