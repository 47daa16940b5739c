from __future__ import annotations

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "jixiao.web.plans"
    label = "plans"
    verbose_name = "绩效目标"

    def ready(self) -> None:
        from jixiao.web.plans import jobs  # noqa: F401  (registers the job kinds)
