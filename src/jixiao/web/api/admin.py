from __future__ import annotations

from django.contrib import admin

from jixiao.web.api.models import Token


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin[Token]):
    """Tokens are issued by ``Token.issue`` (demo data, management shell); the admin can
    list and revoke them but never shows a key (only its digest is stored)."""

    list_display = ["prefix", "user", "name", "created_at", "last_used_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    search_fields = ["user__username", "name"]

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False
