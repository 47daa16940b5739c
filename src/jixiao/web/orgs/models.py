"""Region → units (finance bureau, supervising departments, budget units) and user roles.

The hierarchy is deliberately shallow: a unit's ``parent`` is its 主管部门 (supervising
department); a unit without parent reports straight to the finance bureau (the review
workflow routes submissions along this chain). Roles are the core workflow's
(``jixiao.core.workflow.Role``); who sees which unit is ``Unit.objects.visible_to(user)``
(``orgs.access``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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
    """A region of the administrative tree: province → prefecture → county.

    ``path`` is a materialized path of primary keys (``"1/7/42/"``), so "this region and
    everything below it" is one prefix filter (``path__startswith``) whatever the depth.
    """

    code = models.CharField(_("区划代码"), max_length=32, blank=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级地区"),
    )
    path = models.CharField(max_length=255, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = _("地区")
        verbose_name_plural = _("地区")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Store the path (needs the pk: a new region is saved, then its path set)."""
        old = self.path
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs.pop("force_insert", None)
        self.path = region_path(self.parent, self.pk)
        super().save(*args, **kwargs)
        if old and old != self.path:  # moved: its subtree follows
            for sub in Region.objects.filter(path__startswith=old).exclude(pk=self.pk):
                sub.path = self.path + sub.path[len(old) :]
                Region.objects.filter(pk=sub.pk).update(path=sub.path)

    def subtree(self) -> models.QuerySet[Region]:
        """This region and every region below it."""
        return Region.objects.filter(path__startswith=self.path)


def region_path(parent: Region | None, pk: int) -> str:
    return f"{parent.path if parent else ''}{pk}/"


def pinyin_key(name: str) -> str:
    """How unit names sort: by pinyin, syllable by syllable (西安 "xi an" before 先 "xian").

    pypinyin knows the readings of polyphonic characters in common words (重庆 → chong
    qing, 银行 → yin hang), which a per-character table or the code-point order cannot.
    """
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(name, style=Style.NORMAL, errors="default")).lower()[:300]


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

    def bulk_create(self, objs: Iterable[Unit], *args: Any, **kwargs: Any) -> list[Unit]:
        """Fill each unit's pinyin sort key (``save`` does it one by one)."""
        objs = list(objs)
        for unit in objs:
            unit.name_pinyin = pinyin_key(unit.name)
        return super().bulk_create(objs, *args, **kwargs)

    def visible_to(self, user: AnyUser) -> UnitQuerySet:
        if is_superuser(user):
            return self.all()
        m = membership_of(user)
        if m is None:
            return self.none()
        if m.role in REGION_ROLES:
            # The user's region and every region below it (a province sees its counties).
            return self.filter(region__path__startswith=m.unit.region.path)
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
            return self.filter(region__path__startswith=m.unit.region.path)
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
    #: The name in pinyin, for sorting lists the way readers expect (``pinyin_key``).
    name_pinyin = models.CharField(_("拼音"), max_length=300, blank=True, editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region", "code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")
        ]
        indexes = [
            models.Index(fields=["name_pinyin"], name="unit_name_pinyin"),
            models.Index(fields=["code", "name_pinyin"], name="unit_code_pinyin"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_pinyin = pinyin_key(self.name)
        super().save(*args, **kwargs)


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
    # One query for the membership, its unit and the unit's region (every access rule
    # needs the three), cached on the user like Django's own reverse one-to-one access.
    related = Membership._meta.get_field("user").remote_field
    if not related.is_cached(user):
        found = (
            Membership.objects.select_related("unit__region", "unit__parent")
            .filter(user_id=user.pk)
            .first()
        )
        related.set_cached_value(user, found)
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
