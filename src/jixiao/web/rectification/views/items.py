"""整改 pages: the list, opening an item for a project, one item with its answer and close."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.web.orgs.access import get_visible_or_404
from jixiao.web.plans.models import Plan, Project
from jixiao.web.plans.services.audit import ServiceError
from jixiao.web.rectification.models import Rectification
from jixiao.web.rectification.services import items

__all__ = ["item_action", "item_detail", "item_list", "item_open"]


@login_required
@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    listed = Rectification.objects.visible_to(request.user).select_related("unit", "project")
    return render(request, "rectification/list.html", {"items": listed[:500]})


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@login_required
@require_POST
def item_open(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_visible_or_404(
        Project.objects.filter(plan__in=Plan.objects.visible_to(request.user)).select_related(
            "plan", "plan__unit"
        ),
        project_id,
        "项目不存在或无权查看",
    )
    if not items.can_manage(request.user, project.plan.unit):
        raise PermissionDenied("只有财政部门可以下达整改要求")
    back = request.POST.get("source_url", "")
    back = back if back.startswith("/") and not back.startswith("//") else ""
    try:
        item = items.open_item(
            project,
            source=request.POST.get("source", "") or "整改要求",
            requirement=request.POST.get("requirement", ""),
            deadline=_date(request.POST.get("deadline", "")),
            user=request.user,
            source_url=back,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(back or "rectification:list")
    messages.success(request, "已下达整改要求")
    return redirect("rectification:detail", item.pk)


def _item(request: HttpRequest, item_id: int) -> Rectification:
    return get_visible_or_404(
        Rectification.objects.visible_to(request.user).select_related("unit", "project"),
        item_id,
        "整改事项不存在或无权查看",
    )


@login_required
@require_GET
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(request, item_id)
    return render(
        request,
        "rectification/detail.html",
        {
            "item": item,
            "events": list(item.events.select_related("user")),
            "labels": items.KIND_LABELS,
            "can_answer": items.can_answer(request.user, item),
            "can_manage": items.can_manage(request.user, item.unit),
        },
    )


@login_required
@require_POST
def item_action(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(request, item_id)
    action = request.POST.get("action", "")
    text = request.POST.get("text", "")
    allowed = {
        "answer": items.can_answer(request.user, item),
        "close": items.can_manage(request.user, item.unit),
        "send_back": items.can_manage(request.user, item.unit),
    }
    if not allowed.get(action):
        raise PermissionDenied("无权对此整改事项执行此操作")
    step = {"answer": items.answer, "close": items.close, "send_back": items.send_back}[action]
    try:
        step(item, text, user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已" + items.KIND_LABELS[action])
    return redirect("rectification:detail", item.pk)
