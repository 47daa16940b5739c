"""API of the organisation: the units the caller may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from jixiao.web.orgs.models import Unit

__all__ = ["UnitOut", "router", "unit_dict"]

router = Router(tags=["单位"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None


def unit_dict(u: Unit) -> dict[str, Any]:
    return {"id": u.pk, "code": u.code, "name": u.name, "kind": u.kind, "parent_id": u.parent_id}


@router.get("/units", response=list[UnitOut], summary="可见的单位（分页）")
@paginate  # the project's bounded pages (settings.NINJA_PAGINATION_CLASS)
def list_units(request: HttpRequest) -> QuerySet[Unit]:
    return Unit.objects.visible_to(request.user).order_by("code", "name", "pk")
