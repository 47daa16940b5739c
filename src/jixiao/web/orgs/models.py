"""Region → units (finance bureau, supervising departments, budget units) and user roles.

The hierarchy is deliberately shallow: a unit's ``parent`` is its 主管部门 (supervising
department); a unit without parent reports straight to the finance bureau (issue 6
routes submissions along this chain).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Region(models.Model):
    code = models.CharField(_("区划代码"), max_length=32, blank=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("地区")
        verbose_name_plural = _("地区")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    FINANCE = "finance", _("财政部门")
    SUPERVISOR = "supervisor", _("主管部门")
    UNIT = "unit", _("预算单位")


class Unit(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="units", verbose_name=_("地区")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("主管部门"),
    )
    code = models.CharField(_("单位编码"), max_length=32, blank=True)
    name = models.CharField(_("单位名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=UnitKind.choices, default="unit")

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region", "code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """Same values as ``jixiao.core.workflow.Role`` (the workflow's actor roles)."""

    UNIT_EDITOR = "unit_editor", _("单位填报")
    UNIT_LEADER = "unit_leader", _("单位负责人")
    SUPERVISOR_REVIEWER = "supervisor_reviewer", _("主管部门审核")
    FINANCE_REVIEWER = "finance_reviewer", _("财政绩效科")
    AUDITOR = "auditor", _("只读")
    ADMIN = "admin", _("管理员")


#: Roles that see every unit of their region.
REGION_ROLES = frozenset({Role.FINANCE_REVIEWER, Role.AUDITOR, Role.ADMIN})


class Membership(models.Model):
    """The one unit and role of a user (one role per account keeps permissions legible)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("用户"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("单位")
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("成员")
        verbose_name_plural = _("成员")

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


def membership_of(user: AbstractBaseUser | AnonymousUser) -> Membership | None:
    """The user's membership, or None (anonymous, or an account not attached to a unit)."""
    if not user.is_authenticated:
        return None
    try:
        m: Membership = user.membership  # type: ignore[attr-defined]
    except Membership.DoesNotExist:
        return None
    return m


def display_name(user: AbstractBaseUser | AnonymousUser | None) -> str | None:
    """How pages, messages and the API name a person: full name, else user name."""
    if user is None:
        return None
    full = getattr(user, "get_full_name", None)
    return str((full() if full else "") or user.get_username())
