"""Region → units (finance bureau, supervising departments, budget units) and user roles.

The hierarchy is deliberately shallow: a unit's ``parent`` is its 主管部门 (supervising
department); a unit without parent reports straight to the finance bureau (the review
workflow routes submissions along this chain). Roles are the core workflow's
(``jixiao.core.workflow.Role``); who sees which unit is ``Unit.objects.visible_to(user)``
(``orgs.access``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jixiao.core.workflow import ROLE_LABELS, Role
from jixiao.web.choices import choices_of

#: A request's user: logged in or anonymous.
AnyUser = AbstractBaseUser | AnonymousUser


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


#: Roles that see every unit of their region.
REGION_ROLES = frozenset({Role.FINANCE_REVIEWER, Role.AUDITOR, Role.ADMIN})
#: Roles of a budget unit's own staff.
UNIT_ROLES = frozenset({Role.UNIT_EDITOR, Role.UNIT_LEADER})
#: Roles that approve or return (supervising department, finance bureau).
REVIEWER_ROLES = frozenset({Role.SUPERVISOR_REVIEWER, Role.FINANCE_REVIEWER})


class UnitQuerySet(models.QuerySet["Unit"]):
    """Which units a user may see and act for: the one access rule every app builds on.

    Unit roles see their unit; a supervisor reviewer sees its unit and the units it
    supervises; finance reviewers, auditors and admins see their whole region; Django
    superusers see everything. Writing (importing, editing targets) is for the unit
    editor of the unit, a region admin, a superuser.
    """

    def visible_to(self, user: AnyUser) -> UnitQuerySet:
        if is_superuser(user):
            return self.all()
        m = membership_of(user)
        if m is None:
            return self.none()
        if m.role in REGION_ROLES:
            return self.filter(region_id=m.unit.region_id)
        if m.role == Role.SUPERVISOR_REVIEWER:
            return self.filter(Q(pk=m.unit_id) | Q(parent_id=m.unit_id))
        return self.filter(pk=m.unit_id)

    def writable_by(self, user: AnyUser) -> UnitQuerySet:
        if is_superuser(user):
            return self.all()
        m = membership_of(user)
        if m is None:
            return self.none()
        if m.role == Role.ADMIN:
            return self.filter(region_id=m.unit.region_id)
        if m.role == Role.UNIT_EDITOR:
            return self.filter(pk=m.unit_id)
        return self.none()


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

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region", "code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")
        ]

    def __str__(self) -> str:
        return self.name


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
    role = models.CharField(_("角色"), max_length=32, choices=choices_of(ROLE_LABELS))

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


def is_superuser(user: AnyUser) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_superuser", False))
