"""公开: what the finance bureau published, and the only way the public reaches plans.

``public_plans`` is the one query the anonymous pages use: approved plans whose newest
publication record publishes them. Everything public is built from it and from the
published layout (``carried``: what the printed document shows), never from the
review's internals (drafts, comments, findings, history, people).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery

from jixiao.core import workflow as wf
from jixiao.core.documents.carried import carried
from jixiao.core.model import Plan as CorePlan
from jixiao.web.documents.models import Publication, Reply
from jixiao.web.orgs.models import AnyUser, Region, is_superuser
from jixiao.web.plans.access import actor_for
from jixiao.web.plans.models import Plan
from jixiao.web.plans.services.audit import acting_user
from jixiao.web.plans.services.mapping import plan_to_core

__all__ = [
    "PublishResult",
    "can_publish",
    "csv_safe",
    "is_public",
    "newest_versions",
    "open_data_csv",
    "open_data_json",
    "public_document",
    "public_plans",
    "set_published",
]


def can_publish(user: AnyUser, plan: Plan) -> bool:
    """The finance bureau of the plan's region decides what is published."""
    if is_superuser(user):
        return True
    actor = actor_for(user, plan)
    return actor is not None and actor.role is wf.Role.FINANCE_REVIEWER and actor.in_region


def public_plans() -> QuerySet[Plan]:
    """Approved plans whose newest publication record publishes them (all regions)."""
    newest = Publication.objects.filter(plan=OuterRef("pk")).order_by("-at", "-id")
    return (
        Plan.objects.filter(status=wf.State.APPROVED.value, cancelled_at__isnull=True)
        .annotate(public=Subquery(newest.values("published")[:1]))
        .filter(public=True)
        .select_related("unit", "unit__region")
    )


def is_public(plan: Plan) -> bool:
    return public_plans().filter(pk=plan.pk).exists()


def newest_versions(plans: Iterable[Plan]) -> list[Plan]:
    """Of each unit and year, the public version with the highest number (an approved
    adjustment, once published, replaces the original on the public pages)."""
    best: dict[tuple[int, int], Plan] = {}
    for p in plans:
        key = (p.unit_id, p.year)
        if key not in best or p.version_no > best[key].version_no:
            best[key] = p
    return sorted(best.values(), key=lambda p: (p.unit.code, p.unit.name))


@dataclass(frozen=True, slots=True)
class PublishResult:
    plan: Plan
    ok: bool
    message: str


def set_published(plans: Iterable[Plan], publish: bool, *, user: AnyUser) -> list[PublishResult]:
    """Publish (or withdraw) each plan: a record per plan; refused ones say why."""
    results = []
    for plan in plans:
        with transaction.atomic():
            locked = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
            message = _refusal(locked, publish, user)
            if message:
                results.append(PublishResult(locked, False, message))
                continue
            Publication.objects.create(plan=locked, published=publish, user=acting_user(user))
            results.append(PublishResult(locked, True, "已公开" if publish else "已撤回公开"))
    return results


def _refusal(plan: Plan, publish: bool, user: AnyUser) -> str:
    if not can_publish(user, plan):
        return "只有本地区财政部门可以公开绩效目标"
    if publish and (plan.status != wf.State.APPROVED.value or plan.cancelled_at is not None):
        return "只能公开已批复的绩效目标"
    if is_public(plan) == publish:
        return "已是公开状态" if publish else "尚未公开"
    return ""


def public_document(plan: Plan) -> CorePlan:
    """The plan as its published document carries it (no 分值, no internal fields)."""
    return carried(plan_to_core(plan))


def _region_year(region: Region, year: int) -> list[Plan]:
    return newest_versions(public_plans().filter(unit__region=region, year=year))


def _reply_numbers(plans: list[Plan]) -> dict[int, str]:
    rows = Reply.objects.filter(plan__in=plans).order_by("seq")
    return {r.plan_id: r.number for r in rows}


def open_data_json(region: Region, year: int) -> bytes:
    """Every public plan of a region and year: each ``jixiao.plan/1`` as published."""
    plans = _region_year(region, year)
    numbers = _reply_numbers(plans)
    data: dict[str, Any] = {
        "format": "jixiao.public/1",
        "region": region.name,
        "year": year,
        "plans": [
            {
                "unit": {"code": p.unit.code, "name": p.unit.name},
                "version": p.version_no,
                "approved_at": p.approved_at.isoformat() if p.approved_at else None,
                "reply_number": numbers.get(p.pk),
                "plan": public_document(p).to_dict(),
            }
            for p in plans
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")


CSV_HEADER = (
    "地区", "年度", "单位编码", "单位名称", "批复文号", "项目编码", "项目名称", "预算数",
    "财政资金", "其他资金", "一级指标", "二级指标", "三级指标", "指标描述", "指标值",
    "指标值确定依据",
)  # fmt: skip

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """Text as a spreadsheet shows it, never as a formula ("=cmd|…" → "'=cmd|…")."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def open_data_csv(region: Region, year: int) -> bytes:
    """One line per indicator of every public plan (UTF-8 with BOM, for Excel)."""
    plans = _region_year(region, year)
    numbers = _reply_numbers(plans)
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(CSV_HEADER)
    for p in plans:
        doc = public_document(p)
        for proj in doc.projects:
            b = proj.budget
            for ind in proj.indicators:
                row = (
                    region.name, year, p.unit.code, p.unit.name, numbers.get(p.pk, ""),
                    proj.code, proj.name, b.total, b.fiscal, b.other, ind.level1, ind.level2,
                    ind.name, ind.description, ind.target, ind.basis,
                )  # fmt: skip
                w.writerow([csv_safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
