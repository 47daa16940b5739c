"""Admin for plans: read-mostly; edits belong to the pages so that they are versioned
and checked through the services (the admin still records history via simple_history)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from jixiao.web.plans.models import Deadline, Indicator, Plan, Project


class ProjectInline(admin.TabularInline[Project, Plan]):
    model = Project
    fields = ["position", "code", "name", "budget_total"]
    extra = 0
    show_change_link = True


class IndicatorInline(admin.TabularInline[Indicator, Project]):
    model = Indicator
    fields = ["position", "level1", "level2", "name", "target"]
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["unit", "year", "status", "version", "error_count", "warning_count"]
    list_filter = ["year", "status", "unit__region"]
    search_fields = ["unit__name"]
    inlines = [ProjectInline]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["name", "code", "plan", "budget_total"]
    search_fields = ["name", "code"]
    inlines = [IndicatorInline]


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin[Deadline]):
    """Deadlines are plain settings (the page /finance/deadlines/ also notifies units)."""

    list_display = ["region", "year", "due", "note"]
    list_filter = ["region", "year"]
    ordering = ["region", "-year"]
