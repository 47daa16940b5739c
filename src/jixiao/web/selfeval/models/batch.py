"""Published self-evaluation tables uploaded in bulk by the finance bureau for 复核.

A batch belongs to the uploader's unit (the finance bureau), so only the region's roles
see it through ``RestrictedQuerySet``. Each table keeps the document as read
(``jixiao.selfeval/1``) and the cached result of scoring it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao.web.orgs.access import RestrictedQuerySet
from jixiao.web.orgs.models import Unit

__all__ = ["BatchTable", "RecheckBatch"]


class RecheckBatch(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="recheck_batches", verbose_name=_("单位")
    )
    name = models.CharField(_("名称"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上传人"),
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = RestrictedQuerySet["RecheckBatch"].as_manager()

    class Meta:
        verbose_name = _("自评表批量复核")
        verbose_name_plural = _("自评表批量复核")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class BatchTable(models.Model):
    batch = models.ForeignKey(
        RecheckBatch, on_delete=models.CASCADE, related_name="tables", verbose_name=_("批次")
    )
    position = models.PositiveIntegerField(_("序号"), default=0)
    filename = models.CharField(_("文件名"), max_length=255)
    project = models.CharField(_("项目"), max_length=300, blank=True, default="")
    document: models.JSONField[Any] = models.JSONField(_("自评表"), encoder=DjangoJSONEncoder)
    total = models.DecimalField(
        _("总分（按规则）"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    grade = models.CharField(_("等级（按规则）"), max_length=8, blank=True, default="")
    departures = models.PositiveIntegerField(_("复核差异"), default=0)

    class Meta:
        verbose_name = _("复核表")
        verbose_name_plural = _("复核表")
        ordering = ["batch", "position", "id"]

    def __str__(self) -> str:
        return self.project or self.filename
