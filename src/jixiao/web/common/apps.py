from __future__ import annotations

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "jixiao.web.common"
    label = "common"
    verbose_name = "界面"

    def ready(self) -> None:
        """Apply ``JIXIAO_READ_LIMITS`` (the ``[limits]`` keys) to every reader."""
        from django.conf import settings

        from jixiao.core.readers.limits import configure, parse_limits

        configure(parse_limits(getattr(settings, "JIXIAO_READ_LIMITS", {}) or {}))
