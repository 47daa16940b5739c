"""Batch approve/return (reviewers).

A batch is two steps. GET lists the selected plans with their findings (a reviewer sees
what each plan still gets wrong before approving it) and the ``version`` of each; POST
applies ``batch_transition`` with those versions, so a plan changed in between is
refused rather than approved unseen, and shows per plan what happened. Who may approve
what is decided by the review service, never here: the page only offers the batch to
reviewers and lists the refusals the service gives.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jixiao.core import workflow as wf
from jixiao.core.workflow import Role
from jixiao.web.common.ui import count_severities, viewer_of
from jixiao.web.plans.models import Plan
from jixiao.web.plans.pages import SEVERITY_ORDER
from jixiao.web.plans.review.transitions import available_actions, batch_transition
from jixiao.web.plans.services.findings import plan_findings

__all__ = ["batch"]

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
        Plan.objects.visible_to(request.user)
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
            results = batch_transition(
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
            # Counted as on each row: every finding, by severity (errors + warnings + hints).
            "totals": {
                severity: sum(r["counts"][severity] for r in rows)
                for severity in ("error", "warning", "info")
            },
            "comment": comment,
            "error": error,
            "back": back,
        },
    )


def _confirm_row(request: HttpRequest, plan: Plan, action: wf.Action) -> dict[str, Any]:
    """One plan on the confirmation page: may the user act on it now, and its findings."""
    findings = sorted(
        plan_findings(plan),
        key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.project or "", f.indicator or 0),
    )
    # A finding names its project by key (code, else name): show the project's name.
    names = {p.key: str(p) for p in plan.projects.only("code", "name", "position")}
    return {
        "plan": plan,
        "allowed": action in available_actions(request.user, plan),
        "counts": count_severities(findings),
        "total": len(findings),
        "findings": [
            {"f": f, "project": names.get(f.project, f.project) if f.project else None}
            for f in findings[:FINDINGS_SHOWN]
        ],
        "more": max(0, len(findings) - FINDINGS_SHOWN),
    }
