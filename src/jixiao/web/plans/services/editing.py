"""Every write to a plan's content: header, projects and indicators.

Views, the API, imports and management commands change plans only through these
functions; each runs inside ``audit.editing`` (locked, version-checked, audited,
findings refreshed). Callers pass the ``expected_version`` the user saw; a mismatch
raises ``StaleEditError`` instead of silently overwriting someone else's change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from django.db import transaction

from jixiao.core import model as core
from jixiao.core.diff import match_indicators, match_projects
from jixiao.core.money import decimal_text
from jixiao.web.orgs.models import Unit
from jixiao.web.plans.models import Indicator, Plan, Project
from jixiao.web.plans.services.audit import (
    AnyUser,
    ServiceError,
    acting_user,
    clean_text,
    delete_row,
    editing,
    lock_plan,
    parse_decimal,
    save_row,
)
from jixiao.web.plans.services.findings import refresh_findings
from jixiao.web.plans.services.mapping import (
    indicator_fields,
    indicator_to_core,
    plan_fields,
    plan_to_core,
    project_fields,
)

__all__ = [
    "add_indicator",
    "add_project",
    "create_plan",
    "create_projects",
    "delete_indicator",
    "delete_project",
    "delete_project_rows",
    "move_indicator",
    "reorder_indicators",
    "replace_plan_content",
    "update_indicator",
    "update_plan",
    "update_project",
]


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
    save_row(plan, user, "新建")
    if document is not None:
        create_projects(plan, document.projects, user, "导入")
    refresh_findings(plan)
    return plan


def replace_plan_content(
    plan: Plan,
    document: core.Plan,
    *,
    user: AnyUser,
    expected_version: int | None = None,
    reason: str = "导入",
) -> Plan:
    """Make ``plan`` say what ``document`` says (import confirm), updating in place.

    Projects are matched by 项目编码, then by name, indicators by name, then by position
    within their group (``core.diff``): a matched row keeps its id (pages stay where they
    were) and records field-level old → new; only unmatched rows are added or deleted. A
    document equal to the stored plan changes and records nothing.
    """
    stored = plan_to_core(plan)
    if stored.to_dict() == document.to_dict():
        with transaction.atomic():
            lock_plan(plan, expected_version)  # a stale preview is still refused
        return plan
    with editing(plan, user=user, expected_version=expected_version, reason=reason):
        for key, value in plan_fields(document).items():
            setattr(plan, key, value)
        rows = list(plan.projects.order_by("position", "id"))
        for i, j in match_projects(stored.projects, document.projects):
            if j is None:
                assert i is not None
                delete_project_rows(rows[i], user, reason)
            elif i is None:
                create_projects(plan, [document.projects[j]], user, reason, start=j)
            else:
                _update_project_rows(rows[i], j, document.projects[j], user, reason)
    return plan


def _assign(row: Project | Indicator, values: Mapping[str, Any]) -> bool:
    """Set the fields that differ; whether any did."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _update_project_rows(
    row: Project, position: int, cp: core.Project, user: AnyUser, reason: str
) -> None:
    if _assign(row, {"position": position, **project_fields(cp)}):
        save_row(row, user, reason)
    indicators = list(row.indicators.order_by("position", "id"))
    old = [indicator_to_core(ind) for ind in indicators]
    for i, j in match_indicators(old, cp.indicators):
        if j is None:
            assert i is not None
            delete_row(indicators[i], user, reason)
        elif i is None:
            ci = cp.indicators[j]
            save_row(Indicator(project=row, position=j, **indicator_fields(ci)), user, reason)
        elif _assign(indicators[i], {"position": j, **indicator_fields(cp.indicators[j])}):
            save_row(indicators[i], user, reason)


def update_plan(
    plan: Plan, data: Mapping[str, Any], *, user: AnyUser, expected_version: int | None
) -> Plan:
    """Change header fields: ``money_unit`` and ``overall`` (the core Overall as a dict)."""
    with editing(plan, user=user, expected_version=expected_version, reason="修改"):
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
                plan.overall = (
                    None if overall is None else core.Overall.from_dict(overall).to_dict()
                )
            except core.ModelError as exc:
                raise ServiceError(f"部门整体目标格式错误：{exc}") from None
    return plan


def create_projects(
    plan: Plan,
    projects: Sequence[core.Project],
    user: AnyUser,
    reason: str | None,
    *,
    start: int = 0,
) -> None:
    """Add ``projects`` (with their indicators) to ``plan`` from position ``start``, row by
    row (audited)."""
    for position, cp in enumerate(projects, start=start):
        project = Project(plan=plan, position=position, **project_fields(cp))
        save_row(project, user, reason)
        for ipos, ci in enumerate(cp.indicators):
            save_row(
                Indicator(project=project, position=ipos, **indicator_fields(ci)), user, reason
            )


