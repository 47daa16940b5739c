"""The review workflow on the pages: the plan's action bar, comments, versions, compare.

Who may do what is decided by ``workflow`` (and the pure ``core.workflow`` behind it); the
views here only turn a POST into a call and the answer into a message. A page shows one
form per action the user may take now; a POST for an action that was not offered (a
forged request) is refused with 403 and changes nothing, a stale page (the plan changed
since it was loaded) with a message.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
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
from jixiao.core.findings import Finding
from jixiao.web.orgs.models import display_name
from jixiao.web.orgs.permissions import get_plan_for_user
from jixiao.web.plans import services, workflow
from jixiao.web.plans.models import (
    Indicator,
    Plan,
    PlanStatus,
    Project,
    ReviewComment,
    Transition,
)
from jixiao.web.plans.models_workflow import TransitionAction

__all__ = [
    "ActionButton",
    "plan_comment",
    "plan_compare",
    "plan_transition",
    "workflow_context",
]


# --- the plan page's action bar --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActionButton:
    """One form of the action bar: the action, its label, and the text it requires."""

    value: str
    label: str
    style: str  # css class of the button: primary / danger / ""
    comment_label: str | None = None  # a required textarea (退回意见, 调整原因)
    help: str | None = None


def _button(action: wf.Action) -> ActionButton:
    label = str(TransitionAction(action.value).label)
    if action is wf.Action.SUBMIT:
        return ActionButton(
            action.value,
            label,
            "primary",
            help=_("提交后计划锁定，审核期间不能修改；审核前可撤回。"),
        )
    if action is wf.Action.WITHDRAW:
        return ActionButton(action.value, label, "", help=_("撤回后可继续修改，修改后须重新提交。"))
    if action is wf.Action.RETURN:
        return ActionButton(action.value, label, "danger", comment_label=_("退回意见"))
    if action is wf.Action.ADJUST:
        return ActionButton(
            action.value,
            label,
            "",
            comment_label=_("调整原因"),
            help=_("调整将生成新版本，经同样的审核批复后生效；批复前现行版本继续有效。"),
        )
    if action is wf.Action.CANCEL_ADJUSTMENT:
        return ActionButton(
            action.value,
            label,
            "danger",
            comment_label=_("撤销原因"),
            help=_("撤销后本调整稿删除（修改记录保留），已批复的版本继续有效。"),
        )
    return ActionButton(action.value, label, "primary")


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the progress line: the state, who acts in it, when it was reached."""

    state: str
    label: str
    note: str
    css: str  # done / current / ""
    at: Any = None
    who: str = ""


def _user_label(user: Any) -> str:
    return display_name(user) or _("系统")


def _steps(plan: Plan, transitions: list[Transition]) -> list[Step]:
    has_supervisor = plan.unit.parent_id is not None
    states: list[tuple[str, str, str]] = [
        (PlanStatus.DRAFT, _("编报"), _("单位填报")),
        (PlanStatus.SUBMITTED, _("已提交"), _("主管部门审核") if has_supervisor else _("财政审核")),
    ]
    if has_supervisor:
        states.append((PlanStatus.SUPERVISOR_APPROVED, _("主管部门已审"), _("财政审核")))
    states.append((PlanStatus.APPROVED, _("已批复"), _("批复生效")))
    order = [s for s, _l, _n in states]
    at = order.index(plan.status) if plan.status in order else 0
    reached: dict[str, Transition] = {}
    for t in transitions:  # oldest first: the last one into each state wins
        reached[t.to_state] = t
    out = []
    for i, (state, label, note) in enumerate(states):
        css = "done" if i < at or (i == at and state == PlanStatus.APPROVED) else ""
        css = css or ("current" if i == at else "")
        into = reached.get(state) if i <= at else None
        when = into.at if into else None
        out.append(Step(state, label, note, css, when, _user_label(into.user) if into else ""))
    return out


def _error_links(plan: Plan, findings: list[Finding]) -> list[dict[str, Any]]:
    """The error findings with a link to the project page and its row (why submit failed)."""
    errors = [f for f in findings if f.severity == "error"]
    if not errors:
        return []
    projects = {p.key: p for p in plan.projects.only("pk", "plan_id", "code", "name", "position")}
    rows: dict[int, list[int]] = defaultdict(list)
    for project_id, pk in (
        Indicator.objects.filter(project__plan=plan)
        .order_by("project_id", "position", "id")
        .values_list("project_id", "pk")
    ):
        rows[project_id].append(pk)
    out = []
    for f in errors:
        project = projects.get(f.project)
        url = None
        if project is not None:
            url = reverse("pages:project", args=[plan.pk, project.pk])
            ids = rows.get(project.pk, [])
            if f.indicator and 0 < f.indicator <= len(ids):
                url += f"#ind-{ids[f.indicator - 1]}"
        out.append({"finding": f, "project": project, "url": url})
    return out


