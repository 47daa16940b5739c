"""Bearer-token authentication: ``Authorization: Bearer jx_…`` (key shown once at issue)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from jixiao.web.api.models import Token, digest

#: last_used_at is written at most this often per token (no write on every call).
TOUCH_EVERY = timedelta(minutes=5)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token:
            return None
        try:
            found = Token.objects.select_related("user").get(key_digest=digest(token.strip()))
        except Token.DoesNotExist:
            return None
        user = found.user
        if not user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > TOUCH_EVERY:
            Token.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = user
        return user
