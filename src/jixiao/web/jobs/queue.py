"""The Celery application: ``celery -A jixiao.web.jobs.queue worker``.

Settings come from Django's (``CELERY_*``): with ``CELERY_BROKER_URL`` (Redis in
production) tasks go to queue workers; without it they run eagerly in the web process,
so the embedded default (SQLite, ``make run``) needs nothing more.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")

app = Celery("jixiao")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["jixiao.web.jobs"])


@worker_ready.connect  # type: ignore[untyped-decorator]
def _resume(**_kwargs: object) -> None:
    """A worker that starts picks up what a restart may have dropped."""
    from jixiao.web.jobs.services import resume_stale

    resume_stale()
