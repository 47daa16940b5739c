"""Admin for plans: read-only. Targets change only through the pages and the API, which
version, check and audit every change; an approved plan changes only by an adjustment.
The history pages stay (read-only; simple_history's revert needs the change permission)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from jixiao.web.plans.models import Deadline, Indicator, Plan, Project
from jixiao.web.plans.review.deadlines import store_deadline


class ReadOnly:
    """No add, change or delete in the admin (the records are the plan's history)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProjectInline(ReadOnly, admin.TabularInline[Project, Plan]):
    model = Project
    fields = ["position", "code", "name", "budget_total"]
    extra = 0
    show_change_link = True


class IndicatorInline(ReadOnly, admin.TabularInline[Indicator, Project]):
    model = Indicator
    fields = ["position", "level1", "level2", "name", "target"]
    extra = 0


@admin.register(Plan)
class PlanAdmin(ReadOnly, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["unit", "year", "status", "version", "error_count", "warning_count"]
    list_filter = ["year", "status", "unit__region"]
    search_fields = ["unit__name"]
    inlines = [ProjectInline]


@admin.register(Project)
class ProjectAdmin(ReadOnly, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["name", "code", "plan", "budget_total"]
    search_fields = ["name", "code"]
    inlines = [IndicatorInline]


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin[Deadline]):
    """Saving here tells the region's units like the page /finance/deadlines/ does."""

    list_display = ["region", "year", "due", "note"]
    list_filter = ["region", "year"]
    ordering = ["region", "-year"]

    def save_model(self, request: HttpRequest, obj: Deadline, form: Any, change: bool) -> None:
        old = Deadline.objects.filter(pk=obj.pk).first() if change else None
        if old is not None and (old.region_id, old.year) != (obj.region_id, obj.year):
            old.delete()  # another region or year: a different deadline
        stored = store_deadline(obj.region, obj.year, obj.due, note=obj.note)
        obj.pk = stored.pk
