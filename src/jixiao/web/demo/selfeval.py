"""Demo self-evaluations: the demo year's approved plans, scored at year end.

Every project of an approved plan gets a self-evaluation, filled and moved through the
same services as people would (start, row edits, transitions, 整改): a third complete and
approved, a third with a 复核 departure (the unit claims full points for a shortfall)
waiting for the finance bureau, a third short of its targets and graded low, one of them
with a 整改 item open. Idempotent: nothing happens once the region has any.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import User

from jixiao.core.money import plain_decimal
from jixiao.core.values import parse_value
from jixiao.core.workflow import State
from jixiao.web.orgs.models import Region
from jixiao.web.plans.models import Plan
from jixiao.web.rectification.services.items import open_item
from jixiao.web.selfeval.models import SelfEvaluation
from jixiao.web.selfeval.services import editing
from jixiao.web.selfeval.services.transitions import transition

__all__ = ["demo_selfevals"]

REASON = "受资金拨付进度影响，部分任务延至次年实施；已调整实施计划，次年一季度完成。"


def _met(target: str) -> str:
    """An actual that meets ``target`` (the published way of writing it)."""
    v = parse_value(target)
    if v.kind == "quantity" and v.number is not None:
        return f"{plain_decimal(v.number)}{v.unit or ''}"
    if v.kind == "deadline":
        return "按期完成"
    return "达成年度指标"


def _short(target: str, share: Decimal) -> str:
    """An actual at ``share`` of a quantity target, or a qualitative one graded below."""
    v = parse_value(target)
    if v.kind == "quantity" and v.number is not None and v.op not in ("≤", "<"):
        n = (v.number * share).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return f"{plain_decimal(n)}{v.unit or ''}"
    if v.kind == "quantity":
        return _met(target)
    if share < Decimal("0.6"):
        return "未达成年度指标且效果较差"
    return "部分达成年度指标并具有一定效果"


def _fill(ev: SelfEvaluation, editor: User, kind: int) -> None:
    rows = list(ev.rows.order_by("position", "id"))
    for i, row in enumerate(rows):
        short = (kind == 1 and i == 0) or (kind == 2 and i % 3 != 2)
        share = Decimal("0.85") if kind == 1 else Decimal("0.4")
        data = {"actual": _short(row.target, share) if short else _met(row.target)}
        if short:
            data["reason"] = REASON
        if kind == 1 and i == 0 and row.points is not None:
            data["score"] = str(row.points)  # claims full points: a departure for 复核
        ev.refresh_from_db()
        editing.edit_row(row, data, user=editor, expected_version=ev.version)
    budget = ev.funds_annual or Decimal(0)
    rate = Decimal("0.97") if kind == 0 else Decimal("0.62") if kind == 2 else Decimal("0.9")
    ev.refresh_from_db()
    editing.edit_funds(
        ev,
        {
            "funds_executed": str((budget * rate).quantize(Decimal("0.01"))),
            "goal_actual": "见各指标",
        },
        user=editor,
        expected_version=ev.version,
    )


def _editor_of(plan: Plan) -> User:
    return User.objects.get(membership__unit=plan.unit, membership__role="unit_editor")


def demo_selfevals(region: Region, *, supervisor: dict[int, User], finance: User) -> int:
    """Self-evaluations of the region's approved plans; returns how many were created."""
    if SelfEvaluation.objects.filter(unit__region=region).exists():
        return 0
    plans = Plan.objects.filter(
        unit__region=region, status=State.APPROVED, superseded_at__isnull=True
    ).select_related("unit")
    created = 0
    opened = False
    for plan in plans.order_by("unit__code"):
        editor = _editor_of(plan)
        for k, project in enumerate(plan.projects.order_by("position", "id")):
            kind = k % 3
            ev = editing.start(project, user=editor)
            _fill(ev, editor, kind)
            transition(ev, "submit", user=editor)
            if plan.unit.parent_id is not None:
                transition(ev, "supervisor_approve", user=supervisor[plan.unit.parent_id])
            if kind != 1:
                transition(ev, "finance_approve", user=finance)
            if kind == 2 and not opened and ev.grade in ("中", "差"):
                open_item(
                    project,
                    source=f"自评等级：{ev.grade}",
                    requirement="多项指标未完成、预算执行率偏低：请分析原因，提出整改措施并报送整改情况。",
                    deadline=date(plan.year + 1, 6, 30),
                    user=finance,
                )
                opened = True
            created += 1
    return created
