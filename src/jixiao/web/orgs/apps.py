from __future__ import annotations

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "jixiao.web.orgs"
    label = "orgs"
    verbose_name = "组织与用户"

    def ready(self) -> None:
        from jixiao.web.orgs import checks  # noqa: F401  (registers the system checks)
