"""Every write to plans, projects and indicators (style.md §4–§6).

Views, the API, imports and management commands change plans only through these
functions. Each runs in one transaction, records who did it in the history
(django-simple-history, also when no request is bound: commands and imports are audited
too), bumps ``Plan.version`` and refreshes the cached finding counts. Callers pass the
``expected_version`` the user saw; a mismatch raises ``StaleEditError`` instead of
silently overwriting someone else's change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.db import transaction
from django.db.models import CharField, DecimalField, Model
from django.utils import timezone

from jixiao.core import model as core
from jixiao.core.checks import check_plan
from jixiao.core.findings import Finding
from jixiao.core.money import MoneyError, to_decimal
from jixiao.web.orgs.models import Unit
from jixiao.web.plans.convert import (
    indicator_fields,
    plan_fields,
    plan_to_core,
    project_fields,
    spending_text,
)
from jixiao.web.plans.models import Indicator, Plan, PlanStatus, Project

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser | None

__all__ = [
    "HistoryEntry",
    "ServiceError",
    "StaleEditError",
    "acting_user",
    "add_indicator",
    "add_project",
    "allowed_level_pairs",
    "check_all",
    "copy_projects",
    "create_plan",
    "delete_indicator",
    "delete_project",
    "delete_project_rows",
    "delete_row",
    "move_indicator",
    "plan_findings",
    "plan_history",
    "plan_label",
    "record_plan_change",
    "refresh_findings",
    "reorder_indicators",
    "replace_plan_content",
    "save_row",
    "update_indicator",
    "update_plan",
    "update_project",
]


class ServiceError(ValueError):
    """A refused change; ``message`` is shown to the user as is (Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StaleEditError(ServiceError):
    """The plan changed since the user loaded it (optimistic locking)."""

    def __init__(self, message: str = "已被他人修改，请刷新后重试") -> None:
        super().__init__(message)


# --- findings ----------------------------------------------------------------------------


def plan_findings(plan: Plan) -> list[Finding]:
    """Run the core checks on the stored plan (no rule lives in the web layer)."""
    return check_plan(plan_to_core(plan))


def refresh_findings(plan: Plan, findings: Sequence[Finding] | None = None) -> list[Finding]:
    """Recompute and store the plan's error/warning counts; return the findings."""
    found = list(plan_findings(plan) if findings is None else findings)
    plan.error_count = sum(1 for f in found if f.severity == "error")
    plan.warning_count = sum(1 for f in found if f.severity == "warning")
    plan.checked_at = timezone.now()
    # Plain UPDATE: counts are derived data, not an edit (no history row, no version bump).
    Plan.objects.filter(pk=plan.pk).update(
        error_count=plan.error_count, warning_count=plan.warning_count, checked_at=plan.checked_at
    )
    return found


def check_all(plans: Iterable[Plan]) -> int:
    """Re-run the checks on ``plans`` (finance's batch "check all"); return how many."""
    n = 0
    for plan in plans:
        refresh_findings(plan)
        n += 1
    return n


def allowed_level_pairs() -> dict[str, list[str]]:
    """level1 → allowed level2 labels (domain.md T1), for the editor's selects.

    The 成本指标 level1 is the layout of 财预〔2021〕101号, where cost is a first-level group.
    """
    return {
        "产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
        "效益指标": ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
        "满意度指标": ["服务对象满意度指标"],
        "成本指标": ["经济成本指标", "社会成本指标", "生态环境成本指标"],
    }


# --- plumbing ----------------------------------------------------------------------------


def acting_user(user: AnyUser) -> Any:
    """The user to store on a row as its author (None for anonymous and system actions)."""
    return user if user is not None and user.is_authenticated else None


def _audited(obj: Model, user: AnyUser, reason: str | None) -> None:
    """Attach the acting user and reason that simple_history records with the row."""
    obj._history_user = acting_user(user)  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]


