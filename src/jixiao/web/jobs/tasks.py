"""The one Celery task: run a job by id (the job row holds everything else)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="jixiao.run_job", acks_late=True, reject_on_worker_lost=True)  # type: ignore[untyped-decorator]
def run_job(job_id: int) -> None:
    from jixiao.web.jobs.services import run

    run(job_id)
