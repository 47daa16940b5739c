"""Who may use the people pages (the region's 管理员), and whose account they may touch
(their region's users: others get 404)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jixiao.web.orgs.access import get_visible_or_404
from jixiao.web.orgs.models import Region
from jixiao.web.people.services.accounts import managed_region

__all__ = ["get_member_or_404", "region_or_403"]


def region_or_403(request: HttpRequest) -> Region:
    region = managed_region(request.user)
    if region is None:
        raise PermissionDenied(_("仅地区管理员可以管理单位与人员。"))
    return region


def get_member_or_404(region: Region, pk: Any) -> User:
    return get_visible_or_404(
        User.objects.filter(membership__unit__region=region).select_related("membership__unit"),
        pk,
        "用户不存在或不属于本地区",
    )
