"""Starting next year's targets from this year's approved plan (with last year's actuals)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from jixiao.web.orgs.models import Unit
from jixiao.web.plans.access import get_plan_for_user
from jixiao.web.plans.services.audit import ServiceError
from jixiao.web.selfeval.services.next_year import start_next_plan

__all__ = ["next_year"]


@login_required
@require_POST
def next_year(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id)
    if not Unit.objects.writable_by(request.user).filter(pk=plan.unit_id).exists():
        raise PermissionDenied("无权为此单位编制绩效目标")
    try:
        new = start_next_plan(plan, user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("pages:plan", plan.pk)
    messages.success(request, f"已从{plan.year}年绩效目标开始编制{new.year}年绩效目标（草稿）")
    return redirect("pages:plan", new.pk)
