from __future__ import annotations

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "jixiao.web.people"
    label = "people"
    verbose_name = "单位与人员"
