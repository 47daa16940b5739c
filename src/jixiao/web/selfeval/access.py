"""Fetching self-evaluations for a user: 404 outside their units, 403 when not writable.

The acting user is described to the core state machine exactly as for the targets
(``plans.access.actor_for`` on the evaluated project's plan: same unit, same chain), and
whether a self-evaluation may be edited now is the core's ``can_edit``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from jixiao.core import workflow as wf
from jixiao.web.orgs.access import get_visible_or_404
from jixiao.web.orgs.models import AnyUser, is_superuser
from jixiao.web.plans.access import actor_for
from jixiao.web.selfeval.models import EvalRow, SelfEvaluation

__all__ = ["can_edit_selfeval", "evaluation_actor", "get_row_for_user", "get_selfeval_for_user"]


def evaluation_actor(user: AnyUser | None, ev: SelfEvaluation) -> wf.Actor | None:
    return actor_for(user, ev.project.plan)


def can_edit_selfeval(user: AnyUser, ev: SelfEvaluation) -> bool:
    state = wf.State(ev.status)
    if is_superuser(user):
        return state is wf.State.DRAFT
    actor = evaluation_actor(user, ev)
    return actor is not None and wf.can_edit(state, actor)


def _user(request_or_user: HttpRequest | AnyUser) -> AnyUser:
    return request_or_user.user if isinstance(request_or_user, HttpRequest) else request_or_user


def get_selfeval_for_user(
    request_or_user: HttpRequest | AnyUser, pk: Any, *, write: bool = False
) -> SelfEvaluation:
    user = _user(request_or_user)
    ev = get_visible_or_404(
        SelfEvaluation.objects.visible_to(user).select_related(
            "unit", "unit__parent", "unit__region", "project", "project__plan"
        ),
        pk,
        "自评不存在或无权查看",
    )
    if write and not can_edit_selfeval(user, ev):
        raise PermissionDenied("无权修改此自评")
    return ev


def get_row_for_user(
    request_or_user: HttpRequest | AnyUser, ev_pk: Any, pk: Any, *, write: bool = False
) -> EvalRow:
    ev = get_selfeval_for_user(request_or_user, ev_pk, write=write)
    row = get_visible_or_404(ev.rows.all(), pk, "指标不存在或无权查看")
    row.evaluation = ev
    return row
