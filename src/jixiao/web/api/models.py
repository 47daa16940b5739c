"""API tokens: only a SHA-256 digest is stored, the key is shown once when created."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class Token(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("用户"),
    )
    name = models.CharField(_("用途"), max_length=100, blank=True)
    prefix = models.CharField(_("前缀"), max_length=8, editable=False)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user: AbstractBaseUser, name: str = "") -> tuple[Token, str]:
        """Create a token for ``user``; return it with the plain key (not stored)."""
        key = "jx_" + secrets.token_urlsafe(30)
        token = cls.objects.create(user=user, name=name, prefix=key[:8], key_digest=digest(key))
        return token, key
