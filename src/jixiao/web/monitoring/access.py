"""Fetching rounds and ledgers for a user: 404 outside their units, 403 when visible
but not writable (as ``plans.access``).

Who may fill in a round is the core's rule (``core.workflow.can_edit``) on the round's
state, with the user described relative to the plan's unit (``plans.access.actor_for``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from jixiao.core import workflow as wf
from jixiao.web.monitoring.models import LedgerImport, MonitoringRound
from jixiao.web.orgs.access import get_visible_or_404
from jixiao.web.orgs.models import AnyUser, is_superuser
from jixiao.web.plans.access import actor_for

__all__ = ["can_edit_round", "get_ledger_for_user", "get_round_for_user"]


def _user(request_or_user: HttpRequest | AnyUser) -> AnyUser:
    if isinstance(request_or_user, HttpRequest):
        return request_or_user.user
    return request_or_user


def can_edit_round(user: AnyUser, rnd: MonitoringRound) -> bool:
    """Whether ``user`` may import a ledger or report progress in ``rnd`` now."""
    state = wf.State(rnd.status)
    if is_superuser(user):
        return state is wf.State.DRAFT
    actor = actor_for(user, rnd.plan)
    return actor is not None and wf.can_edit(state, actor)


def get_round_for_user(
    request_or_user: HttpRequest | AnyUser, pk: Any, *, write: bool = False
) -> MonitoringRound:
    """The round ``pk`` if visible (else 404); with ``write``, 403 unless the user may
    fill it in now."""
    user = _user(request_or_user)
    rnd = get_visible_or_404(
        MonitoringRound.objects.visible_to(user).select_related(
            "plan", "plan__unit", "plan__unit__region"
        ),
        pk,
        "监控轮次不存在或无权查看",
    )
    if write and not can_edit_round(user, rnd):
        raise PermissionDenied("无权填报此监控轮次（已提交，或不是本单位填报人）")
    return rnd


def get_ledger_for_user(
    request_or_user: HttpRequest | AnyUser, rnd: MonitoringRound, pk: Any
) -> LedgerImport:
    """A ledger import of the round (the round was fetched for the user)."""
    return get_visible_or_404(
        LedgerImport.objects.filter(round=rnd), pk, "支付明细导入不存在或已过期"
    )
