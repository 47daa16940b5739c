"""The finance bureau's county monitoring overview (a supervising department sees its
units): lamps per unit, by department, the red list, the key-monitoring list (M12) and
the distribution of execution rates — SQL aggregates over the cached results — and the
schedule form that opens a round for every plan of the region."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jixiao.core.workflow import Role
from jixiao.web.common.ui import viewer_of
from jixiao.web.monitoring.forms.monitoring import ScheduleForm
from jixiao.web.monitoring.models import FinanceAction, MonitoringRound, ProjectStatus
from jixiao.web.monitoring.services.rounds import schedule_rounds
from jixiao.web.plans.services.audit import ServiceError

__all__ = ["finance_overview", "schedule"]

PAGE = 50
LISTED = 100
#: Execution-rate bands of the distribution chart (percent, lower bound inclusive).
BANDS = ((0, 30), (30, 60), (60, 80), (80, 100), (100, None))


def _rounds(request: HttpRequest) -> QuerySet[MonitoringRound]:
    if not viewer_of(request).sees_overview:
        raise PermissionDenied(_("只有财政部门和主管部门可以查看监控总览。"))
    return MonitoringRound.objects.visible_to(request.user)


def _as_of(request: HttpRequest, rounds: QuerySet[MonitoringRound]) -> date | None:
    dates = list(rounds.order_by("-as_of").values_list("as_of", flat=True).distinct()[:24])
    wanted = request.GET.get("as_of", "")
    for d in dates:
        if d.isoformat() == wanted:
            return d
    return dates[0] if dates else None


def _distribution(statuses: QuerySet[ProjectStatus]) -> list[dict[str, Any]]:
    agg: dict[str, Any] = {}
    for low, high in BANDS:
        q = Q(execution_rate__gte=low / 100)
        if high is not None:
            q &= Q(execution_rate__lt=high / 100)
        agg[f"b{low}"] = Count("id", filter=q)
    counts = statuses.aggregate(**agg)
    return [
        {"label": f"{low}%–{high}%" if high is not None else f"≥{low}%", "n": counts[f"b{low}"]}
        for low, high in BANDS
    ]


@login_required
@require_GET
def finance_overview(request: HttpRequest) -> HttpResponse:
    rounds = _rounds(request)
    as_of = _as_of(request, rounds)
    dates = list(rounds.order_by("-as_of").values_list("as_of", flat=True).distinct()[:24])
    current = (rounds.filter(as_of=as_of) if as_of else rounds.none()).select_related(
        "plan", "plan__unit", "plan__unit__parent"
    )
    lamp = request.GET.get("lamp", "")
    listed = current.filter(**{f"{lamp}__gt": 0}) if lamp in ("red", "yellow", "green") else current
    if lamp == "overdue":
        listed = current.filter(status="draft", due__lt=timezone.localdate())
    totals = current.aggregate(
        rounds=Count("id"), red=Sum("red"), yellow=Sum("yellow"), green=Sum("green"),
        key=Sum("key_count"), budget=Sum("budget"), executed=Sum("executed"),
        submitted=Count("id", filter=~Q(status="draft")),
        overdue=Count("id", filter=Q(status="draft", due__lt=timezone.localdate())),
    )  # fmt: skip
    departments = list(
        current.values("plan__unit__parent__name")
        .annotate(red=Sum("red"), yellow=Sum("yellow"), green=Sum("green"), n=Count("id"))
        .order_by("plan__unit__parent__name")
    )
    statuses = ProjectStatus.objects.visible_to(request.user).filter(round__in=current)
    related = ("project", "round", "round__plan__unit")
    page = Paginator(listed.order_by("-red", "-yellow", "plan__unit__name"), PAGE).get_page(
        request.GET.get("page")
    )
    viewer = viewer_of(request)
    can_schedule = viewer.superuser or viewer.role in (Role.FINANCE_REVIEWER, Role.ADMIN)
    return render(
        request,
        "monitoring/finance_overview.html",
        {
            "as_of": as_of, "dates": dates, "lamp": lamp, "totals": totals, "page": page,
            "departments": departments,
            "key_list": statuses.filter(key=True).select_related(*related)
            .order_by("execution_rate")[:LISTED],
            "red_list": statuses.filter(lamp="red").select_related(*related)
            .order_by("ratio")[:LISTED],
            "distribution": _distribution(statuses),
            "measures": FinanceAction.objects.visible_to(request.user)
            .filter(round__in=current)
            .select_related("project", "round__plan__unit")
            .order_by("-created_at")[:LISTED],
            "schedule_form": ScheduleForm() if can_schedule else None,
            "chart": {
                "departments": [d["plan__unit__parent__name"] or _("（无主管部门）")
                                for d in departments],
                "red": [d["red"] or 0 for d in departments],
                "yellow": [d["yellow"] or 0 for d in departments],
                "green": [d["green"] or 0 for d in departments],
                "labels": {"red": _("红灯"), "yellow": _("黄灯"), "green": _("绿灯")},
            },
        },
    )  # fmt: skip


@login_required
@require_POST
def schedule(request: HttpRequest) -> HttpResponse:
    """Open a round at an as-of date for every current plan of the viewer's region."""
    viewer = viewer_of(request)
    if not (viewer.superuser or viewer.role in (Role.FINANCE_REVIEWER, Role.ADMIN)):
        raise PermissionDenied(_("只有财政部门可以安排运行监控。"))
    if viewer.unit is None:
        raise PermissionDenied(_("您的账号不属于任何地区。"))
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写有效的监控截止日期。"))
        return redirect("monitoring:overview")
    as_of: date = form.cleaned_data["as_of"]
    try:
        created = schedule_rounds(viewer.unit.region, as_of.year, as_of,
                                  form.cleaned_data["due"], user=request.user)  # fmt: skip
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已为 {n} 份绩效目标安排 1~{m}月运行监控。").format(
            n=len(created), m=as_of.month))  # fmt: skip
    return redirect(f"{reverse('monitoring:overview')}?as_of={as_of.isoformat()}")
