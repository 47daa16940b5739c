"""Reviewers' pages: batch approve/return, and the declaration deadlines (申报截止日期).

A batch is two steps. GET lists the selected plans with their findings (a reviewer sees
what each plan still gets wrong before approving it) and the ``version`` of each; POST
applies ``workflow.batch_transition`` with those versions, so a plan changed in between is
refused rather than approved unseen, and shows per plan what happened. Who may approve
what is decided by the workflow service, never here: the page only offers the batch to
reviewers and lists the refusals the service gives.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jixiao.core import workflow as wf
from jixiao.web.orgs.models import Role
from jixiao.web.orgs.permissions import plans_for_user
from jixiao.web.plans import services, workflow
from jixiao.web.plans.forms import DeadlineForm
from jixiao.web.plans.models import Deadline, Plan, PlanStatus
from jixiao.web.plans.ui import count_severities, viewer_of
from jixiao.web.plans.views import SEVERITY_ORDER

__all__ = ["batch", "deadlines"]

#: The approval a reviewer gives ("批量审核通过" means the reviewer's own step).
APPROVALS = {
    Role.SUPERVISOR_REVIEWER: wf.Action.SUPERVISOR_APPROVE,
    Role.FINANCE_REVIEWER: wf.Action.FINANCE_APPROVE,
}

#: Findings shown per plan on the confirmation page before "show on the plan page".
FINDINGS_SHOWN = 30


def _batch_action(role: str | None, key: str) -> wf.Action | None:
    if key == "return":
        return wf.Action.RETURN
    if key == "approve":
        return APPROVALS.get(Role(role)) if role in APPROVALS else None
    return None


def _next_url(request: HttpRequest, params: QueryDict) -> str:
    """Where "back" goes: the overview (with its filters) or the to-do list."""
    url = params.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return reverse("pages:finance")


def _selected(request: HttpRequest, params: QueryDict) -> list[Plan]:
    """The chosen plans the user may see (others are silently dropped: outsiders 404)."""
    ids = [int(x) for x in params.getlist("plan") if x.strip().isdigit()]
    qs: QuerySet[Plan] = (
        plans_for_user(request.user)
        .current()
        .filter(pk__in=ids)
        .select_related("unit", "unit__parent")
        .order_by("unit__parent__name", "unit__name", "year")
    )
    return list(qs)


@login_required
@require_http_methods(["GET", "POST"])
def batch(request: HttpRequest) -> HttpResponse:
    """Confirm (GET: plans and their findings) and apply (POST) a batch approve/return."""
    viewer = viewer_of(request)
    if viewer.role not in APPROVALS:
        raise PermissionDenied(_("仅主管部门和财政部门的审核人员可以批量审核。"))
    params = request.POST if request.method == "POST" else request.GET
    key = params.get("action", "")
    action = _batch_action(viewer.role, key)
    if action is None:
        messages.error(request, _("请选择批量审核通过或批量退回。"))
        return redirect(_next_url(request, params))
    back = _next_url(request, params)
    plans = _selected(request, params)
    if not plans:
        messages.warning(request, _("请先勾选要审核的绩效目标。"))
        return redirect(back)
    comment = params.get("comment", "").strip()
    error = ""
    if request.method == "POST":
        if action is wf.Action.RETURN and not comment:
            error = _("批量退回须填写退回意见（将发给每个被退回的单位）。")
        else:
            versions = {
                p.pk: int(v) for p in plans if (v := params.get(f"version_{p.pk}", "")).isdigit()
            }
            results = workflow.batch_transition(
                plans, action, user=request.user, comment=comment, expected_versions=versions
            )
            return render(
                request,
                "plans/batch_result.html",
                {
                    "key": key,
                    "action_label": wf.ACTION_LABELS[action],
                    "results": results,
                    "ok": sum(1 for r in results if r.ok),
                    "refused": sum(1 for r in results if not r.ok),
                    "comment": comment,
                    "back": back,
                },
            )
    rows = [_confirm_row(request, p, action) for p in plans]
    return render(
        request,
        "plans/batch_confirm.html",
        {
            "key": key,
            "action_label": _("批量退回") if key == "return" else _("批量审核通过"),
            "rows": rows,
            "allowed": sum(1 for r in rows if r["allowed"]),
            "totals": {
                "error": sum(r["counts"]["error"] for r in rows),
                "warning": sum(r["counts"]["warning"] for r in rows),
            },
            "comment": comment,
            "error": error,
            "back": back,
        },
    )


def _confirm_row(request: HttpRequest, plan: Plan, action: wf.Action) -> dict[str, Any]:
    """One plan on the confirmation page: may the user act on it now, and its findings."""
    findings = sorted(
        services.plan_findings(plan),
        key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.project or "", f.indicator or 0),
    )
    return {
        "plan": plan,
        "allowed": action in workflow.available_actions(request.user, plan),
        "counts": count_severities(findings),
        "findings": findings[:FINDINGS_SHOWN],
        "more": max(0, len(findings) - FINDINGS_SHOWN),
    }


# --- deadlines ---------------------------------------------------------------------------------

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
                workflow.set_deadline(
                    region, d["year"], d["due"], user=request.user, note=d.get("note") or ""
                )
            except (wf.TransitionError, services.ServiceError) as exc:
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
    late = workflow.overdue_units(region, year)
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
        total=Count("pk"), submitted=Count("pk", filter=~Q(status=PlanStatus.DRAFT))
    )
    return counts
