"""What several pages of the targets app show: the review panel, comments by row, the
order findings are listed in. Views share these; they never import each other."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from jixiao.core import workflow as wf
from jixiao.core.findings import Finding
from jixiao.web.choices import label_of
from jixiao.web.orgs.models import display_name
from jixiao.web.plans.models import Indicator, Plan, Project, ReviewComment, Transition
from jixiao.web.plans.review.adjustments import versions_of
from jixiao.web.plans.review.comments import can_comment
from jixiao.web.plans.review.transitions import available_actions

__all__ = [
    "SEVERITY_ORDER",
    "ActionButton",
    "Step",
    "comments_for_project",
    "workflow_context",
]

#: Findings are listed errors first, then warnings, then hints.
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class ActionButton:
    """One form of the action bar: the action, its label, what it will do, the text it needs.

    Every state change asks first: the button opens a panel that says what will happen
    (``confirm``) and holds the confirming button (and the required comment, if any).
    """

    value: str
    label: str
    style: str  # css class of the button: primary / danger / ""
    confirm: str  # what happens on confirming, said to the person about to do it
    comment_label: str | None = None  # a textarea (退回意见, 调整原因, 批复意见)
    help: str | None = None
    comment_required: bool = True


def _button(action: wf.Action, plan: Plan) -> ActionButton:
    label = label_of(wf.ACTION_LABELS, action.value)
    parent = plan.unit.parent
    reviewer = parent.name if parent is not None else _("财政部门")
    if action is wf.Action.SUBMIT:
        return ActionButton(
            action.value,
            label,
            "primary",
            _(
                "提交给{reviewer}审核。提交后本单位不能修改，直至被退回；对方审核前可以撤回。"
            ).format(reviewer=reviewer),
        )
    if action is wf.Action.WITHDRAW:
        return ActionButton(
            action.value, label, "", _("撤回后计划回到草稿，可继续修改，修改后须重新提交。")
        )
    if action is wf.Action.SUPERVISOR_APPROVE:
        return ActionButton(
            action.value,
            label,
            "primary",
            _("审核通过后转财政部门审核批复；单位不能再修改，除非被退回。"),
        )
    if action is wf.Action.FINANCE_APPROVE:
        return ActionButton(
            action.value,
            label,
            "primary",
            _("批复后绩效目标生效并锁定，任何人都不能直接修改；如需变更，由单位申请调整。"),
            comment_label=_("批复意见"),
            help=_(
                "批复意见写入带文号的绩效目标批复文件；不填时为“经审核，原则同意你单位报送的绩效目标。”"
            ),
            comment_required=False,
        )
    if action is wf.Action.RETURN:
        return ActionButton(
            action.value,
            label,
            "danger",
            _("退回后计划回到草稿，单位修改后重新提交；退回意见记入审核记录并通知单位。"),
            comment_label=_("退回意见"),
        )
    if action is wf.Action.ADJUST:
        return ActionButton(
            action.value,
            label,
            "",
            _("调整将生成新版本，经同样的审核批复后生效；批复前现行版本继续有效。"),
            comment_label=_("调整原因"),
        )
    return ActionButton(  # CANCEL_ADJUSTMENT
        action.value,
        label,
        "danger",
        _("撤销后本调整稿不再有效，保留供查阅（审核记录和修改记录不删除），已批复的版本继续有效。"),
        comment_label=_("撤销原因"),
    )


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
        (wf.State.DRAFT, _("编报"), _("单位填报")),
        (wf.State.SUBMITTED, _("已提交"), _("主管部门审核") if has_supervisor else _("财政审核")),
    ]
    if has_supervisor:
        states.append((wf.State.SUPERVISOR_APPROVED, _("主管部门已审"), _("财政审核")))
    states.append((wf.State.APPROVED, _("已批复"), _("批复生效")))
    order = [s for s, _l, _n in states]
    at = order.index(plan.status) if plan.status in order else 0
    reached: dict[str, Transition] = {}
    for t in transitions:  # oldest first: the last one into each state wins
        reached[t.to_state] = t
    out = []
    for i, (state, label, note) in enumerate(states):
        css = "done" if i < at or (i == at and state == wf.State.APPROVED) else ""
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
    versions = versions_of(plan)
    in_force = next((v for v in versions if v.in_force), None)
    newest = next((v for v in versions if v.is_current), versions[-1] if versions else plan)
    last = transitions[-1] if transitions else None
    returned = (
        last if last and last.action == wf.Action.RETURN and plan.status == wf.State.DRAFT else None
    )
    comments = list(
        plan.comments.select_related(
            "author__membership__unit", "project", "indicator", "transition"
        ).order_by("created_at", "id")
    )
    actions = [_button(a, plan) for a in available_actions(user, plan)]
    blocked = request.GET.get("blocked") == "submit" and plan.status == wf.State.DRAFT
    return {
        "actions": actions,
        "steps": _steps(plan, transitions),
        "transitions": transitions,
        "returned": returned,
        "versions": versions,
        "in_force": in_force,
        "newest": newest,
        "plan_comments": comments,
        "can_comment": plan.is_current and can_comment(user, plan),
        "blocked_errors": _error_links(plan, findings) if blocked else [],
    }


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
