"""A plan's change history: who changed what, from what, to what, and the review merged in.

The history is read from django-simple-history's snapshots of the plan, project and
indicator rows. Two consecutive snapshots of a row are compared with the core's plan diff
(``jixiao.core.diff``), so a field change reads the same here as in the import preview
and the version comparison: money as written, JSON columns part by part ("分目标2 · 标题",
"绩效目标3", "3月25%，6月50%…").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from jixiao.core import model as core
from jixiao.core import workflow as wf
from jixiao.core.diff import FieldChange, indicator_changes, overall_changes, project_changes, show
from jixiao.web.choices import label_of
from jixiao.web.plans.models import Indicator, Plan, Project, Reminder, ReviewComment, Transition
from jixiao.web.plans.services.mapping import indicator_to_core, project_to_core

__all__ = [
    "HistoryEntry",
    "HistoryRow",
    "condense_history",
    "merge_review_history",
    "plan_history",
    "plan_label",
]


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One line of a plan's history: who changed what, from what, to what."""

    when: datetime
    who: str
    action: str  # "新增" / "修改" / "删除"
    label: str  # e.g. "项目“…” · 指标“…”"
    field: str | None  # Chinese field label; None for 新增/删除
    old: str | None
    new: str | None
    reason: str | None


def plan_label(year: int) -> str:
    """How the history names a plan (the page merges transitions under the same label)."""
    return f"{year}年绩效目标"


# Plan columns shown besides the core's fields (the workflow's own record of a version).
_PLAN_COLUMNS = (
    "status",
    "submitted_at",
    "approved_at",
    "superseded_at",
    "cancelled_at",
    "is_current",
    "version_no",
    "adjustment_reason",
)


def _plan_changes(before: Any, after: Any) -> list[FieldChange]:
    old_overall = core.Overall.from_dict(before.overall) if before.overall else None
    new_overall = core.Overall.from_dict(after.overall) if after.overall else None
    out = []
    if before.money_unit != after.money_unit:
        out.append(FieldChange("money_unit", "金额单位", before.money_unit, after.money_unit))
    out += overall_changes(old_overall, new_overall)
    for name in _PLAN_COLUMNS:
        a, b = getattr(before, name), getattr(after, name)
        if a != b:
            label = _verbose(name)
            if name == "status":
                a, b = label_of(wf.STATE_LABELS, a), label_of(wf.STATE_LABELS, b)
            out.append(FieldChange(name, label, show(a), show(b)))
    return out


def _verbose(name: str) -> str:
    return str(getattr(Plan._meta.get_field(name), "verbose_name", name))


def _position(before: Any, after: Any) -> list[FieldChange]:
    """Row numbers as the tables show them (1-based)."""
    if before.position == after.position:
        return []
    return [FieldChange("position", "序号", str(before.position + 1), str(after.position + 1))]


def _row_changes(kind: str, before: Any, after: Any) -> list[FieldChange]:
    if kind == "plan":
        return _plan_changes(before, after)
    if kind == "project":
        # Snapshots as stored (column digits, no indicators): 96.000000 shows as 96.
        a = project_to_core(before.instance, [], as_written=False)
        b = project_to_core(after.instance, [], as_written=False)
        return _position(before, after) + project_changes(a, b)
    a_ind = indicator_to_core(before.instance, as_written=False)
    b_ind = indicator_to_core(after.instance, as_written=False)
    return _position(before, after) + indicator_changes(a_ind, b_ind)


def _label(kind: str, rec: Any, project_names: dict[int, str]) -> str:
    if kind == "plan":
        return plan_label(rec.year)
    if kind == "project":
        return f"项目“{rec.name or rec.code or rec.position + 1}”"
    project = project_names.get(rec.project_id, "?")
    return f"项目“{project}” · 指标“{rec.name or rec.position + 1}”"


