from __future__ import annotations

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "jixiao.web.common"
    label = "common"
    verbose_name = "界面"
