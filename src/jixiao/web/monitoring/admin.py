"""Admin for monitoring: read-only. Rounds, ledgers, progress and measures change only
through the pages and the API, which check, audit and record every change."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from jixiao.web.monitoring.models import FinanceAction, LedgerImport, MonitoringRound
from jixiao.web.plans.admin import ReadOnly


@admin.register(MonitoringRound)
class MonitoringRoundAdmin(ReadOnly, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["plan", "as_of", "due", "status", "red", "yellow", "green", "key_count"]
    list_filter = ["status", "as_of"]
    search_fields = ["plan__unit__name"]


@admin.register(LedgerImport)
class LedgerImportAdmin(ReadOnly, admin.ModelAdmin[LedgerImport]):
    list_display = ["round", "filename", "status", "payment_count", "created_at"]
    list_filter = ["status"]


@admin.register(FinanceAction)
class FinanceActionAdmin(ReadOnly, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["round", "project", "kind", "due", "created_at", "responded_at"]
    list_filter = ["kind"]
