from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from jixiao.web.documents.models import Publication, Reply, ReplyNumbering


@admin.register(ReplyNumbering)
class ReplyNumberingAdmin(admin.ModelAdmin[ReplyNumbering]):
    list_display = ("region", "pattern")


class RecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Records are read only: never changed or deleted."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Reply)
class ReplyAdmin(RecordAdmin):
    list_display = ("number", "plan", "year", "adjustment", "created_at")
    list_filter = ("region", "year")


@admin.register(Publication)
class PublicationAdmin(RecordAdmin):
    list_display = ("plan", "published", "at")