def _validate(obj: Model) -> None:
    """Refuse values the columns cannot hold, in Chinese, before the database does.

    (PostgreSQL would raise a DataError mid-import; SQLite would store them silently.)
    """
    for f in obj._meta.concrete_fields:
        value = getattr(obj, f.attname)
        if value is None:
            continue
        label = str(f.verbose_name)
        if isinstance(f, CharField) and f.max_length and len(str(value)) > f.max_length:
            raise ServiceError(f"{label}过长（最多 {f.max_length} 字）：“{str(value)[:30]}…”")
        if isinstance(f, DecimalField) and isinstance(value, Decimal):
            if not value.is_finite():
                raise ServiceError(f"{label}不是有效的数字：“{value}”")
            _sign, digits, exponent = value.as_tuple()
            assert isinstance(exponent, int)
            places = max(0, -exponent)
            integer_digits = max(0, len(digits) + exponent)
            if places > (f.decimal_places or 0) or integer_digits > (f.max_digits or 0) - (
                f.decimal_places or 0
            ):
                raise ServiceError(f"{label}超出可保存的范围：“{value}”")


def _save(obj: Model, user: AnyUser, reason: str | None = None) -> None:
    _validate(obj)
    _audited(obj, user, reason)
    obj.save()


def _delete(obj: Model, user: AnyUser, reason: str | None = None) -> None:
    _audited(obj, user, reason)
    obj.delete()


def _lock(plan: Plan, expected_version: int | None) -> Plan:
    """Lock the plan row, verify the version the user saw, refresh the caller's instance."""
    fresh = Plan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise StaleEditError()
    if not fresh.is_editable:
        raise ServiceError(_locked_message(fresh))
    # The caller's instance may be older than the row (expected_version=None from code):
    # reload it under the lock so that saving it cannot undo someone else's change.
    plan.refresh_from_db()
    return fresh


def _locked_message(plan: Plan) -> str:
    if plan.status == PlanStatus.APPROVED:
        return "此计划已批复，不能直接修改；如需变更请申请调整"
    return f"此计划状态为“{plan.get_status_display()}”，已锁定，不能修改（退回后才能修改）"


def _bump(plan: Plan, user: AnyUser, reason: str | None = None) -> None:
    plan.version += 1
    plan.updated_by = acting_user(user)
    _save(plan, user, reason)


# Public names for the workflow module (jixiao.web.plans.workflow), which records status
# changes and copies versions with the same auditing as edits.
save_row = _save
record_plan_change = _bump


def _finish(plan: Plan, user: AnyUser, reason: str | None = None) -> None:
    _bump(plan, user, reason)
    refresh_findings(plan)


def _decimal(value: Any, label: str) -> Decimal | None:
    if isinstance(value, str) and not value.strip():
        return None
    try:
        return to_decimal(value)
    except (MoneyError, ArithmeticError):
        raise ServiceError(f"{label}不是有效的数字：“{value}”") from None


def _clean_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


# --- plans -------------------------------------------------------------------------------


@transaction.atomic
def create_plan(unit: Unit, year: int, *, user: AnyUser, document: core.Plan | None = None) -> Plan:
    """A new plan for ``unit`` and ``year``, empty or filled from ``document``."""
    if Plan.objects.filter(unit=unit, year=year).exists():
        raise ServiceError(f"{unit.name} 已有 {year} 年的绩效目标")
    plan = Plan(unit=unit, year=year)
    if document is not None:
        for key, value in plan_fields(document).items():
            setattr(plan, key, value)
    else:
        plan.region_info = {"code": unit.region.code or None, "name": unit.region.name}
        plan.department_info = {"code": unit.code or None, "name": unit.name}
    plan.updated_by = acting_user(user)
    _save(plan, user, "新建")
    if document is not None:
        _create_projects(plan, document.projects, user, "导入")
    refresh_findings(plan)
    return plan


