"""Admin: the region's scoring policy is set here; self-evaluations are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jixiao.web.selfeval.models import RegionPolicy, SelfEvaluation


@admin.register(RegionPolicy)
class RegionPolicyAdmin(admin.ModelAdmin[RegionPolicy]):
    list_display = ["region"]


@admin.register(SelfEvaluation)
class SelfEvaluationAdmin(admin.ModelAdmin[SelfEvaluation]):
    list_display = ["project", "unit", "year", "status", "total", "grade", "departures"]
    list_filter = ["year", "status", "grade"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # changes go through the workspace, where they are recorded

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
