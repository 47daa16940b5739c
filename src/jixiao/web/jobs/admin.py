from __future__ import annotations

from django.contrib import admin

from jixiao.web.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    """Read-only: jobs are started from the pages, their rows are their history."""

    list_display = ["id", "kind", "user", "state", "done", "total", "created_at", "finished_at"]
    list_filter = ["kind", "state"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
