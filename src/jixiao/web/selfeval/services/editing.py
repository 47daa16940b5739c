"""Starting a self-evaluation from the approved targets, and the unit's edits.

Every function runs inside ``audit.editing`` (lock, stale check, recorded changes,
refreshed scores) except ``start``, which creates the record and its first change.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from jixiao.core import workflow as wf
from jixiao.core.scoring import load_policy
from jixiao.core.scoring.allocation import allocate_points
from jixiao.web.plans.models import Project
from jixiao.web.plans.services.audit import (
    AnyUser,
    ServiceError,
    acting_user,
    clean_text,
    parse_decimal,
)
from jixiao.web.selfeval.models import Change, EvalRow, RegionPolicy, SelfEvaluation
from jixiao.web.selfeval.services.audit import editing, record
from jixiao.web.selfeval.services.funds import actual_funds
from jixiao.web.selfeval.services.scoring import refresh

__all__ = ["ROW_FIELDS", "edit_funds", "edit_row", "region_policy", "start"]

#: What the unit types per row (the rest is copied from the approved targets).
ROW_FIELDS = ("actual", "score", "reason")
FUNDS_FIELDS = ("funds_executed", "execution_score", "goal_actual")


def region_policy(project: Project) -> dict[str, Any] | None:
    """The region's policy overrides, or None for the built-in ``mof-2020``."""
    rp = RegionPolicy.objects.filter(region_id=project.plan.unit.region_id).first()
    return dict(rp.overrides) if rp is not None and rp.overrides else None


@transaction.atomic
def start(project: Project, *, user: AnyUser) -> SelfEvaluation:
    """The self-evaluation of ``project``, prefilled from its approved targets.

    Refused unless the plan is approved and in force (the current targets); an existing
    self-evaluation of the project is returned as is.
    """
    existing = SelfEvaluation.objects.filter(project=project).first()
    if existing is not None:
        return existing
    plan = project.plan
    if plan.status != wf.State.APPROVED or plan.superseded_at is not None:
        raise ServiceError("只能对已批复且现行的绩效目标开展自评")
    overrides = region_policy(project)
    policy = load_policy(overrides)
    indicators = list(project.indicators.order_by("position", "id"))
    allocated = allocate_points([i.level1 for i in indicators], policy)
    given = [i.points for i in indicators]
    # The targets' own points when the plan gave every row one; else the policy's split.
    use_given = bool(given) and all(p is not None for p in given)
    funds = actual_funds(project)
    goals = project.goals if isinstance(project.goals, list) else []
    ev = SelfEvaluation.objects.create(
        unit=plan.unit,
        project=project,
        year=plan.year,
        policy=overrides,
        funds_initial=funds.initial,
        funds_annual=funds.annual,
        funds_executed=funds.executed,
        execution_points=policy.execution_points,
        goal="；".join(str(g) for g in goals if g),
        updated_by=acting_user(user),
    )
    EvalRow.objects.bulk_create(
        EvalRow(
            evaluation=ev,
            indicator=ind,
            position=n,
            level1=ind.level1 or "",
            level2=ind.level2 or "",
            name=ind.name or "",
            target=ind.target or "",
            points=ind.points if use_given else allocated[n],
        )
        for n, ind in enumerate(indicators)
    )
    Change.objects.create(
        evaluation=ev,
        field="created",
        label="开始自评",
        new=f"{plan}（第{plan.version_no}版）",
        user=acting_user(user),
    )
    refresh(ev)
    return ev


def _score(value: Any, label: str) -> Decimal | None:
    d = parse_decimal(value, label)
    if d is not None and d < 0:
        raise ServiceError(f"{label}不能为负数")
    return d


def edit_row(
    row: EvalRow, data: dict[str, Any], *, user: AnyUser, expected_version: int | None
) -> None:
    """The unit's 实际完成值, 得分 and 未完成原因及改进措施 of one row."""
    ev = row.evaluation
    changes: dict[str, Any] = {}
    if "actual" in data:
        changes["actual"] = clean_text(data["actual"]) or ""
    if "score" in data:
        changes["score"] = _score(data["score"], f"第{row.position + 1}行得分")
        if (
            changes["score"] is not None
            and row.points is not None
            and changes["score"] > row.points
        ):
            raise ServiceError(f"第{row.position + 1}行得分不能超过分值 {row.points.normalize():f}")
    if "reason" in data:
        changes["reason"] = clean_text(data["reason"]) or ""
    with editing(ev, user=user, expected_version=expected_version):
        row.refresh_from_db()
        record(ev, row, changes, user)


def edit_funds(
    ev: SelfEvaluation, data: dict[str, Any], *, user: AnyUser, expected_version: int | None
) -> None:
    """全年执行数, the unit's 预算执行率得分 and 总体目标完成情况."""
    changes: dict[str, Any] = {}
    if "funds_executed" in data:
        changes["funds_executed"] = _score(data["funds_executed"], "全年执行数")
    if "execution_score" in data:
        changes["execution_score"] = _score(data["execution_score"], "预算执行率得分")
    if "goal_actual" in data:
        changes["goal_actual"] = clean_text(data["goal_actual"]) or ""
    with editing(ev, user=user, expected_version=expected_version):
        record(ev, ev, changes, user)
