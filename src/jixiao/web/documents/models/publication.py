"""公开: the finance bureau's decisions to publish a plan (or withdraw it), as records.

Each publish or withdraw is a new row, never changed: a plan is public while its newest
record publishes it and the plan is approved (``services.publishing.public_plans``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao.web.documents.models.append_only import AppendOnly
from jixiao.web.orgs.access import RestrictedQuerySet


class PublicationQuerySet(RestrictedQuerySet["Publication"]):
    unit_path = "plan__unit"


class Publication(AppendOnly):
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="publications", verbose_name=_("计划")
    )
    published = models.BooleanField(_("公开"), help_text=_("否：撤回公开"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开记录")
        verbose_name_plural = _("公开记录")
        ordering = ["plan", "at", "id"]

    def __str__(self) -> str:
        return f"{self.plan_id}: {'公开' if self.published else '撤回'}"
