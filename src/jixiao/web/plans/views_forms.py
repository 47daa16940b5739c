"""Full-page editors: a project's header (budget, spending plan, goals), adding and
deleting projects, and the department targets (部门整体绩效目标).

Every page asks ``permissions`` for write access first (outsiders 404, read-only roles
and plans that are no longer editable 403), also for GET: these pages exist only to
change something. Writes go through ``services`` / ``targets`` with the plan version the
form was loaded with; a stale form is shown again with everything typed still in it,
the values saved meanwhile beside the fields, and the new version, so that saving again
is a deliberate choice. After a save the checker's findings on what was edited are shown
next to the fields concerned.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.core import model as core
from jixiao.core.findings import Finding
from jixiao.core.money import MoneyError, to_decimal
from jixiao.core.values import parse_value
from jixiao.web.orgs.permissions import get_plan_for_user, get_project_for_user
from jixiao.web.plans import services, targets
from jixiao.web.plans.forms import VersionForm
from jixiao.web.plans.forms_edit import (
    GoalFormSet,
    MeasureFormSet,
    OverallForm,
    ProjectForm,
    SpendingFormSet,
    SubgoalFormSet,
    amount_text,
    formset_rows,
)
from jixiao.web.plans.models import Plan, Project
from jixiao.web.plans.templatetags.jixiao_ui import kind_label

__all__ = ["project_add", "project_delete", "project_edit", "targets_edit", "targets_preview"]

STALE_MESSAGE = gettext_lazy(
    "未保存：您打开此页面后，计划已被他人修改。您输入的内容仍在下方；"
    "与他人保存的内容不同之处已在各栏标出。请核对后再次点击“保存”（将以您的内容为准）。"
)

#: Project-level rules shown beside a section of the project form (others go on top).
SECTION_RULES = {"budget-sum": "budget", "spending-plan": "spending"}


# --- project header ----------------------------------------------------------------------


def _project_initial(project: Project) -> dict[str, Any]:
    return {
        "code": project.code or "",
        "name": project.name or "",
        "budget_total": amount_text(project.budget_total),
        "budget_fiscal": amount_text(project.budget_fiscal),
        "budget_other": amount_text(project.budget_other),
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
        current = _project_values(self.project)
        return {k: v for k, v in values.items() if _norm(v) != _norm(current.get(k))}


def _project_values(project: Project) -> dict[str, Any]:
    return {
        "code": project.code,
        "name": project.name,
        "purpose": project.purpose,
        "budget_total": project.budget_total,
        "budget_fiscal": project.budget_fiscal,
        "budget_other": project.budget_other,
        "spending_plan": list(project.spending_plan),
        "goals": list(project.goals),
    }


def _norm(value: Any) -> Any:
    """A comparable form of a field value (Decimal scale and number-as-text ignored)."""
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "percent" and isinstance(v, str):
                with contextlib.suppress(MoneyError, ArithmeticError):
                    v = to_decimal(v)
            out[k] = _norm(v)
        return out
    return value


def _spending_text(points: list[dict[str, Any]]) -> str:
    if not points:
        return _("（无）")
    return " / ".join(
        _("{m}月 {p}%").format(m=p.get("month"), p=p.get("percent") or "—") for p in points
    )


def _stale_notes(editor: ProjectEditor, fresh: Project | None) -> dict[str, str]:
    """Field → the value saved meanwhile, where it differs from what the user typed."""
    if fresh is None or not editor.is_valid():
        return {}
    typed = editor.values()
    saved = _project_values(fresh)
    notes: dict[str, str] = {}
    for key, value in typed.items():
        if _norm(value) == _norm(saved.get(key)):
            continue
        current: Any = saved.get(key)
        if key.startswith("budget_"):
            notes[key] = amount_text(current) or _("（空）")
        elif key == "spending_plan":
            notes[key] = _spending_text(current)
        elif key == "goals":
            notes[key] = "；".join(current) or _("（无）")
        else:
            notes[key] = current or _("（空）")
    return notes


def _project_findings(plan: Plan, project: Project | None) -> dict[str, list[Finding]]:
    """The project's own findings (not per indicator), by the section they concern."""
    out: dict[str, list[Finding]] = {"budget": [], "spending": [], "general": []}
    if project is None:
        return out
    for f in services.plan_findings(plan):
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
        services.update_project(
            project,
            changes,
            user=request.user,
            expected_version=editor.form.cleaned_data["version"],
        )
    except services.StaleEditError:
        return _stale_project(request, plan, project)
    except services.ServiceError as exc:
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
        project = services.add_project(
            plan,
            editor.values(),
            user=request.user,
            expected_version=editor.form.cleaned_data["version"],
        )
    except services.StaleEditError:
        return _stale_project(request, plan, None)
    except services.ServiceError as exc:
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
                services.delete_project(project, user=request.user, expected_version=version)
            except services.StaleEditError:
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


# --- department targets ------------------------------------------------------------------


def _section_findings(plan: Plan) -> dict[str, list[Finding]]:
    """Department-level findings by section ("overall", "subgoals[0]", …)."""
    out: dict[str, list[Finding]] = {}
    for f in services.plan_findings(plan):
        if f.project is None:
            out.setdefault(str(f.extra.get("section", "overall")), []).append(f)
    return out


def _promise_rows(
    promises: list[core.Indicator], findings: list[Finding] | None = None
) -> list[dict[str, Any]]:
    findings = findings or []
    rows = []
    for pos, ind in enumerate(promises, start=1):
        kind = parse_value(ind.target).kind
        rows.append(
            {
                "ind": ind,
                "kind": kind,
                "kind_label": kind_label(kind),
                "findings": [f for f in findings if f.indicator == pos],
            }
        )
    return rows


