from __future__ import annotations

from django.apps import AppConfig


class SelfevalConfig(AppConfig):
    name = "jixiao.web.selfeval"
    label = "selfeval"
    verbose_name = "绩效自评"
