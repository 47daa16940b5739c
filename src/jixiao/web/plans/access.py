"""Fetching plans, projects and indicators for a user: 404 outside their units, 403 when
visible but not writable (healthchecks' ``_get_check_for_user``).

Views and the API never query these by primary key themselves. Visibility is
``Plan.objects.visible_to(user)``; whether a user may edit a plan now is the core's rule
(``jixiao.core.workflow.can_edit``) applied to the user's role relative to the plan.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from jixiao.core import workflow as wf
from jixiao.web.orgs.access import get_visible_or_404
from jixiao.web.orgs.models import AnyUser, Unit, is_superuser, membership_of
from jixiao.web.plans.models import Indicator, Plan, Project

__all__ = [
    "actor_for",
    "can_edit_plan",
    "can_import_for_unit",
    "get_indicator_for_user",
    "get_plan_for_user",
    "get_project_for_user",
]


def _user(request_or_user: HttpRequest | AnyUser) -> AnyUser:
    if isinstance(request_or_user, HttpRequest):
        return request_or_user.user
    return request_or_user


def actor_for(user: AnyUser | None, plan: Plan) -> wf.Actor | None:
    """The user as the state machine sees them for ``plan`` (None: no unit, no role)."""
    m = membership_of(user) if user is not None else None
    if m is None:
        return None
    unit = plan.unit
    return wf.Actor(
        role=wf.Role(m.role),
        own_unit=m.unit_id == unit.pk,
        supervises=unit.parent_id is not None and unit.parent_id == m.unit_id,
        in_region=m.unit.region_id == unit.region_id,
    )


def can_edit_plan(user: AnyUser, plan: Plan) -> bool:
    """Whether ``user`` may change ``plan`` now (the core's rule; superusers as admins)."""
    state = wf.State(plan.status)
    if is_superuser(user):
        return state is wf.State.DRAFT
    actor = actor_for(user, plan)
    return actor is not None and wf.can_edit(state, actor)


def can_import_for_unit(user: AnyUser, unit: Unit) -> bool:
    return Unit.objects.writable_by(user).filter(pk=unit.pk).exists()


def get_plan_for_user(
    request_or_user: HttpRequest | AnyUser, pk: Any, *, write: bool = False
) -> Plan:
    """The plan ``pk`` if visible (else 404); with ``write``, 403 unless editable by the user."""
    user = _user(request_or_user)
    plan = get_visible_or_404(
        Plan.objects.visible_to(user).select_related("unit", "unit__region", "unit__parent"),
        pk,
        "计划不存在或无权查看",
    )
    if write and not can_edit_plan(user, plan):
        raise PermissionDenied("无权修改此计划")
    return plan


def get_project_for_user(
    request_or_user: HttpRequest | AnyUser, plan_pk: Any, pk: Any, *, write: bool = False
) -> Project:
    """A project of a visible plan; 404/403 as for plans."""
    plan = get_plan_for_user(request_or_user, plan_pk, write=write)
    project = get_visible_or_404(plan.projects.all(), pk, "项目不存在或无权查看")
    project.plan = plan  # reuse the permission-checked instance (no second query)
    return project


def get_indicator_for_user(
    request_or_user: HttpRequest | AnyUser, pk: Any, *, write: bool = False
) -> Indicator:
    """An indicator of a visible plan; 404/403 as for plans."""
    user = _user(request_or_user)
    indicator = get_visible_or_404(
        Indicator.objects.filter(project__plan__in=Plan.objects.visible_to(user)).select_related(
            "project"
        ),
        pk,
        "指标不存在或无权查看",
    )
    indicator.project.plan = get_plan_for_user(user, indicator.project.plan_id, write=write)
    return indicator
