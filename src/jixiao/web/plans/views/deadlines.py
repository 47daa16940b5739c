"""目标申报截止日期 on the pages: the finance bureau sets them per year and sees who is late."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.core import workflow as wf
from jixiao.core.workflow import Role
from jixiao.web.common.ui import viewer_of
from jixiao.web.orgs.access import get_unit_for_user
from jixiao.web.plans.forms.review import DeadlineForm
from jixiao.web.plans.models import Deadline, Plan
from jixiao.web.plans.review.deadlines import overdue_units, set_deadline
from jixiao.web.plans.review.reminders import last_reminders
from jixiao.web.plans.review.reminders import remind as send_reminder
from jixiao.web.plans.services.audit import ServiceError

__all__ = ["deadlines", "remind"]

#: Roles that set the region's deadlines (auditors only look).
DEADLINE_SETTERS = frozenset({Role.FINANCE_REVIEWER, Role.ADMIN})


@login_required
@require_http_methods(["GET", "POST"])
def deadlines(request: HttpRequest) -> HttpResponse:
    """Set the region's 目标申报截止日期 per year; list the units late for the chosen year."""
    viewer = viewer_of(request)
    if viewer.unit is None or not viewer.sees_region:
        raise PermissionDenied(_("仅财政部门可以查看和设置申报截止日期。"))
    region = viewer.unit.region
    can_set = viewer.role in DEADLINE_SETTERS
    form = DeadlineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied(_("只读账号不能设置申报截止日期。"))
        if form.is_valid():
            d = form.cleaned_data
            try:
                set_deadline(
                    region, d["year"], d["due"], user=request.user, note=d.get("note") or ""
                )
            except (wf.TransitionError, ServiceError) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("{year} 年目标申报截止日期已设为 {due}。").format(
                        year=d["year"], due=d["due"].strftime("%Y-%m-%d")
                    ),
                )
                return redirect(reverse("pages:deadlines") + f"?year={d['year']}")
    known = list(Deadline.objects.filter(region=region).order_by("-year"))
    plan_years = (
        Plan.objects.current().filter(unit__region=region).values_list("year", flat=True).distinct()
    )
    years = sorted({d.year for d in known} | set(plan_years), reverse=True)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else (known[0].year if known else None)
    if year is None:
        year = years[0] if years else timezone.localdate().year
    current = next((d for d in known if d.year == year), None)
    if form.is_bound is False:
        form = DeadlineForm(
            initial={
                "year": year,
                "due": current.due if current else None,
                "note": current.note if current else "",
            }
        )
    late = overdue_units(region, year)
    reminded = last_reminders([o.unit.pk for o in late], year)
    for o in late:
        o.unit.last_reminder = reminded.get(o.unit.pk)  # type: ignore[attr-defined]
    declared = _declared_count(region.pk, year)
    return render(
        request,
        "plans/deadlines.html",
        {
            "region": region,
            "form": form,
            "can_set": can_set,
            "can_remind": can_set,
            "deadlines": known,
            "years": years,
            "year": year,
            "current": current,
            "late": late,
            "declared": declared,
            "days_left": (current.due - timezone.localdate()).days if current else None,
        },
    )


def _declared_count(region_id: int, year: int) -> dict[str, int]:
    """How many of the region's current plans for ``year`` are in each state."""
    qs = Plan.objects.current().filter(unit__region_id=region_id, year=year)
    counts: dict[str, int] = qs.aggregate(
        total=Count("pk"), submitted=Count("pk", filter=~Q(status=wf.State.DRAFT))
    )
    return counts


@login_required
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    """催报 one overdue unit (the finance reviewer or admin of its region)."""
    viewer = viewer_of(request)
    unit = get_unit_for_user(request.user, request.POST.get("unit"))
    raw = request.POST.get("year", "")
    if not raw.isdigit():
        messages.error(request, _("请求不完整，请刷新页面后重试。"))
        return redirect("pages:deadlines")
    year = int(raw)
    if not viewer.superuser and viewer.role not in DEADLINE_SETTERS:
        raise PermissionDenied(_("仅财政绩效科和管理员可以催报。"))
    try:
        reminder = send_reminder(unit, year, user=request.user)
    except (wf.TransitionError, ServiceError) as exc:
        messages.error(request, _("未催报：{reason}").format(reason=exc))
    else:
        text = _("已向{unit}催报（{n} 人收到待办通知").format(unit=unit.name, n=reminder.recipients)
        if reminder.emailed:
            text += _("，{n} 封邮件").format(n=reminder.emailed)
        messages.success(request, text + _("）。"))
    return redirect(reverse("pages:deadlines") + f"?year={year}")
