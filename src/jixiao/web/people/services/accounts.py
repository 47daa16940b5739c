"""Units and accounts of a region, changed by its administrator, each change recorded.

Who may: a user whose membership is 管理员 (``Role.ADMIN``) manages the region of their
unit, nothing else (a Django superuser without such a membership uses ``/admin/``). The
role must fit the unit: unit roles for a budget unit, the supervising reviewer for a
主管部门, the region roles for the finance bureau. An administrator cannot deactivate or
demote their own account (the region would lose its last administrator by one click).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jixiao.core.workflow import ROLE_LABELS, Role
from jixiao.web.orgs.models import (
    REGION_ROLES,
    UNIT_ROLES,
    AnyUser,
    Membership,
    Region,
    Unit,
    UnitKind,
    display_name,
    membership_of,
)
from jixiao.web.people.models import AccountChange, ChangeKind

__all__ = [
    "ROLES_BY_KIND",
    "AccountError",
    "Invitation",
    "add_unit",
    "assign_role",
    "invite_user",
    "managed_region",
    "record",
    "set_active",
]

#: Which roles a member of each kind of unit may have.
ROLES_BY_KIND: dict[str, frozenset[Role]] = {
    UnitKind.UNIT: frozenset(UNIT_ROLES),
    UnitKind.SUPERVISOR: frozenset({Role.SUPERVISOR_REVIEWER}),
    UnitKind.FINANCE: frozenset(REGION_ROLES),
}


class AccountError(Exception):
    """A change refused; the message says why, in Chinese."""


def managed_region(user: AnyUser) -> Region | None:
    """The region ``user`` administers (their unit's, if they are its 管理员)."""
    m = membership_of(user)
    if m is None or m.role != Role.ADMIN:
        return None
    return m.unit.region


def _region(user: AnyUser) -> Region:
    region = managed_region(user)
    if region is None:
        raise AccountError("仅地区管理员可以管理单位与人员")
    return region


def acting_user(user: AnyUser | None) -> User | None:
    """The user to store as the actor (None for anonymous and system changes)."""
    return user if isinstance(user, User) and user.is_authenticated else None


def record(
    actor: AnyUser | None, region: Region | None, kind: ChangeKind, subject: str, detail: str = ""
) -> AccountChange:
    return AccountChange.objects.create(
        region=region,
        actor=acting_user(actor),
        kind=kind,
        subject=subject[:200],
        detail=detail[:500],
    )


def _role_label(role: str) -> str:
    return ROLE_LABELS[Role(role)]


def _check_role_fits(unit: Unit, role: str) -> None:
    if role not in {r.value for r in Role}:
        raise AccountError("角色无效")
    if Role(role) not in ROLES_BY_KIND.get(unit.kind, frozenset()):
        allowed = "、".join(_role_label(r) for r in sorted(ROLES_BY_KIND.get(unit.kind, ())))
        raise AccountError(f"{unit.name}的人员只能是：{allowed}")


@transaction.atomic
def add_unit(user: AnyUser, *, name: str, code: str, kind: str, parent: Unit | None = None) -> Unit:
    region = _region(user)
    name, code = name.strip(), code.strip()
    if not name:
        raise AccountError("请填写单位名称")
    if kind not in UnitKind.values:
        raise AccountError("单位类型无效")
    if parent is not None:
        if parent.region_id != region.pk or parent.kind != UnitKind.SUPERVISOR:
            raise AccountError("主管部门须是本地区的主管部门")
        if kind != UnitKind.UNIT:
            raise AccountError("只有预算单位才有主管部门")
    if Unit.objects.filter(region=region, name=name).exists():
        raise AccountError(f"本地区已有名为“{name}”的单位")
    if code and Unit.objects.filter(region=region, code=code).exists():
        raise AccountError(f"本地区已有编码为“{code}”的单位")
    unit = Unit.objects.create(region=region, name=name, code=code, kind=kind, parent=parent)
    record(
        user,
        region,
        ChangeKind.UNIT_ADDED,
        name,
        f"编码 {code or '—'} · {UnitKind(kind).label}"
        + (f" · 主管部门 {parent.name}" if parent else ""),
    )
    return unit


@dataclass(frozen=True, slots=True)
class Invitation:
    user: User
    uid: str
    token: str


@transaction.atomic
def invite_user(
    user: AnyUser, *, username: str, full_name: str, email: str, unit: Unit, role: str
) -> Invitation:
    """Create the account (no password yet) and its one-time link to set one."""
    region = _region(user)
    if unit.region_id != region.pk:
        raise AccountError("只能为本地区的单位添加人员")
    _check_role_fits(unit, role)
    username = username.strip()
    if not username:
        raise AccountError("请填写用户名")
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(f"用户名“{username}”已被使用")
    new = User(username=username, first_name=full_name.strip()[:150], email=email.strip())
    new.set_unusable_password()
    new.save()
    Membership.objects.create(user=new, unit=unit, role=role)
    record(user, region, ChangeKind.USER_INVITED, username, f"{unit.name} · {_role_label(role)}")
    return Invitation(
        new, urlsafe_base64_encode(force_bytes(new.pk)), default_token_generator.make_token(new)
    )


def _member_in_region(user: AnyUser, target: User) -> tuple[Region, Membership]:
    region = _region(user)
    m = membership_of(target)
    if m is None or m.unit.region_id != region.pk:
        raise AccountError("该用户不属于本地区")
    return region, m


@transaction.atomic
def assign_role(user: AnyUser, target: User, *, unit: Unit, role: str) -> Membership:
    region, m = _member_in_region(user, target)
    if target.pk == getattr(user, "pk", None):
        raise AccountError("不能修改自己的角色（请另一位管理员操作）")
    if unit.region_id != region.pk:
        raise AccountError("只能分配到本地区的单位")
    _check_role_fits(unit, role)
    before = f"{m.unit.name} · {_role_label(m.role)}"
    m.unit, m.role = unit, role
    m.save(update_fields=["unit", "role"])
    after = f"{unit.name} · {_role_label(role)}"
    if before != after:
        record(user, region, ChangeKind.ROLE_ASSIGNED, target.get_username(), f"{before} → {after}")
    return m


@transaction.atomic
def set_active(user: AnyUser, target: User, *, active: bool) -> None:
    region, _m = _member_in_region(user, target)
    if target.pk == getattr(user, "pk", None):
        raise AccountError("不能停用自己的账号")
    if target.is_active == active:
        return
    target.is_active = active
    target.save(update_fields=["is_active"])
    kind = ChangeKind.USER_REACTIVATED if active else ChangeKind.USER_DEACTIVATED
    record(user, region, kind, target.get_username(), display_name(target) or "")
