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
from django.views.decorators.http import require_http_methods

from jixiao.core import workflow as wf
from jixiao.core.workflow import Role
from jixiao.web.common.ui import viewer_of
from jixiao.web.plans.forms.review import DeadlineForm
from jixiao.web.plans.models import Deadline, Plan
from jixiao.web.plans.review.deadlines import overdue_units, set_deadline
from jixiao.web.plans.services.audit import ServiceError

__all__ = ["deadlines"]

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
    declared = _declared_count(region.pk, year)
    return render(
        request,
        "plans/deadlines.html",
        {
            "region": region,
            "form": form,
            "can_set": can_set,
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