class TargetsEditor:
    """The overall goal form and the sub-goal and measure formsets."""

    def __init__(self, plan: Plan, data: QueryDict | None = None) -> None:
        self.plan = plan
        self.stored = targets.stored_overall(plan)
        stored = self.stored.to_dict()
        self.stored_subgoals: list[dict[str, Any]] = stored["subgoals"]
        self.stored_measures: list[dict[str, Any]] = stored["measures"]
        self.form = OverallForm(data, initial={"version": plan.version, "goal": self.stored.goal})
        self.subgoals = SubgoalFormSet(
            data,
            prefix="sg",
            initial=formset_rows(self.stored_subgoals, ["title", "goal", "indicator_text"]),
        )
        self.measures = MeasureFormSet(
            data, prefix="ms", initial=formset_rows(self.stored_measures, ["title", "text"])
        )

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), self.subgoals.is_valid(), self.measures.is_valid()]
        return all(results)

    def parts(self) -> dict[str, Any]:
        goal = (self.form.cleaned_data.get("goal") or "").strip() or None
        return {
            "goal": goal,
            "subgoals": [
                {k: v for k, v in s.items() if k != "indicators"}
                for s in self.subgoals.values(self.stored_subgoals)
            ],
            "measures": self.measures.values(self.stored_measures),
        }

    def unchanged(self) -> bool:
        """Whether saving would store the same texts (promises aside)."""
        p = self.parts()
        s = self.stored
        return (
            p["goal"] == s.goal
            and [(x.get("title"), x.get("goal"), x.get("indicator_text")) for x in p["subgoals"]]
            == [(x.title, x.goal, x.indicator_text) for x in s.subgoals]
            and [(x.get("title"), x.get("text")) for x in p["measures"]]
            == [(x.title, x.text) for x in s.measures]
        )

    def sections(self, findings: dict[str, list[Finding]]) -> dict[str, Any]:
        """The promises shown beside the goal and each sub-goal row (stored or previewed)."""
        goal = self.form["goal"].value()
        if (goal or None) == self.stored.goal and self.stored.indicators:
            overall = _promise_rows(self.stored.indicators, findings.get("overall"))
        elif (goal or None) == self.stored.goal:
            overall = _promise_rows(targets.preview_promises(goal), findings.get("overall"))
        else:
            overall = _promise_rows(targets.preview_promises(goal))
        rows = []
        for form in self.subgoals.forms:
            g, t = form["goal"].value() or None, form["indicator_text"].value() or None
            origin = _int(form["origin"].value())
            stored = (
                self.stored.subgoals[origin]
                if origin is not None and 0 <= origin < len(self.stored.subgoals)
                else None
            )
            if stored is not None and (stored.goal, stored.indicator_text) == (g, t):
                fs = findings.get(f"subgoals[{origin}]")
                promises = stored.indicators or targets.preview_promises(g, t)
                rows.append({"form": form, "promises": _promise_rows(promises, fs), "findings": fs})
            else:
                rows.append(
                    {"form": form, "promises": _promise_rows(targets.preview_promises(g, t))}
                )
        return {"overall": overall, "overall_findings": findings.get("overall", []), "rows": rows}


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _render_targets(
    request: HttpRequest,
    editor: TargetsEditor,
    *,
    status: int = 200,
    error: str | None = None,
    stale: bool = False,
) -> HttpResponse:
    plan = editor.plan
    findings = _section_findings(plan)
    return render(
        request,
        "plans/targets_form.html",
        {
            "plan": plan,
            "form": editor.form,
            "subgoals": editor.subgoals,
            "measures": editor.measures,
            "sections": editor.sections(findings),
            "error": error,
            "stale": stale,
            "saved": editor.stored if stale else None,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def targets_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Edit 部门整体绩效目标: overall goal, sub-goals, measures; promises re-extracted."""
    plan = get_plan_for_user(request, plan_id, write=True)
    if request.method == "GET":
        return _render_targets(request, TargetsEditor(plan))
    editor = TargetsEditor(plan, request.POST)
    if not editor.is_valid():
        return _render_targets(request, editor)
    if editor.unchanged():
        messages.info(request, _("没有需要保存的修改。"))
        return redirect("pages:plan", plan.pk)
    try:
        saved = targets.update_targets(
            plan,
            **editor.parts(),
            user=request.user,
            expected_version=editor.form.cleaned_data["version"],
        )
    except services.StaleEditError:
        _refresh(plan)
        data = request.POST.copy()
        data["version"] = str(plan.version)
        editor = TargetsEditor(plan, data)
        editor.is_valid()
        return _render_targets(request, editor, status=409, error=str(STALE_MESSAGE), stale=True)
    except services.ServiceError as exc:
        return _render_targets(request, editor, error=exc.message)
    n = len(saved.indicators) + sum(len(s.indicators) for s in saved.subgoals)
    messages.success(
        request,
        _("已保存部门整体绩效目标，识别出 {n} 项量化承诺。").format(n=n),
    )
    return redirect(reverse("pages:plan", args=[plan.pk]) + "#targets")


@login_required
@require_POST
def targets_preview(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The promises a goal text would yield, while typing (htmx fragment).

    ``prefix`` names the row ("sg-2"; empty for the overall goal): its ``goal`` and
    ``indicator_text`` fields are read from the posted form.
    """
    get_plan_for_user(request, plan_id, write=True)
    prefix = request.POST.get("prefix", "")
    key = f"{prefix}-" if prefix else ""
    promises = targets.preview_promises(
        request.POST.get(f"{key}goal") or None, request.POST.get(f"{key}indicator_text") or None
    )
    return render(
        request, "htmx/promises.html", {"promises": _promise_rows(promises), "preview": True}
    )