@transaction.atomic
def replace_plan_content(
    plan: Plan,
    document: core.Plan,
    *,
    user: AnyUser,
    expected_version: int | None = None,
    reason: str = "导入",
) -> Plan:
    """Replace header, projects and indicators of ``plan`` by ``document`` (import confirm).

    Old rows are deleted one by one so that the history shows each removal with its user.
    """
    _lock(plan, expected_version)
    for project in plan.projects.all():
        _delete_project_rows(project, user, reason)
    for key, value in plan_fields(document).items():
        setattr(plan, key, value)
    _create_projects(plan, document.projects, user, reason)
    _finish(plan, user, reason)
    return plan


@transaction.atomic
def update_plan(
    plan: Plan, data: Mapping[str, Any], *, user: AnyUser, expected_version: int | None
) -> Plan:
    """Change header fields: ``money_unit`` and ``overall`` (the core Overall as a dict)."""
    _lock(plan, expected_version)
    unknown = set(data) - {"money_unit", "overall"}
    if unknown:
        raise ServiceError(f"不能修改字段：{', '.join(sorted(unknown))}")
    if "money_unit" in data:
        if data["money_unit"] not in {"万元", "元"}:
            raise ServiceError("金额单位应为“万元”或“元”")
        plan.money_unit = data["money_unit"]
    if "overall" in data:
        overall = data["overall"]
        try:
            plan.overall = None if overall is None else core.Overall.from_dict(overall).to_dict()
        except core.ModelError as exc:
            raise ServiceError(f"部门整体目标格式错误：{exc}") from None
    _finish(plan, user, "修改")
    return plan


def _create_projects(
    plan: Plan, projects: Sequence[core.Project], user: AnyUser, reason: str | None
) -> None:
    for position, cp in enumerate(projects):
        project = Project(plan=plan, position=position, **project_fields(cp))
        _save(project, user, reason)
        for ipos, ci in enumerate(cp.indicators):
            _save(Indicator(project=project, position=ipos, **indicator_fields(ci)), user, reason)


copy_projects = _create_projects
delete_row = _delete


def _delete_project_rows(project: Project, user: AnyUser, reason: str | None) -> None:
    for ind in project.indicators.all():
        _delete(ind, user, reason)
    _delete(project, user, reason)


delete_project_rows = _delete_project_rows


# --- projects ----------------------------------------------------------------------------

_PROJECT_TEXT = ("code", "name", "purpose")
_PROJECT_MONEY = {"budget_total": "total", "budget_fiscal": "fiscal", "budget_other": "other"}
_PROJECT_LABEL = {"budget_total": "预算数", "budget_fiscal": "财政资金", "budget_other": "其他资金"}


def _apply_project(project: Project, data: Mapping[str, Any]) -> None:
    allowed = {*_PROJECT_TEXT, *_PROJECT_MONEY, "spending_plan", "goals"}
    unknown = set(data) - allowed
    if unknown:
        raise ServiceError(f"不能修改字段：{', '.join(sorted(unknown))}")
    for key in _PROJECT_TEXT:
        if key in data:
            setattr(project, key, _clean_text(data[key]))
    written = dict(project.written)
    for key, wkey in _PROJECT_MONEY.items():
        if key in data:
            value = _decimal(data[key], _PROJECT_LABEL[key])
            setattr(project, key, value)
            if value is None:
                written.pop(wkey, None)
            else:
                written[wkey] = str(value)
    project.written = written
    if "spending_plan" in data:
        try:
            points = [
                core.SpendingPoint.from_dict(p, f"资金支出计划[{i + 1}]")
                for i, p in enumerate(data["spending_plan"] or [])
            ]
        except core.ModelError as exc:
            raise ServiceError(f"资金支出计划格式错误：{exc}") from None
        project.spending_plan = [p.to_dict() for p in points]
    if "goals" in data:
        goals = data["goals"] or []
        if not isinstance(goals, list) or not all(isinstance(g, str) for g in goals):
            raise ServiceError("绩效目标应为文本列表")
        project.goals = [g.strip() for g in goals if g.strip()]


