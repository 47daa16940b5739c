"""Full-page project editors: a project's header (budget, spending plan, goals), adding
and deleting projects.

Every page asks for write access first (outsiders 404, read-only roles and plans that
are no longer editable 403), also for GET: these pages exist only to change something.
Writes go through ``services.editing`` with the plan version the form was loaded with; a
stale form is shown again with everything typed still in it, the values saved meanwhile
beside the fields (compared with the core's plan diff), and the new version, so that
saving again is a deliberate choice. After a save the checker's findings on what was
edited are shown next to the fields concerned.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from jixiao.core import model as core
from jixiao.core.diff import project_changes, spending_text
from jixiao.core.findings import Finding
from jixiao.core.money import format_amount
from jixiao.web.plans.access import get_plan_for_user, get_project_for_user
from jixiao.web.plans.forms.base import VersionForm
from jixiao.web.plans.forms.project import GoalFormSet, ProjectForm, SpendingFormSet, formset_rows
from jixiao.web.plans.models import Plan, Project
from jixiao.web.plans.services import editing
from jixiao.web.plans.services.audit import ServiceError, StaleEditError
from jixiao.web.plans.services.findings import plan_findings
from jixiao.web.plans.services.mapping import project_to_core

__all__ = ["project_add", "project_delete", "project_edit"]

STALE_MESSAGE = gettext_lazy(
    "未保存：您打开此页面后，计划已被他人修改。您输入的内容仍在下方；"
    "与他人保存的内容不同之处已在各栏标出。请核对后再次点击“保存”（将以您的内容为准）。"
)

#: Project-level rules shown beside a section of the project form (others go on top).
SECTION_RULES = {"budget-sum": "budget", "spending-plan": "spending"}

#: The core diff's field keys → the form's fields.
_FORM_FIELD = {
    "name": "name",
    "code": "code",
    "purpose": "purpose",
    "budget.total": "budget_total",
    "budget.fiscal": "budget_fiscal",
    "budget.other": "budget_other",
    "spending_plan": "spending_plan",
}


def _project_initial(project: Project) -> dict[str, Any]:
    return {
        "code": project.code or "",
        "name": project.name or "",
        "budget_total": format_amount(project.budget_total),
        "budget_fiscal": format_amount(project.budget_fiscal),
        "budget_other": format_amount(project.budget_other),
        "purpose": project.purpose or "",
    }


def _other_codes(plan: Plan, project: Project | None) -> dict[str, str]:
    """Codes of the plan's other projects → their names (a code names one project)."""
    rows = plan.projects.exclude(code__isnull=True).exclude(code="")
    if project is not None:
        rows = rows.exclude(pk=project.pk)
    return {
        code: name or code for code, name in rows.values_list("code", "name") if code is not None
    }


class ProjectEditor:
    """The project form and its two formsets, bound to POST data or filled from a project."""

    def __init__(self, plan: Plan, project: Project | None, data: QueryDict | None = None) -> None:
        self.plan = plan
        self.project = project
        spending = list(project.spending_plan) if project else []
        goals = list(project.goals) if project else []
        self.stored_spending = spending
        initial = _project_initial(project) if project else {}
        initial["version"] = plan.version
        self.form = ProjectForm(
            data,
            initial=initial,
            money_unit=plan.money_unit or "万元",
            other_codes=_other_codes(plan, project),
        )
        self.spending = SpendingFormSet(
            data, prefix="sp", initial=formset_rows(spending, ["month", "percent"])
        )
        self.goals = GoalFormSet(data, prefix="goal", initial=formset_rows(goals, ["text"]))

    def is_valid(self) -> bool:
        # Validate all three so that every error is shown at once.
        results = [self.form.is_valid(), self.spending.is_valid(), self.goals.is_valid()]
        return all(results)

    def values(self) -> dict[str, Any]:
        out = self.form.values()
        out["spending_plan"] = self.spending.values(self.stored_spending)
        out["goals"] = self.goals.values()
        return out

    def changes(self) -> dict[str, Any]:
        """Only the fields whose value differs from the stored project (all for a new one)."""
        values = self.values()
        if self.project is None:
            return values
        changed = _changed_fields(project_to_core(self.project, []), _typed_project(values))
        return {k: v for k, v in values.items() if k in changed}


def _typed_project(values: dict[str, Any]) -> core.Project:
    """What the user typed, as the core model (for comparing with what is stored)."""
    return core.Project(
        code=values.get("code"),
        name=values.get("name"),
        budget=core.Budget(
            total=values.get("budget_total"),
            fiscal=values.get("budget_fiscal"),
            other=values.get("budget_other"),
        ),
        purpose=values.get("purpose"),
        spending_plan=[core.SpendingPoint.from_dict(p) for p in values.get("spending_plan", [])],
        goals=list(values.get("goals", [])),
    )


def _changed_fields(stored: core.Project, typed: core.Project) -> set[str]:
    """The form fields whose typed value differs from the stored one."""
    return {
        "goals" if c.key.startswith("goals.") else _FORM_FIELD[c.key]
        for c in project_changes(stored, typed)
    }


def _note(field: str, saved: core.Project) -> str:
    """How a value saved by someone else reads beside the field."""
    if field.startswith("budget_"):
        amount = getattr(saved.budget, field.removeprefix("budget_"))
        return format_amount(amount) or _("（空）")
    if field == "spending_plan":
        return spending_text(saved.spending_plan) or _("（无）")
    if field == "goals":
        return "；".join(saved.goals) or _("（无）")
    return getattr(saved, field) or _("（空）")


