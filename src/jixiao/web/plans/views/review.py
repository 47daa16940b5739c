"""The review on the pages: the plan's action bar, comments, version comparison.

Who may do what is decided by ``review.transitions`` (and the pure ``core.workflow``
behind it); the views only turn a POST into a call and the answer into a message. A page
shows one form per action the user may take now; a POST for an action that was not
offered (a forged request) is refused with 403 and changes nothing, a stale page (the plan
changed since it was loaded) with a message.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from jixiao.core import workflow as wf
from jixiao.web.choices import label_of
from jixiao.web.common.ui import viewer_of
from jixiao.web.plans.access import get_plan_for_user
from jixiao.web.plans.forms.review import CommentForm, TransitionForm
from jixiao.web.plans.models import Indicator, Plan, Project
from jixiao.web.plans.review.adjustments import compare_versions, versions_of
from jixiao.web.plans.review.comments import add_comment, can_comment
from jixiao.web.plans.review.transitions import available_actions, transition
from jixiao.web.plans.services.audit import ServiceError

__all__ = ["plan_comment", "plan_compare", "plan_transition"]


SUCCESS = {
    wf.Action.SUBMIT: gettext_lazy("已提交，等待审核。审核期间计划锁定。"),
    wf.Action.WITHDRAW: gettext_lazy("已撤回，可以继续修改。"),
    wf.Action.SUPERVISOR_APPROVE: gettext_lazy("已审核通过，转财政审核批复。"),
    wf.Action.FINANCE_APPROVE: gettext_lazy("已批复。"),
    wf.Action.RETURN: gettext_lazy("已退回单位修改，退回意见已记录。"),
    wf.Action.CANCEL_ADJUSTMENT: gettext_lazy("调整已撤销，已批复的版本继续有效。"),
}


@login_required
@require_POST
def plan_transition(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Apply one workflow action from the plan page's action bar."""
    plan = get_plan_for_user(request, plan_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        if "action" in form.errors:
            raise PermissionDenied(_("无法执行此操作。"))
        if "comment" in form.errors:
            messages.error(request, _("操作未执行：意见过长（最多 2000 字）。"))
        else:
            messages.error(request, _("请求不完整，请刷新页面后重试。"))
        return redirect("pages:plan", plan.pk)
    action = wf.Action(form.cleaned_data["action"])
    if form.cleaned_data["version"] != plan.version or not plan.is_current:
        # A page loaded before someone else moved the plan on (or adjusted it: the
        # adjusted version keeps its number but is no longer the one that moves).
        messages.error(
            request,
            _("操作未执行：此计划在您打开页面后已被修改或已流转。请查看最新状态后再操作。"),
        )
        return redirect("pages:plan", plan.pk)
    if action not in available_actions(request.user, plan):
        # The page never offered this action to this user now: a forged request.
        raise PermissionDenied(
            _("您无权对此计划执行“{action}”。").format(
                action=label_of(wf.ACTION_LABELS, action.value)
            )
        )
    try:
        result = transition(
            plan,
            action,
            user=request.user,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )
    except (wf.TransitionError, ServiceError) as exc:
        messages.error(request, _("操作未执行：{reason}").format(reason=exc))
        if action is wf.Action.SUBMIT:  # the page lists the errors that block it, with links
            url = reverse("pages:plan", args=[plan.pk])
            return redirect(f"{url}?blocked=submit#submit-blocked")
        return redirect("pages:plan", plan.pk)
    if action is wf.Action.ADJUST:
        messages.success(
            request,
            _("已生成第{n}版（调整稿）。请修改后提交审核；批复前第{old}版继续有效。").format(
                n=result.version_no, old=plan.version_no
            ),
        )
    else:
        messages.success(request, str(SUCCESS[action]))
    return redirect("pages:plan", result.pk)


@login_required
@require_POST
def plan_comment(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A review comment on the plan, one project or one indicator."""
    plan = get_plan_for_user(request, plan_id)
    if not can_comment(request.user, plan):
        raise PermissionDenied(_("您无权对此计划提出意见。"))
    form = CommentForm(request.POST)
    if not form.is_valid():
        errors = form.errors.get("text")
        target = _target(plan, request.POST.get("project"), request.POST.get("indicator"))
        messages.error(
            request,
            _("意见未保存：请填写意见内容（最多 2000 字）。") if errors else _("意见未保存。"),
        )
        return redirect(target[2])
    project, indicator, url = _target(
        plan, form.cleaned_data["project"], form.cleaned_data["indicator"]
    )
    try:
        add_comment(
            plan, form.cleaned_data["text"], user=request.user, project=project, indicator=indicator
        )
    except (wf.TransitionError, ServiceError) as exc:
        messages.error(request, _("意见未保存：{reason}").format(reason=exc))
    else:
        messages.success(request, _comment_saved(request))
    return redirect(url)


def _comment_saved(request: HttpRequest) -> str:
    """The unit replies to its reviewers; reviewers write to the unit."""
    if viewer_of(request).is_unit_member:
        return _("回复已保存，审核人员可在对应位置看到。")
    return _("意见已保存，单位可在对应位置看到。")


def _target(
    plan: Plan, project_id: Any, indicator_id: Any
) -> tuple[Project | None, Indicator | None, str]:
    """The commented object (404 unless it belongs to ``plan``) and where to go back to."""
    indicator = project = None
    try:
        if indicator_id not in (None, ""):
            indicator = Indicator.objects.select_related("project").get(
                pk=int(indicator_id), project__plan=plan
            )
            project = indicator.project
        elif project_id not in (None, ""):
            project = Project.objects.get(pk=int(project_id), plan=plan)
    except (Indicator.DoesNotExist, Project.DoesNotExist, ValueError, TypeError):
        raise Http404(_("意见对象不存在")) from None
    if indicator is not None and project is not None:
        url = reverse("pages:project", args=[plan.pk, project.pk]) + f"#ind-{indicator.pk}"
    elif project is not None:
        url = reverse("pages:project", args=[plan.pk, project.pk]) + "#project-comments"
    else:
        url = reverse("pages:plan", args=[plan.pk]) + "#comments"
    return project, indicator, url


# --- versions ---------------------------------------------------------------------------------


def _budget(plan: Plan) -> Decimal:
    total = plan.projects.aggregate(s=Sum("budget_total"))["s"]
    return total if total is not None else Decimal(0)


@login_required
@require_GET
def plan_compare(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Two versions of one unit and year side by side: projects, indicators, budget."""
    plan = get_plan_for_user(request, plan_id)
    versions = versions_of(plan)
    other: Plan | None = None
    raw = request.GET.get("with", "").strip()
    if raw:
        other = get_plan_for_user(request, raw)
        if other.unit_id != plan.unit_id or other.year != plan.year:
            raise Http404(_("只能比较同一单位同一年度的不同版本"))
    else:  # default: the version this one adjusts, else the one adjusting it
        others = [v for v in versions if v.pk != plan.pk]
        before = [v for v in others if v.version_no < plan.version_no]
        other = before[-1] if before else (others[0] if others else None)
    ctx: dict[str, Any] = {"plan": plan, "versions": versions, "other": other, "diff": None}
    if other is not None and other.pk != plan.pk:
        old, new = sorted((plan, other), key=lambda p: p.version_no)
        budgets = {p.pk: _budget(p) for p in (old, new)}
        ctx.update(
            old=old,
            new=new,
            diff=compare_versions(old, new),
            old_budget=budgets[old.pk],
            new_budget=budgets[new.pk],
            budget_delta=budgets[new.pk] - budgets[old.pk],
        )
    return render(request, "plans/plan_compare.html", ctx)
