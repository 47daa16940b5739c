"""Evidence files attached to a self-evaluation (佐证材料), stored with the record.

Kept in the database rather than on a file system so that a backup of the database is a
backup of the record; sizes are bounded by ``services.evidence`` (type by content, not by
name). Append-only like the rest of the record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao.web.selfeval.models.evaluation import SelfEvaluation

__all__ = ["Evidence"]


class Evidence(models.Model):
    evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("自评")
    )
    filename = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    data = models.BinaryField(_("内容"))
    note = models.CharField(_("说明"), max_length=200, blank=True, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.filename
