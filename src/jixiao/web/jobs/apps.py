from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jixiao.web.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        # The Celery app must exist before a task is sent (eager or to the broker).
        from jixiao.web.jobs import queue  # noqa: F401
