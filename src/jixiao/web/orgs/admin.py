from __future__ import annotations

from django.contrib import admin

from jixiao.web.orgs.models import Membership, Region, Unit


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["name", "code", "parent"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["name", "code", "kind", "parent", "region"]
    list_filter = ["region", "kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit__region"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["unit"]
