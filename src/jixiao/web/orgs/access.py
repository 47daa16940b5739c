"""Access rules for the other apps' models, as QuerySet methods (NetBox's ``restrict()``).

A model that belongs to a unit (a plan, a monitoring round, a self-evaluation) gives its
manager a ``RestrictedQuerySet`` naming the path to that unit; ``visible_to(user)`` and
``writable_by(user)`` then apply ``Unit.objects.visible_to/writable_by``. Views and the API
fetch objects only through these (``get_visible_or_404``), so an outsider gets 404 and
cannot learn that an object exists.
"""

from __future__ import annotations

from typing import Any, Self, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

from jixiao.web.orgs.models import AnyUser, Unit

__all__ = ["RestrictedQuerySet", "get_unit_for_user", "get_visible_or_404"]

M = TypeVar("M", bound=models.Model)


class RestrictedQuerySet(models.QuerySet[M]):
    """A queryset of objects that belong to a unit through ``unit_path``."""

    unit_path = "unit"

    def visible_to(self, user: AnyUser) -> Self:
        return self.filter(**{f"{self.unit_path}__in": Unit.objects.visible_to(user)})

    def in_writable_units(self, user: AnyUser) -> Self:
        return self.filter(**{f"{self.unit_path}__in": Unit.objects.writable_by(user)})


def get_visible_or_404(queryset: models.QuerySet[M], pk: Any, message: str) -> M:
    """``queryset.get(pk=pk)``, or 404 with ``message`` (also for a malformed ``pk``)."""
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(message) from None


def get_unit_for_user(user: AnyUser, pk: Any) -> Unit:
    return get_visible_or_404(
        Unit.objects.visible_to(user).select_related("region", "parent"), pk, "单位不存在或无权查看"
    )
