"""Who may see and change what: one helper per object kind (style.md §9).

Views and the API never query plans by primary key themselves; they call
``get_plan_for_user`` & co., which answer 404 for objects outside the user's units (an
outsider must not learn that a plan exists) and 403 for visible but read-only objects.

Visibility: unit roles see their unit; a supervisor reviewer sees its unit and the units
it supervises; finance reviewers, auditors and admins see their whole region; Django
superusers see everything. Writing: the unit editor of the plan's unit while the plan is
editable, a region admin, a superuser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from jixiao.web.orgs.models import REGION_ROLES, Role, Unit, membership_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from jixiao.web.plans.models import Indicator, Plan, PlanQuerySet, Project

    AnyUser = AbstractBaseUser | AnonymousUser

__all__ = [
    "can_edit_plan",
    "can_import_for_unit",
    "get_indicator_for_user",
    "get_plan_for_user",
    "get_project_for_user",
    "get_unit_for_user",
    "is_superuser",
    "plans_for_user",
    "units_for_user",
]


def _user(request_or_user: HttpRequest | AnyUser) -> AnyUser:
    if isinstance(request_or_user, HttpRequest):
        return request_or_user.user
    return request_or_user


def is_superuser(user: AnyUser) -> bool:
    return bool(user.is_authenticated and getattr(user, "is_superuser", False))


def units_for_user(user: AnyUser, *, write: bool = False) -> QuerySet[Unit]:
    """Units whose plans ``user`` may see (``write=True``: may import/edit plans of)."""
    if is_superuser(user):
        return Unit.objects.all()
    m = membership_of(user)
    if m is None:
        return Unit.objects.none()
    if m.role == Role.ADMIN:
        return Unit.objects.filter(region_id=m.unit.region_id)
    if write:
        if m.role == Role.UNIT_EDITOR:
            return Unit.objects.filter(pk=m.unit_id)
        return Unit.objects.none()
    if m.role in REGION_ROLES:
        return Unit.objects.filter(region_id=m.unit.region_id)
    if m.role == Role.SUPERVISOR_REVIEWER:
        return Unit.objects.filter(Q(pk=m.unit_id) | Q(parent_id=m.unit_id))
    return Unit.objects.filter(pk=m.unit_id)


def plans_for_user(user: AnyUser) -> PlanQuerySet:
    """Every plan ``user`` may see (filter and order it further as needed)."""
    from jixiao.web.plans.models import Plan

    return Plan.objects.filter(unit__in=units_for_user(user))


def can_edit_plan(user: AnyUser, plan: Plan) -> bool:
    """Whether ``user`` may change ``plan`` now (its role and the plan's status)."""
    if not plan.is_editable:
        return False
    return units_for_user(user, write=True).filter(pk=plan.unit_id).exists()


def can_import_for_unit(user: AnyUser, unit: Unit) -> bool:
    return units_for_user(user, write=True).filter(pk=unit.pk).exists()


def get_unit_for_user(request_or_user: HttpRequest | AnyUser, pk: Any) -> Unit:
    user = _user(request_or_user)
    try:
        return units_for_user(user).select_related("region", "parent").get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404("单位不存在或无权查看") from None


def get_plan_for_user(
    request_or_user: HttpRequest | AnyUser, pk: Any, *, write: bool = False
) -> Plan:
    """The plan ``pk`` if visible (else 404); with ``write``, 403 unless editable by the user."""
    from jixiao.web.plans.models import Plan

    user = _user(request_or_user)
    try:
        plan = plans_for_user(user).select_related("unit", "unit__region").get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404("计划不存在或无权查看") from None
    if write and not can_edit_plan(user, plan):
        raise PermissionDenied("无权修改此计划")
    return plan


def get_project_for_user(
    request_or_user: HttpRequest | AnyUser, plan_pk: Any, pk: Any, *, write: bool = False
) -> Project:
    """A project of a visible plan; 404/403 as for plans."""
    from jixiao.web.plans.models import Project

    plan = get_plan_for_user(request_or_user, plan_pk, write=write)
    try:
        project = plan.projects.get(pk=pk)
    except (Project.DoesNotExist, ValueError, TypeError):
        raise Http404("项目不存在或无权查看") from None
    project.plan = plan  # reuse the permission-checked instance (no second query)
    return project


def get_indicator_for_user(
    request_or_user: HttpRequest | AnyUser, pk: Any, *, write: bool = False
) -> Indicator:
    """An indicator of a visible plan; 404/403 as for plans."""
    from jixiao.web.plans.models import Indicator

    user = _user(request_or_user)
    try:
        indicator = Indicator.objects.select_related("project").get(pk=pk)
    except (Indicator.DoesNotExist, ValueError, TypeError):
        raise Http404("指标不存在或无权查看") from None
    plan = get_plan_for_user(user, indicator.project.plan_id, write=write)
    indicator.project.plan = plan
    return indicator