@transaction.atomic
def update_project(
    project: Project, data: Mapping[str, Any], *, user: AnyUser, expected_version: int | None
) -> Project:
    """Change project fields: code, name, purpose, budget_total/fiscal/other (Decimal or
    text as typed), spending_plan (list of {month, percent}), goals (list of text)."""
    plan = project.plan
    _lock(plan, expected_version)
    _apply_project(project, data)
    _save(project, user, "修改")
    _finish(plan, user)
    return project


@transaction.atomic
def add_project(
    plan: Plan,
    data: Mapping[str, Any] | None = None,
    *,
    user: AnyUser,
    expected_version: int | None,
) -> Project:
    """Append a project (fields as in ``update_project``; all optional)."""
    _lock(plan, expected_version)
    last = plan.projects.order_by("-position").values_list("position", flat=True).first()
    project = Project(plan=plan, position=0 if last is None else last + 1)
    _apply_project(project, data or {})
    _save(project, user, "新增")
    _finish(plan, user)
    return project


@transaction.atomic
def delete_project(project: Project, *, user: AnyUser, expected_version: int | None) -> None:
    plan = project.plan
    _lock(plan, expected_version)
    _delete_project_rows(project, user, "删除")
    _renumber(list(plan.projects.order_by("position", "id")), user)
    _finish(plan, user)


# --- indicators --------------------------------------------------------------------------

_INDICATOR_TEXT = ("level1", "level2", "name", "description", "target", "basis")


def _apply_indicator(indicator: Indicator, data: Mapping[str, Any]) -> None:
    unknown = set(data) - {*_INDICATOR_TEXT, "points"}
    if unknown:
        raise ServiceError(f"不能修改字段：{', '.join(sorted(unknown))}")
    for key in _INDICATOR_TEXT:
        if key in data:
            setattr(indicator, key, _clean_text(data[key]))
    if "points" in data:
        indicator.points = _decimal(data["points"], "分值")
        indicator.written = {} if indicator.points is None else {"points": str(indicator.points)}


@transaction.atomic
def update_indicator(
    indicator: Indicator,
    data: Mapping[str, Any],
    *,
    user: AnyUser,
    expected_version: int | None,
) -> Indicator:
    """Change indicator fields (level1, level2, name, description, target as published,
    basis, points); text is stripped, blank means absent."""
    plan = indicator.project.plan
    _lock(plan, expected_version)
    _apply_indicator(indicator, data)
    _save(indicator, user, "修改")
    _finish(plan, user)
    return indicator


@transaction.atomic
def add_indicator(
    project: Project,
    data: Mapping[str, Any] | None = None,
    *,
    user: AnyUser,
    expected_version: int | None,
    position: int | None = None,
) -> Indicator:
    """Insert an indicator at ``position`` (0-based; default: at the end)."""
    plan = project.plan
    _lock(plan, expected_version)
    rows = list(project.indicators.order_by("position", "id"))
    indicator = Indicator(project=project)
    _apply_indicator(indicator, data or {})
    at = len(rows) if position is None else max(0, min(position, len(rows)))
    rows.insert(at, indicator)
    indicator.position = at
    _save(indicator, user, "新增")
    _renumber(rows, user)
    _finish(plan, user)
    return indicator


@transaction.atomic
def delete_indicator(indicator: Indicator, *, user: AnyUser, expected_version: int | None) -> None:
    project = indicator.project
    plan = project.plan
    _lock(plan, expected_version)
    _delete(indicator, user, "删除")
    _renumber(list(project.indicators.order_by("position", "id")), user)
    _finish(plan, user)


@transaction.atomic
def move_indicator(
    indicator: Indicator,
    to: int | Literal["up", "down"],
    *,
    user: AnyUser,
    expected_version: int | None,
) -> Indicator:
    """Move ``indicator`` to position ``to`` (0-based, clamped) or one row "up"/"down"."""
    project = indicator.project
    plan = project.plan
    _lock(plan, expected_version)
    ordered = list(project.indicators.order_by("position", "id"))
    current = next(i for i, r in enumerate(ordered) if r.pk == indicator.pk)
    if to == "up":
        target = current - 1
    elif to == "down":
        target = current + 1
    elif isinstance(to, int):
        target = to
    else:
        raise ServiceError(f"无效的位置：{to!r}")
    rows: list[Project | Indicator] = [r for r in ordered if r.pk != indicator.pk]
    rows.insert(max(0, min(target, len(rows))), indicator)
    _renumber(rows, user)
    _finish(plan, user)
    return indicator


