"""批复: the finance bureau's numbered reply to an approved plan (or adjustment).

A ``Reply`` is made by the approving transition itself (``services.replies``), so every
approval has one and none exists without an approval. Its 文号 is ``seq`` formatted by
the region's pattern (``ReplyNumbering``, else the default ``{abbr}财绩〔{year}〕{n}号``);
``ReplyCounter`` holds the last ``seq`` per region and year and is locked while a number
is taken, so numbers are unique and gap-free under concurrent approvals (a rolled-back
approval gives its number back with the rest of the transaction).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao.web.documents.models.append_only import AppendOnly
from jixiao.web.orgs.access import RestrictedQuerySet
from jixiao.web.orgs.models import Region


class ReplyNumbering(models.Model):
    """A region's 文号 pattern: ``{abbr}`` (region's first character), ``{year}``, ``{n}``."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="reply_numbering", verbose_name=_("地区")
    )
    pattern = models.CharField(
        _("文号格式"), max_length=100, help_text=_("例如 巨财绩〔{year}〕{n}号；{n} 为序号")
    )

    class Meta:
        verbose_name = _("批复文号格式")
        verbose_name_plural = _("批复文号格式")

    def __str__(self) -> str:
        return f"{self.region}: {self.pattern}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from jixiao.core.documents import RenderError
        from jixiao.core.documents.reply import check_pattern

        try:
            check_pattern(self.pattern)
        except RenderError as exc:
            raise ValidationError({"pattern": str(exc)}) from None


class ReplyCounter(models.Model):
    """The last sequence number given in a region and year (locked to take the next)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="reply_counter_region_year")
        ]


class ReplyQuerySet(RestrictedQuerySet["Reply"]):
    unit_path = "plan__unit"


class Reply(AppendOnly):
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="replies", verbose_name=_("计划")
    )
    step = models.OneToOneField(
        "plans.Transition",
        on_delete=models.PROTECT,
        related_name="reply",
        verbose_name=_("批复操作"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("地区")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("文号"), max_length=120)
    adjustment = models.BooleanField(_("调整批复"), default=False)
    text = models.TextField(_("批复意见"), blank=True, default="")
    issuer = models.CharField(_("发文单位"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("批复人"),
    )
    created_at = models.DateTimeField(_("批复时间"), auto_now_add=True)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name = _("批复")
        verbose_name_plural = _("批复")
        ordering = ["region", "year", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "seq"], name="reply_unique_seq"),
            models.UniqueConstraint(fields=["region", "number"], name="reply_unique_number"),
        ]

    def __str__(self) -> str:
        return self.number
