"""The publish action (公开/撤回公开), for one plan or a batch: finance reviewers only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jixiao.core import workflow as wf
from jixiao.web.common.ui import viewer_of
from jixiao.web.documents.services.publishing import set_published
from jixiao.web.plans.models import Plan

__all__ = ["publish"]


@login_required
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    """Publish or withdraw the chosen plans; each refusal is reported, none is silent."""
    viewer = viewer_of(request)
    if not (viewer.superuser or viewer.role == wf.Role.FINANCE_REVIEWER):
        raise PermissionDenied("只有财政部门可以公开绩效目标")
    back = request.POST.get("next", "")
    if not (back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})):
        back = reverse("documents:approved")
    ids = [int(x) for x in request.POST.getlist("plan") if x.isdigit()]
    plans = list(Plan.objects.visible_to(request.user).filter(pk__in=ids).select_related("unit"))
    if not plans:
        messages.warning(request, "请先选择要公开的绩效目标。")
        return redirect(back)
    results = set_published(plans, request.POST.get("action") != "withdraw", user=request.user)
    done = [r for r in results if r.ok]
    if done:
        messages.success(request, f"{done[0].message} {len(done)} 份。")
    for r in results:
        if not r.ok:
            messages.warning(request, f"{r.plan.unit.name} {r.plan.year}年：{r.message}")
    return redirect(back)
