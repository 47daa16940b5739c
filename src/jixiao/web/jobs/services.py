"""Enqueue and run jobs; the registry of job kinds that other apps fill.

An app registers a kind with ``@job_kind("plans.recheck_all", label=…)``; the handler
receives the job and a ``Progress`` and returns a JSON-able result whose ``message`` is
shown when it is done. ``enqueue`` is idempotent (same key while active → same job);
``run`` claims a job once (a second delivery, or a worker that restarts, does not run
finished work again) and records any failure with a Chinese message.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from jixiao.web.jobs.models import ACTIVE_STATES, Job, JobState
from jixiao.web.orgs.models import AnyUser

__all__ = ["Progress", "enqueue", "job_kind", "label_of", "resume_stale", "run"]

log = logging.getLogger(__name__)

Handler = Callable[[Job, "Progress"], dict[str, Any]]


@dataclass(frozen=True)
class Kind:
    handler: Handler
    label: str


_KINDS: dict[str, Kind] = {}

#: A running job without progress for this long is taken to have lost its worker.
STALE_AFTER = timedelta(minutes=10)


def job_kind(name: str, *, label: str) -> Callable[[Handler], Handler]:
    """Register ``handler`` for jobs of kind ``name`` (``label`` is what pages show)."""

    def register(handler: Handler) -> Handler:
        _KINDS[name] = Kind(handler, label)
        return handler

    return register


def label_of(kind: str) -> str:
    k = _KINDS.get(kind)
    return k.label if k else kind


class Progress:
    """Writes ``done``/``total`` to the job row, at most a few times a second."""

    def __init__(self, job: Job, interval: float = 0.5) -> None:
        self.job = job
        self.interval = interval
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, *, force: bool = False) -> None:
        self.job.done = done
        if total is not None:
            self.job.total = total
        now = time.monotonic()
        if force or now - self._last >= self.interval:
            self._last = now
            Job.objects.filter(pk=self.job.pk).update(
                done=self.job.done, total=self.job.total, heartbeat_at=timezone.now()
            )


def eager() -> bool:
    """No broker configured (the embedded default): jobs run in-process, at once."""
    return bool(getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True))


def enqueue(kind: str, *, user: AnyUser, key: str, params: dict[str, Any]) -> Job:
    """The active job for ``key``, or a new one sent to the queue."""
    if kind not in _KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    existing = Job.objects.filter(key=key, state__in=ACTIVE_STATES).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                key=key,
                params=params,
                user_id=user.pk if user.is_authenticated else None,
            )
    except IntegrityError:  # the same request raced us: theirs is the job
        return Job.objects.get(key=key, state__in=ACTIVE_STATES)
    _send(job.pk)
    job.refresh_from_db()
    return job


def _send(job_id: int) -> None:
    from jixiao.web.jobs.tasks import run_job

    if eager():
        run_job.delay(job_id)  # runs here and now (task_always_eager)
    else:
        # The worker must find the row: send once the creating transaction commits.
        transaction.on_commit(lambda: run_job.delay(job_id))


def _claim(job_id: int) -> Job | None:
    """Mark the job running, once: queued, or running but stale (its worker died)."""
    now = timezone.now()
    claimable = Q(state=JobState.QUEUED) | Q(
        state=JobState.RUNNING, heartbeat_at__lt=now - STALE_AFTER
    )
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(claimable, pk=job_id).first()
        if job is None:
            return None
        job.state = JobState.RUNNING
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.attempts += 1
        job.save(update_fields=["state", "started_at", "heartbeat_at", "attempts"])
    return job


def run(job_id: int) -> None:
    """Run a job by id (the queue's task body); a finished or running job is left alone."""
    job = _claim(job_id)
    if job is None:
        return
    kind = _KINDS.get(job.kind)
    progress = Progress(job)
    try:
        if kind is None:
            raise LookupError(job.kind)
        result = kind.handler(job, progress)
    except Exception as exc:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        job.state = JobState.FAILED
        job.error = (
            f"任务“{label_of(job.kind)}”执行失败（{type(exc).__name__}）。"
            "已处理的部分已保存；可以重新发起，仍失败请联系管理员查看日志。"
        )
    else:
        job.state = JobState.DONE
        job.result = result
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "result", "error", "finished_at", "done", "total"])


def resume_stale() -> int:
    """Send again the jobs a restart may have lost (queued, or running without a worker)."""
    now = timezone.now()
    stale = Job.objects.filter(
        Q(state=JobState.QUEUED, created_at__lt=now - timedelta(minutes=1))
        | Q(state=JobState.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
    ).values_list("pk", flat=True)
    ids = list(stale)
    for pk in ids:
        _send(pk)
    return len(ids)