@transaction.atomic
def reorder_indicators(
    project: Project, ordered_ids: Sequence[int], *, user: AnyUser, expected_version: int | None
) -> None:
    """Put the project's indicators in the order of ``ordered_ids`` (all of them, once)."""
    plan = project.plan
    _lock(plan, expected_version)
    rows = {r.pk: r for r in project.indicators.all()}
    if sorted(ordered_ids) != sorted(rows):
        raise ServiceError("指标顺序与当前指标不一致，请刷新后重试")
    _renumber([rows[i] for i in ordered_ids], user)
    _finish(plan, user)


def _renumber(rows: Sequence[Project | Indicator], user: AnyUser = None) -> None:
    for position, row in enumerate(rows):
        if row.position != position or row.pk is None:
            row.position = position
            _save(row, user, "调整顺序")


# --- history -----------------------------------------------------------------------------

_HIDDEN_FIELDS = frozenset(
    {"id", "plan", "project", "unit", "version", "updated_at", "created_at", "updated_by",
     "written", "error_count", "warning_count", "checked_at"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One line of a plan's history: who changed what, from what, to what."""

    when: datetime
    who: str
    action: str  # "新增" / "修改" / "删除"
    label: str  # e.g. "项目“…” · 指标“…”"
    field: str | None  # verbose field name; None for 新增/删除
    old: str | None
    new: str | None
    reason: str | None


def plan_history(plan: Plan, limit: int = 200) -> list[HistoryEntry]:
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
        records = list(
            qs.select_related("history_user").order_by("id", "history_date", "history_id")
        )
        previous: dict[int, Any] = {}
        for rec in records:
            label = _history_label(kind, rec, project_names)
            who = rec.history_user.get_username() if rec.history_user else "系统"
            before = previous.get(rec.id)
            if rec.history_type == "+":
                entries.append(
                    HistoryEntry(
                        rec.history_date,
                        who,
                        "新增",
                        label,
                        None,
                        None,
                        None,
                        rec.history_change_reason,
                    )
                )
            elif rec.history_type == "-":
                entries.append(
                    HistoryEntry(
                        rec.history_date,
                        who,
                        "删除",
                        label,
                        None,
                        None,
                        None,
                        rec.history_change_reason,
                    )
                )
            elif before is not None:
                for field in rec.instance_type._meta.fields:
                    if field.name in _HIDDEN_FIELDS:
                        continue
                    old, new = getattr(before, field.attname), getattr(rec, field.attname)
                    if old == new:
                        continue
                    for name, a, b in _field_changes(field.name, str(field.verbose_name), old, new):
                        entries.append(
                            HistoryEntry(rec.history_date, who, "修改", label, name, a, b,
                                         rec.history_change_reason)
                        )  # fmt: skip
            previous[rec.id] = rec
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def plan_label(year: int) -> str:
    """How the history names a plan (the page merges transitions under the same label)."""
    return f"{year}年绩效目标"


def _history_label(kind: str, rec: Any, project_names: dict[int, str]) -> str:
    if kind == "plan":
        return plan_label(rec.year)
    if kind == "project":
        return f"项目“{rec.name or rec.code or rec.position + 1}”"
    project = project_names.get(rec.project_id, "?")
    return f"项目“{project}” · 指标“{rec.name or rec.position + 1}”"


_OVERALL_PARTS = (("title", "标题"), ("goal", "目标"), ("indicator_text", "指标"))


def _field_changes(
    name: str, label: str, old: Any, new: Any
) -> list[tuple[str, str | None, str | None]]:
    """One changed column as history lines: JSON columns part by part, so that editing one
    measure shows that measure, not two truncated JSON documents."""
    if name == "overall":
        return _overall_changes(old or {}, new or {})
    if name == "goals" and isinstance(old, list) and isinstance(new, list):
        return _list_changes(label, old, new, lambda g: str(g))
    if name == "spending_plan":
        return [(label, _spending_show(old), _spending_show(new))]
    return [(label, _show(old), _show(new))]


def _spending_show(value: Any) -> str | None:
    try:
        return spending_text(core.SpendingPoint.from_dict(p) for p in value or [])
    except (core.ModelError, TypeError):  # a row stored before validation: show it raw
        return _show(value)


def _list_changes(
    label: str, old: list[Any], new: list[Any], show: Any
) -> list[tuple[str, str | None, str | None]]:
    out = []
    for i in range(max(len(old), len(new))):
        a = show(old[i]) if i < len(old) else None
        b = show(new[i]) if i < len(new) else None
        if a != b:
            out.append((f"{label}{i + 1}", a, b))
    return out


def _overall_changes(
    old: dict[str, Any], new: dict[str, Any]
) -> list[tuple[str, str | None, str | None]]:
    out: list[tuple[str, str | None, str | None]] = []
    if old.get("goal") != new.get("goal"):
        out.append(("部门整体绩效目标", old.get("goal"), new.get("goal")))
    subs_old, subs_new = old.get("subgoals") or [], new.get("subgoals") or []
    for i in range(max(len(subs_old), len(subs_new))):
        a = subs_old[i] if i < len(subs_old) else None
        b = subs_new[i] if i < len(subs_new) else None
        for key, part in _OVERALL_PARTS:
            va = a.get(key) if a else None
            vb = b.get(key) if b else None
            if va != vb:
                out.append((f"分目标{i + 1} · {part}", va, vb))

    def measure(m: Any) -> str:
        if isinstance(m, dict):
            return " ".join(str(m[k]) for k in ("title", "text") if m.get(k))
        return str(m)

    out += _list_changes("工作措施", old.get("measures") or [], new.get("measures") or [], measure)
    if not out:  # only derived parts changed: the promises extracted from the text
        count = (
            sum(len(sg.get("indicators") or []) for sg in subs_old)
            + len(old.get("indicators") or []),
            sum(len(sg.get("indicators") or []) for sg in subs_new)
            + len(new.get("indicators") or []),
        )
        out.append(("提取的承诺指标", f"{count[0]} 项", f"{count[1]} 项"))
    return out


def _show(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        from jixiao.web.plans.convert import plain_decimal

        return str(plain_decimal(value))
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


# --- bulk loading (generated benchmark data) ------------------------------------------------


def bulk_create_plans(
    items: Sequence[tuple[Unit, int, core.Plan]], *, batch_size: int = 2000
) -> int:
    """Create many new plans fast (bulk INSERTs, no history rows): county-scale benchmark
    data only — real edits and imports go through the audited functions above."""
    with transaction.atomic():
        plans = []
        for unit, year, document in items:
            plan = Plan(unit=unit, year=year, **plan_fields(document))
            found = check_plan(document)
            plan.error_count = sum(1 for f in found if f.severity == "error")
            plan.warning_count = sum(1 for f in found if f.severity == "warning")
            plan.checked_at = timezone.now()
            plans.append(plan)
        Plan.objects.bulk_create(plans, batch_size=batch_size)
        projects: list[Project] = []
        sources: list[core.Project] = []
        for plan, (_unit, _year, document) in zip(plans, items, strict=True):
            for position, cp in enumerate(document.projects):
                projects.append(Project(plan=plan, position=position, **project_fields(cp)))
                sources.append(cp)
        Project.objects.bulk_create(projects, batch_size=batch_size)
        indicators = [
            Indicator(project=project, position=i, **indicator_fields(ci))
            for project, cp in zip(projects, sources, strict=True)
            for i, ci in enumerate(cp.indicators)
        ]
        Indicator.objects.bulk_create(indicators, batch_size=batch_size)
    return len(plans)
