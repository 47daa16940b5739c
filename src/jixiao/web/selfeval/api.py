"""The self-evaluation API (a Ninja router mounted by ``jixiao.web.api``).

The pages' permission rules (``selfeval.access``): outside the caller's units 404, visible
but not writable 403. Scores are the core's, the same JSON as ``jixiao score --format json``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from jixiao.core import workflow as wf
from jixiao.web.common.api import MAX_ID, STORABLE_TEXT, ErrorOut, fail, jsonable
from jixiao.web.orgs.api import unit_dict
from jixiao.web.plans.services.audit import ServiceError, StaleEditError
from jixiao.web.selfeval.access import get_row_for_user, get_selfeval_for_user
from jixiao.web.selfeval.models import SelfEvaluation
from jixiao.web.selfeval.services import editing
from jixiao.web.selfeval.services.results import county_results
from jixiao.web.selfeval.services.scoring import scored
from jixiao.web.selfeval.services.transitions import available_actions, transition

__all__ = ["router"]

router = Router(tags=["绩效自评"])


class SelfEvalFilter(Schema):
    year: int | None = None
    unit: int | None = None


class SelfEvalSummary(Schema):
    id: int
    unit: dict[str, Any]
    year: int
    project_id: int
    project: str
    status: str
    total: str | None
    grade: str | None
    claimed_total: str | None
    departures: int


class SelfEvalOut(Schema):
    id: int
    unit: dict[str, Any]
    year: int
    status: str
    version: int
    actions: list[str]
    rows: list[dict[str, Any]]
    document: dict[str, Any]
    scores: dict[str, Any]
    claimed_total: str | None
    blocking: list[dict[str, Any]]


class RowIn(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"actual": "735", "expected_version": 1}},
    )

    actual: str | None = Field(None, max_length=300, pattern=STORABLE_TEXT)
    score: str | None = Field(None, max_length=20, pattern=STORABLE_TEXT)
    reason: str | None = Field(None, max_length=2000, pattern=STORABLE_TEXT)
    expected_version: int | None = Field(None, ge=1, le=MAX_ID)


class SelfEvalTransitionIn(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"action": "submit", "comment": "", "expected_version": 1}},
    )

    action: str = Field(max_length=40, pattern=STORABLE_TEXT)
    comment: str = Field("", max_length=2000, pattern=STORABLE_TEXT)
    expected_version: int | None = Field(None, ge=1, le=MAX_ID)


class ResultsOut(Schema):
    year: int | None
    grades: list[str]
    by_department: dict[str, dict[str, int]]
    by_unit: dict[str, dict[str, int]]
    low: list[int]


def _dec(d: Any) -> str | None:
    return None if d is None else str(jsonable(d))


def _summary(ev: SelfEvaluation) -> dict[str, Any]:
    return {
        "id": ev.pk,
        "unit": unit_dict(ev.unit),
        "year": ev.year,
        "project_id": ev.project_id,
        "project": str(ev.project),
        "status": ev.status,
        "total": _dec(ev.total),
        "grade": ev.grade or None,
        "claimed_total": _dec(ev.claimed_total),
        "departures": ev.departures,
    }


@router.get("/selfevals", response=list[SelfEvalSummary], summary="可见的绩效自评")
def list_selfevals(request: HttpRequest, filters: Query[SelfEvalFilter]) -> list[dict[str, Any]]:
    qs = SelfEvaluation.objects.visible_to(request.user).select_related("unit", "project")
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    return [_summary(ev) for ev in qs]


def _detail(request: HttpRequest, ev: SelfEvaluation) -> dict[str, Any]:
    rows = list(ev.rows.order_by("position", "id"))
    result = scored(ev, rows)
    return {
        "id": ev.pk,
        "unit": unit_dict(ev.unit),
        "year": ev.year,
        "status": ev.status,
        "version": ev.version,
        "actions": [a.value for a in available_actions(request.user, ev)],
        "rows": [{"id": r.pk, "position": r.position + 1} for r in rows],
        "document": jsonable(result.doc.to_dict()),
        "scores": jsonable(result.report.to_dict()),
        "claimed_total": _dec(result.claimed),
        "blocking": [jsonable(f.to_dict()) for f in result.blocking],
    }


@router.get(
    "/selfevals/{int:selfeval_id}",
    response={200: SelfEvalOut, 404: ErrorOut},
    summary="一份自评：文档（jixiao.selfeval/1）与按规则的得分、复核意见",
)
def get_selfeval(request: HttpRequest, selfeval_id: int) -> dict[str, Any]:
    return _detail(request, get_selfeval_for_user(request.user, selfeval_id))


@router.post(
    "/selfevals/{int:selfeval_id}/rows/{int:row_id}",
    response={200: SelfEvalOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="填写一行：实际完成值、得分、未完成原因及改进措施（只改所给的字段）",
)
def update_row(
    request: HttpRequest, selfeval_id: int, row_id: int, payload: RowIn
) -> Status[dict[str, Any]]:
    row = get_row_for_user(request.user, selfeval_id, row_id, write=True)
    data = payload.dict(exclude_unset=True)
    expected = data.pop("expected_version", None)
    try:
        editing.edit_row(row, data, user=request.user, expected_version=expected)
    except StaleEditError as exc:
        return fail(409, exc.message, "stale")
    except ServiceError as exc:
        return fail(422, exc.message)
    ev = row.evaluation
    ev.refresh_from_db()
    return Status(200, _detail(request, ev))


@router.post(
    "/selfevals/{int:selfeval_id}/transitions",
    response={200: SelfEvalOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="提交、审核、退回、复核通过（无权或当前状态不允许：403）",
)
def create_selfeval_transition(
    request: HttpRequest, selfeval_id: int, payload: SelfEvalTransitionIn
) -> Status[dict[str, Any]]:
    ev = get_selfeval_for_user(request.user, selfeval_id)
    try:
        transition(
            ev,
            payload.action,
            user=request.user,
            comment=payload.comment,
            expected_version=payload.expected_version,
        )
    except wf.TransitionError as exc:
        return fail(403, str(exc))
    except StaleEditError as exc:
        return fail(409, exc.message, "stale")
    except ServiceError as exc:
        return fail(422, exc.message)
    return Status(200, _detail(request, ev))


@router.get("/selfeval-results", response=ResultsOut, summary="评价结果：各部门、各单位的等级")
def get_results(request: HttpRequest, year: int | None = None) -> dict[str, Any]:
    res = county_results(request.user, year)
    return {
        "year": res.year,
        "grades": res.grades,
        "by_department": {k: dict(v) for k, v in res.by_department.items()},
        "by_unit": {k: dict(v) for k, v in res.by_unit.items()},
        "low": [ev.pk for ev in res.low],
    }