def _stale_notes(editor: ProjectEditor, fresh: Project | None) -> dict[str, str]:
    """Field → the value saved meanwhile, where it differs from what the user typed."""
    if fresh is None or not editor.is_valid():
        return {}
    saved = project_to_core(fresh, [])
    return {f: _note(f, saved) for f in _changed_fields(saved, _typed_project(editor.values()))}


def _project_findings(plan: Plan, project: Project | None) -> dict[str, list[Finding]]:
    """The project's own findings (not per indicator), by the section they concern."""
    out: dict[str, list[Finding]] = {"budget": [], "spending": [], "general": []}
    if project is None:
        return out
    for f in plan_findings(plan):
        if f.project == project.key and f.indicator is None:
            out[SECTION_RULES.get(f.rule, "general")].append(f)
    return out


def _render_project_form(
    request: HttpRequest,
    editor: ProjectEditor,
    *,
    status: int = 200,
    notes: dict[str, str] | None = None,
    error: str | None = None,
) -> HttpResponse:
    plan, project = editor.plan, editor.project
    return render(
        request,
        "plans/project_form.html",
        {
            "plan": plan,
            "project": project,
            "editor": editor,
            "form": editor.form,
            "spending": editor.spending,
            "goals": editor.goals,
            "findings": _project_findings(plan, project),
            "notes": notes or {},
            "error": error,
            "money_unit": plan.money_unit or "万元",
        },
        status=status,
    )


def _refresh(plan: Plan) -> Plan:
    plan.refresh_from_db()
    return plan


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, plan_id: int, project_id: int) -> HttpResponse:
    """Edit code, name, budget, purpose, spending plan and goals of one project."""
    project = get_project_for_user(request, plan_id, project_id, write=True)
    plan = project.plan
    if request.method == "GET":
        return _render_project_form(request, ProjectEditor(plan, project))
    editor = ProjectEditor(plan, project, request.POST)
    if not editor.is_valid():
        return _render_project_form(request, editor)
    changes = editor.changes()
    if not changes:
        messages.info(request, _("没有需要保存的修改。"))
        return redirect("pages:project", plan.pk, project.pk)
    try:
        editing.update_project(
            project,
            changes,
            user=request.user,
            expected_version=editor.form.cleaned_data["version"],
        )
    except StaleEditError:
        return _stale_project(request, plan, project)
    except ServiceError as exc:
        return _render_project_form(request, editor, error=exc.message)
    return _after_project_save(request, _refresh(plan), project, _("已保存项目信息。"))


def _stale_project(request: HttpRequest, plan: Plan, project: Project | None) -> HttpResponse:
    """The form again, as typed, with the current version and the values saved meanwhile."""
    _refresh(plan)
    fresh = None
    if project is not None:
        fresh = Project.objects.filter(pk=project.pk, plan=plan).first()
    data = request.POST.copy()
    data["version"] = str(plan.version)
    editor = ProjectEditor(plan, fresh, data)
    if project is not None and fresh is None:
        msg = _("未保存：此项目已被他人删除。您输入的内容仍在下方，可复制后新建项目。")
        return _render_project_form(request, editor, status=409, error=msg)
    return _render_project_form(
        request, editor, status=409, notes=_stale_notes(editor, fresh), error=str(STALE_MESSAGE)
    )


def _after_project_save(
    request: HttpRequest, plan: Plan, project: Project, done: str
) -> HttpResponse:
    """Back to the project page; or, when the checker objects to the budget or the spending
    plan just saved, back to the form, where the findings stand beside those fields."""
    project.refresh_from_db()
    found = _project_findings(plan, project)
    problems = [
        f for f in found["budget"] + found["spending"] if f.severity in ("error", "warning")
    ]
    if problems:
        messages.warning(
            request,
            _("{done}审核发现 {n} 个问题，已在相应位置标出。").format(done=done, n=len(problems)),
        )
        return redirect("pages:project-edit", plan.pk, project.pk)
    messages.success(request, done)
    return redirect("pages:project", plan.pk, project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def project_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A new project at the end of the plan; its indicators are added on its page."""
    plan = get_plan_for_user(request, plan_id, write=True)
    if request.method == "GET":
        return _render_project_form(request, ProjectEditor(plan, None))
    editor = ProjectEditor(plan, None, request.POST)
    if not editor.is_valid():
        return _render_project_form(request, editor)
    try:
        project = editing.add_project(
            plan,
            editor.values(),
            user=request.user,
            expected_version=editor.form.cleaned_data["version"],
        )
    except StaleEditError:
        return _stale_project(request, plan, None)
    except ServiceError as exc:
        return _render_project_form(request, editor, error=exc.message)
    return _after_project_save(
        request, _refresh(plan), project, _("已添加项目“{name}”。").format(name=project)
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_delete(request: HttpRequest, plan_id: int, project_id: int) -> HttpResponse:
    """GET: what would be deleted, and a button; POST: delete (with the version seen)."""
    project = get_project_for_user(request, plan_id, project_id, write=True)
    plan = project.plan
    error = None
    status = 200
    if request.method == "POST":
        form = VersionForm(request.POST)
        version = form.cleaned_data["version"] if form.is_valid() else None
        if version is None:
            error = _("请求缺少版本号，请刷新页面后重试。")
            status = 400
        else:
            name = str(project)
            try:
                editing.delete_project(project, user=request.user, expected_version=version)
            except StaleEditError:
                _refresh(plan)
                error = _(
                    "未删除：您打开此页面后，计划已被他人修改。请核对下方项目信息后再确认删除。"
                )
                status = 409
            else:
                messages.success(request, _("已删除项目“{name}”。").format(name=name))
                return redirect("pages:plan", plan.pk)
    return render(
        request,
        "plans/project_confirm_delete.html",
        {
            "plan": plan,
            "project": project,
            "indicator_count": project.indicators.count(),
            "error": error,
        },
        status=status,
    )
