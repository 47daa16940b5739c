"""The to-do page (待办): work waiting for the user, and the in-app notifications.

What is waiting comes from ``review.todo.todo_for`` (the same rules as the buttons); the
page only groups it. Notifications are the user's own rows; marking them read goes
through ``review.notifications.mark_read`` (POST with the CSRF token).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jixiao.core import workflow as wf
from jixiao.web.common.ui import viewer_of
from jixiao.web.orgs.models import REVIEWER_ROLES
from jixiao.web.plans.models import Deadline, Notification, Plan, Transition
from jixiao.web.plans.review.notifications import mark_read as mark_notifications_read
from jixiao.web.plans.review.todo import todo_for

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = ["mark_read", "todo"]

#: Notifications listed before "show all".
NOTIFICATIONS_SHORT = 30


@login_required
@require_GET
def todo(request: HttpRequest) -> HttpResponse:
    """Plans to review, returned and unsubmitted plans, deadlines; then notifications."""
    viewer = viewer_of(request)
    items = todo_for(request.user)
    titles = {
        "review": _("待审核"),
        "returned": _("被退回"),
        "draft": _("未提交"),
        "deadline": _("截止日期"),
    }
    _attach_return_comments([i.plan for i in items if i.kind == "returned" and i.plan])
    groups: list[dict[str, Any]] = [
        {"kind": kind, "title": title, "items": [i for i in items if i.kind == kind]}
        for kind, title in titles.items()
    ]
    # login_required: the user is a User; the template links by plan_id (no query per line)
    mine = Notification.objects.filter(user=cast("User", request.user))
    show_all = request.GET.get("notifications") == "all"
    notifications = list(mine if show_all else mine[:NOTIFICATIONS_SHORT])
    total = len(notifications) if show_all else mine.count()
    deadlines: list[Deadline] = []
    if viewer.unit is not None:
        deadlines = list(Deadline.objects.filter(region_id=viewer.unit.region_id)[:3])
    today = timezone.localdate()
    return render(
        request,
        "plans/todo.html",
        {
            "groups": groups,
            "todo_count": sum(1 for i in items if i.kind != "deadline"),
            "items_any": bool(items) or viewer.role in REVIEWER_ROLES,
            "notifications": notifications,
            "notifications_total": total,
            "notifications_all": show_all or total <= NOTIFICATIONS_SHORT,
            "deadlines": [(d, (d.due - today).days) for d in deadlines],
            "can_batch": viewer.role in REVIEWER_ROLES,
            "sees_deadlines": viewer.sees_region and viewer.unit is not None,
        },
    )


def _attach_return_comments(plans: list[Plan]) -> None:
    """The reviewer's latest 退回 comment on each returned plan (one query for all)."""
    if not plans:
        return
    latest: dict[int, str] = {}
    for t in Transition.objects.filter(plan__in=plans, action=wf.Action.RETURN.value).order_by(
        "at", "id"
    ):
        latest[t.plan_id] = t.comment
    for p in plans:
        p.return_comment = latest.get(p.pk, "")  # type: ignore[attr-defined]


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (``id``) or all of the user's notifications read."""
    raw = request.POST.get("id", "").strip()
    if raw:
        ids = [int(raw)] if raw.isdigit() else []
        mark_notifications_read(request.user, ids)
    else:
        mark_notifications_read(request.user)
    return redirect("pages:todo")
