"""The region's units and people, and what changed (the administrator's page)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jixiao.web.orgs.models import Unit
from jixiao.web.people.access import region_or_403
from jixiao.web.people.models import AccountChange

__all__ = ["people"]

#: Changes listed on the page (newest first).
CHANGES_SHOWN = 50


@login_required
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    region = region_or_403(request)
    units = (
        Unit.objects.filter(region=region)
        .select_related("parent")
        .annotate(members=Count("memberships"))
        .order_by("code", "name")
    )
    users = (
        User.objects.filter(membership__unit__region=region)
        .select_related("membership__unit")
        .order_by("membership__unit__code", "username")
    )
    changes = AccountChange.objects.filter(region=region).select_related("actor")[:CHANGES_SHOWN]
    return render(
        request,
        "people/people.html",
        {"region": region, "units": units, "users": users, "changes": changes},
    )