def workflow_context(request: HttpRequest, plan: Plan, findings: list[Finding]) -> dict[str, Any]:
    """What the plan page shows about the review: state, actions, versions, comments."""
    user = request.user
    transitions = list(plan.transitions.select_related("user").order_by("at", "id"))
    versions = workflow.versions_of(plan)
    in_force = next((v for v in versions if v.in_force), None)
    newest = versions[-1] if versions else plan
    last = transitions[-1] if transitions else None
    returned = (
        last
        if last and last.action == wf.Action.RETURN and plan.status == PlanStatus.DRAFT
        else None
    )
    comments = list(
        plan.comments.select_related(
            "author__membership__unit", "project", "indicator", "transition"
        ).order_by("created_at", "id")
    )
    actions = [_button(a) for a in workflow.available_actions(user, plan)]
    blocked = request.GET.get("blocked") == "submit" and plan.status == PlanStatus.DRAFT
    return {
        "actions": actions,
        "steps": _steps(plan, transitions),
        "transitions": transitions,
        "returned": returned,
        "versions": versions,
        "in_force": in_force,
        "newest": newest,
        "plan_comments": comments,
        "can_comment": plan.is_current and workflow.can_comment(user, plan),
        "blocked_errors": _error_links(plan, findings) if blocked else [],
    }


# --- transitions ------------------------------------------------------------------------------


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=TransitionAction.choices)
    version = forms.IntegerField(min_value=0)
    comment = forms.CharField(required=False, max_length=2000, strip=True)


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
    if action not in workflow.available_actions(request.user, plan):
        # The page never offered this action to this user now: a forged request.
        raise PermissionDenied(
            _("您无权对此计划执行“{action}”。").format(action=TransitionAction(action.value).label)
        )
    try:
        result = workflow.transition(
            plan,
            action,
            user=request.user,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )
    except (wf.TransitionError, services.ServiceError) as exc:
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


# --- comments --------------------------------------------------------------------------------


class CommentForm(forms.Form):
    text = forms.CharField(max_length=2000, strip=True)
    project = forms.IntegerField(required=False)
    indicator = forms.IntegerField(required=False)


@login_required
@require_POST
def plan_comment(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A review comment on the plan, one project or one indicator."""
    plan = get_plan_for_user(request, plan_id)
    if not workflow.can_comment(request.user, plan):
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
        workflow.add_comment(
            plan, form.cleaned_data["text"], user=request.user, project=project, indicator=indicator
        )
    except (wf.TransitionError, services.ServiceError) as exc:
        messages.error(request, _("意见未保存：{reason}").format(reason=exc))
    else:
        messages.success(request, _("意见已保存，单位可在对应位置看到。"))
    return redirect(url)


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


def comments_for_project(
    project: Project,
) -> tuple[dict[int, list[ReviewComment]], list[ReviewComment]]:
    """A project's comments in one query: by indicator id, and those about the project.

    Comments whose indicator was deleted since stay with the project (their ``subject``
    still names the row).
    """
    by_indicator: dict[int, list[ReviewComment]] = defaultdict(list)
    general: list[ReviewComment] = []
    for c in (
        ReviewComment.objects.filter(project=project)
        .select_related("author__membership__unit", "transition")
        .order_by("created_at", "id")
    ):
        if c.indicator_id is not None:
            by_indicator[c.indicator_id].append(c)
        else:
            if c.subject != str(project):  # its indicator was deleted: say which it was
                c.deleted_subject = c.subject  # type: ignore[attr-defined]
            general.append(c)
    return dict(by_indicator), general


# --- versions ---------------------------------------------------------------------------------


def _budget(plan: Plan) -> Decimal:
    total = plan.projects.aggregate(s=Sum("budget_total"))["s"]
    return total if total is not None else Decimal(0)


@login_required
@require_GET
def plan_compare(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Two versions of one unit and year side by side: projects, indicators, budget."""
    plan = get_plan_for_user(request, plan_id)
    versions = workflow.versions_of(plan)
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
            diff=workflow.compare_versions(old, new),
            old_budget=budgets[old.pk],
            new_budget=budgets[new.pk],
            budget_delta=budgets[new.pk] - budgets[old.pk],
        )
    return render(request, "plans/plan_compare.html", ctx)
