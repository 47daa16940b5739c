"""What the administrator changed: units added, users invited, roles assigned, accounts
deactivated, API tokens issued and revoked. Append-only (never edited or deleted)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao.web.orgs.models import Region


class ChangeKind(models.TextChoices):
    UNIT_ADDED = "unit_added", _("新增单位")
    USER_INVITED = "user_invited", _("邀请用户")
    ROLE_ASSIGNED = "role_assigned", _("分配角色")
    USER_DEACTIVATED = "user_deactivated", _("停用账号")
    USER_REACTIVATED = "user_reactivated", _("恢复账号")
    TOKEN_ISSUED = "token_issued", _("签发接口令牌")
    TOKEN_REVOKED = "token_revoked", _("吊销接口令牌")


class AccountChange(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("地区")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    kind = models.CharField(_("操作"), max_length=24, choices=ChangeKind.choices)
    subject = models.CharField(_("对象"), max_length=200)
    detail = models.CharField(_("内容"), max_length=500, blank=True, default="")
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("单位与人员变更")
        verbose_name_plural = _("单位与人员变更")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject}"
