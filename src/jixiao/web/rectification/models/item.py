"""A 整改 item: a requirement with a deadline for a unit, its answer, closed by finance.

States: open (待整改) → answered (已答复) → closed (已销号); finance may send an answer back
(open again). Every step is an ``Event`` (append-only): who, when, what was written.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao.web.orgs.access import RestrictedQuerySet
from jixiao.web.orgs.models import Unit
from jixiao.web.plans.models import Project

__all__ = ["Event", "Rectification", "Status"]


class Status(models.TextChoices):
    OPEN = "open", _("待整改")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已销号")


class Rectification(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="rectifications", verbose_name=_("单位")
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectifications",
        verbose_name=_("项目"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    # Where it came from, as the opening stage words it ("自评等级：中", "复核差异 …").
    source = models.CharField(_("来源"), max_length=200)
    source_url = models.CharField(_("来源链接"), max_length=300, blank=True, default="")
    requirement = models.TextField(_("整改要求"))
    deadline = models.DateField(_("整改期限"))
    answer = models.TextField(_("整改情况"), blank=True, default="")
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("下达时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)

    objects = RestrictedQuerySet["Rectification"].as_manager()

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["status", "deadline", "id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.source}"


class Event(models.Model):
    item = models.ForeignKey(
        Rectification, on_delete=models.PROTECT, related_name="events", verbose_name=_("整改事项")
    )
    kind = models.CharField(_("操作"), max_length=16)
    text = models.TextField(_("内容"), blank=True, default="")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("整改记录")
        verbose_name_plural = _("整改记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.item} {self.kind}"
