"""The department-targets editor (部门整体绩效目标): overall goal, sub-goals, measures,
and the promises extracted from their text, previewed while typing.

Writes go through ``services.targets`` with the plan version the form was loaded with; a
stale form is shown again with what was typed and what was saved meanwhile.
"""

from __future__ import annotations

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
from jixiao.core.diff import overall_changes
from jixiao.core.findings import Finding
from jixiao.core.values import parse_value
from jixiao.web.common.templatetags.jixiao_ui import kind_label
from jixiao.web.plans.access import get_plan_for_user
from jixiao.web.plans.forms.project import formset_rows
from jixiao.web.plans.forms.targets import MeasureFormSet, OverallForm, SubgoalFormSet
from jixiao.web.plans.models import Plan
from jixiao.web.plans.services import targets
from jixiao.web.plans.services.audit import ServiceError, StaleEditError
from jixiao.web.plans.services.findings import plan_findings

__all__ = ["targets_edit", "targets_preview"]

STALE_MESSAGE = gettext_lazy(
    "未保存：您打开此页面后，计划已被他人修改。您输入的内容仍在下方；"
    "与他人保存的内容不同之处已在各栏标出。请核对后再次点击“保存”（将以您的内容为准）。"
)


def _section_findings(plan: Plan) -> dict[str, list[Finding]]:
    """Department-level findings by section ("overall", "subgoals[0]", …)."""
    out: dict[str, list[Finding]] = {}
    for f in plan_findings(plan):
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
        typed = core.Overall.from_dict(self.parts())
        changes = overall_changes(self.stored, typed)
        return all(c.key == "overall.indicators" for c in changes)

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
    except StaleEditError:
        _refresh(plan)
        data = request.POST.copy()
        data["version"] = str(plan.version)
        editor = TargetsEditor(plan, data)
        editor.is_valid()
        return _render_targets(request, editor, status=409, error=str(STALE_MESSAGE), stale=True)
    except ServiceError as exc:
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


def _refresh(plan: Plan) -> Plan:
    plan.refresh_from_db()
    return plan