def plan_history(plan: Plan, limit: int | None = None) -> list[HistoryEntry]:
    """The plan's changes, newest first: field-level old → new for edits."""
    project_ids = set(Project.history.filter(plan_id=plan.pk).values_list("id", flat=True))
    project_names: dict[int, str] = {}
    for hp in Project.history.filter(id__in=project_ids).order_by("history_date"):
        project_names[hp.id] = hp.name or hp.code or f"项目 {hp.position + 1}"
    sources: list[tuple[Any, str]] = [
        (Plan.history.filter(id=plan.pk), "plan"),
        (Project.history.filter(id__in=project_ids), "project"),
        (Indicator.history.filter(project_id__in=project_ids), "indicator"),
    ]
    entries: list[HistoryEntry] = []
    for qs, kind in sources:
        records = qs.select_related("history_user").order_by("id", "history_date", "history_id")
        previous: dict[int, Any] = {}
        for rec in records:
            label = _label(kind, rec, project_names)
            who = rec.history_user.get_username() if rec.history_user else "系统"
            reason = rec.history_change_reason
            before = previous.get(rec.id)
            if rec.history_type in ("+", "-"):
                action = "新增" if rec.history_type == "+" else "删除"
                entries.append(
                    HistoryEntry(rec.history_date, who, action, label, None, None, None, reason)
                )
            elif before is not None:
                for c in _row_changes(kind, before, rec):
                    entries.append(
                        HistoryEntry(
                            rec.history_date, who, "修改", label, c.field, c.old, c.new, reason
                        )
                    )
            previous[rec.id] = rec
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries if limit is None else entries[:limit]


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """A history line as shown: one field change, or a run of rows added/removed at once."""

    when: Any
    who: str
    action: str
    label: str
    field: str | None
    old: str | None
    new: str | None
    reason: str | None
    kind: str = "change"  # change | transition | comment


def condense_history(entries: list[HistoryEntry]) -> list[HistoryRow]:
    """Fold a run of additions or removals (an import adds one per row) into one line."""
    out: list[HistoryRow] = []
    run: list[HistoryEntry] = []

    def flush() -> None:
        if not run:
            return
        first = run[0]
        label = first.label
        if len(run) > 1:
            label = _("{n} 项，如 {first}").format(n=len(run), first=run[-1].label)
        out.append(
            HistoryRow(first.when, first.who, first.action, label, None, None, None, first.reason)
        )
        run.clear()

    for e in entries:
        if (
            e.field is None
            and run
            and (
                (e.action, e.who, e.reason) == (run[0].action, run[0].who, run[0].reason)
                and abs((run[0].when - e.when).total_seconds()) < 120
            )
        ):
            run.append(e)
            continue
        flush()
        if e.field is None:
            run.append(e)
        else:
            out.append(
                HistoryRow(e.when, e.who, e.action, e.label, e.field, e.old, e.new, e.reason)
            )
    flush()
    return out


def merge_review_history(
    rows: list[HistoryRow],
    plan: Plan,
    transitions: list[Transition],
    comments: list[ReviewComment],
    reminders: Iterable[Reminder] = (),
) -> list[HistoryRow]:
    """The edit history with every transition (who, when, from → to, comment) and every
    review comment merged in, newest first.

    A transition also changes the plan's status and timestamps; those field lines would
    repeat the transition line, so they are left out.
    """
    label = plan_label(plan.year)
    redundant = {_verbose(name) for name in ("status", "submitted_at", "approved_at")}
    kept = [r for r in rows if not (r.label == label and r.field in redundant)]
    for t in transitions:
        kept.append(
            HistoryRow(
                t.at,
                t.user.get_username() if t.user else _("系统"),
                label_of(wf.ACTION_LABELS, t.action),
                label,
                None,
                label_of(wf.STATE_LABELS, t.from_state),
                label_of(wf.STATE_LABELS, t.to_state),
                t.comment or None,
                "transition",
            )
        )
    for c in comments:
        if c.transition_id is not None:
            continue  # shown with its transition
        kept.append(
            HistoryRow(
                c.created_at,
                c.author.get_username() if c.author else _("系统"),
                _("意见"),
                c.subject,
                None,
                None,
                c.text,
                None,
                "comment",
            )
        )
    for m in reminders:  # 催报 of the plan's unit and year
        kept.append(
            HistoryRow(
                m.sent_at,
                m.sent_by.get_username() if m.sent_by else _("系统"),
                _("催报"),
                label,
                None,
                None,
                m.message,
                None,
                "comment",
            )
        )
    kept.sort(key=lambda r: r.when, reverse=True)
    return kept