def delete_project_rows(project: Project, user: AnyUser, reason: str | None) -> None:
    """Delete a project and its indicators, each recorded in the history."""
    for ind in project.indicators.all():
        delete_row(ind, user, reason)
    delete_row(project, user, reason)


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
            setattr(project, key, clean_text(data[key]))
    written = dict(project.written)
    for key, wkey in _PROJECT_MONEY.items():
        if key in data:
            value = parse_decimal(data[key], _PROJECT_LABEL[key])
            setattr(project, key, value)
            if value is None:
                written.pop(wkey, None)
            else:
                written[wkey] = decimal_text(value)
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


def update_project(
    project: Project, data: Mapping[str, Any], *, user: AnyUser, expected_version: int | None
) -> Project:
    """Change project fields: code, name, purpose, budget_total/fiscal/other (Decimal or
    text as typed), spending_plan (list of {month, percent}), goals (list of text)."""
    with editing(project.plan, user=user, expected_version=expected_version):
        _apply_project(project, data)
        save_row(project, user, "修改")
    return project


def add_project(
    plan: Plan,
    data: Mapping[str, Any] | None = None,
    *,
    user: AnyUser,
    expected_version: int | None,
) -> Project:
    """Append a project (fields as in ``update_project``; all optional)."""
    with editing(plan, user=user, expected_version=expected_version):
        last = plan.projects.order_by("-position").values_list("position", flat=True).first()
        project = Project(plan=plan, position=0 if last is None else last + 1)
        _apply_project(project, data or {})
        save_row(project, user, "新增")
    return project


def delete_project(project: Project, *, user: AnyUser, expected_version: int | None) -> None:
    plan = project.plan
    with editing(plan, user=user, expected_version=expected_version):
        delete_project_rows(project, user, "删除")
        _renumber(list(plan.projects.order_by("position", "id")), user)


# --- indicators --------------------------------------------------------------------------

_INDICATOR_TEXT = ("level1", "level2", "name", "description", "target", "basis")


def _apply_indicator(indicator: Indicator, data: Mapping[str, Any]) -> None:
    unknown = set(data) - {*_INDICATOR_TEXT, "points"}
    if unknown:
        raise ServiceError(f"不能修改字段：{', '.join(sorted(unknown))}")
    for key in _INDICATOR_TEXT:
        if key in data:
            setattr(indicator, key, clean_text(data[key]))
    if "points" in data:
        indicator.points = parse_decimal(data["points"], "分值")
        indicator.written = (
            {} if indicator.points is None else {"points": decimal_text(indicator.points)}
        )


def update_indicator(
    indicator: Indicator,
    data: Mapping[str, Any],
    *,
    user: AnyUser,
    expected_version: int | None,
) -> Indicator:
    """Change indicator fields (level1, level2, name, description, target as published,
    basis, points); text is stripped, blank means absent."""
    with editing(indicator.project.plan, user=user, expected_version=expected_version):
        _apply_indicator(indicator, data)
        save_row(indicator, user, "修改")
    return indicator


def add_indicator(
    project: Project,
    data: Mapping[str, Any] | None = None,
    *,
    user: AnyUser,
    expected_version: int | None,
    position: int | None = None,
) -> Indicator:
    """Insert an indicator at ``position`` (0-based; default: at the end)."""
    with editing(project.plan, user=user, expected_version=expected_version):
        rows = list(project.indicators.order_by("position", "id"))
        indicator = Indicator(project=project)
        _apply_indicator(indicator, data or {})
        at = len(rows) if position is None else max(0, min(position, len(rows)))
        rows.insert(at, indicator)
        indicator.position = at
        save_row(indicator, user, "新增")
        _renumber(rows, user)
    return indicator


def delete_indicator(indicator: Indicator, *, user: AnyUser, expected_version: int | None) -> None:
    project = indicator.project
    with editing(project.plan, user=user, expected_version=expected_version):
        delete_row(indicator, user, "删除")
        _renumber(list(project.indicators.order_by("position", "id")), user)


def move_indicator(
    indicator: Indicator,
    to: int | Literal["up", "down"],
    *,
    user: AnyUser,
    expected_version: int | None,
) -> Indicator:
    """Move ``indicator`` to position ``to`` (0-based, clamped) or one row "up"/"down"."""
    project = indicator.project
    with editing(project.plan, user=user, expected_version=expected_version):
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
    return indicator


def reorder_indicators(
    project: Project, ordered_ids: Sequence[int], *, user: AnyUser, expected_version: int | None
) -> None:
    """Put the project's indicators in the order of ``ordered_ids`` (all of them, once)."""
    with editing(project.plan, user=user, expected_version=expected_version):
        rows = {r.pk: r for r in project.indicators.all()}
        if sorted(ordered_ids) != sorted(rows):
            raise ServiceError("指标顺序与当前指标不一致，请刷新后重试")
        _renumber([rows[i] for i in ordered_ids], user)


def _renumber(rows: Sequence[Project | Indicator], user: AnyUser = None) -> None:
    for position, row in enumerate(rows):
        if row.position != position or row.pk is None:
            row.position = position
            save_row(row, user, "调整顺序")
