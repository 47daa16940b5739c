"""The monitoring API (a Ninja router mounted by ``jixiao.web.api``): rounds, their
results as ``jixiao.monitor/1``, ledger upload, progress, transitions.

Permissions are the pages' (``monitoring.access``): a round outside the caller's units
is 404; one the caller may see but not fill in is 403. Writes go through the same
services as the pages, so the core's rules (all-or-nothing ledgers, M4/M5/M11 on
progress, no submission with errors) hold here too.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from jixiao.core import workflow as wf
from jixiao.core.findings import ReadError
from jixiao.core.monitoring import LedgerError
from jixiao.web.common.api import MAX_ID, STORABLE_TEXT, ErrorOut, fail
from jixiao.web.monitoring.access import get_round_for_user
from jixiao.web.monitoring.models import MonitoringRound
from jixiao.web.monitoring.services.ledger import confirm_ledger, upload_ledger
from jixiao.web.monitoring.services.progress import ProgressInput, save_progress
from jixiao.web.monitoring.services.results import round_report
from jixiao.web.monitoring.services.rounds import available_round_actions, transition_round
from jixiao.web.orgs.access import get_visible_or_404
from jixiao.web.plans.services.audit import ServiceError, StaleEditError
from jixiao.web.plans.services.importing import max_upload_bytes

__all__ = ["router"]

router = Router(tags=["运行监控"])

STALE = "stale"


class RoundFilter(Schema):
    year: int | None = None
    unit: int | None = None
    # A calendar date as written (YYYY-MM-DD); pydantic's lax date would take "0".
    as_of: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")


class RoundOut(Schema):
    id: int
    plan_id: int
    unit: str
    year: int
    as_of: date
    due: date | None
    status: str
    version: int
    lamps: dict[str, int]
    key: int
    errors: int
    actions: list[str] = []


class ResultOut(Schema):
    round: RoundOut
    report: dict[str, Any]


class LedgerOut(Schema):
    ledger_id: int
    rows: int
    payments: int
    duplicates: int
    totals: list[dict[str, Any]]


#: A decimal as typed (fits the columns: 12 integer digits, 6 places).
DECIMAL = r"^-?\d{1,12}(\.\d{1,6})?$"
Likelihood = Literal["", "确定能", "有可能", "不可能", "完全不可能"]


class ProgressRowIn(Schema):
    project_id: int | None = Field(None, ge=1, le=MAX_ID)  # null: the department's promises
    index: int = Field(ge=0, le=10_000)  # 1-based indicator position; 0: the budget line
    current: str = Field("", max_length=300, pattern=STORABLE_TEXT)
    projected: str = Field("", max_length=300, pattern=STORABLE_TEXT)
    likelihood: Likelihood = ""
    deviation_category: str = Field("", max_length=50, pattern=STORABLE_TEXT)
    deviation_reason: str = Field("", max_length=2000, pattern=STORABLE_TEXT)
    corrective_measure: str = Field("", max_length=2000, pattern=STORABLE_TEXT)
    projected_executed: str | None = Field(None, pattern=DECIMAL)
    adjusted_budget: str | None = Field(None, pattern=DECIMAL)
    executed: str | None = Field(None, pattern=DECIMAL)


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


class ProgressIn(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "expected_version": 1,
                "rows": [{"project_id": 1, "index": 1, "current": "20", "likelihood": "确定能"}],
            }
        },
    )

    expected_version: int | None = Field(None, ge=1, le=MAX_ID)
    rows: list[ProgressRowIn]


class RoundTransitionIn(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"action": "submit", "comment": "", "expected_version": 1}},
    )

    action: str = Field(max_length=40, pattern=STORABLE_TEXT)
    comment: str = Field("", max_length=2000, pattern=STORABLE_TEXT)
    expected_version: int | None = Field(None, ge=1, le=MAX_ID)


def _round(request: HttpRequest, r: MonitoringRound) -> dict[str, Any]:
    return {
        "id": r.pk, "plan_id": r.plan_id, "unit": r.plan.unit.name, "year": r.plan.year,
        "as_of": r.as_of, "due": r.due, "status": r.status, "version": r.version,
        "lamps": {"red": r.red, "yellow": r.yellow, "green": r.green},
        "key": r.key_count, "errors": r.error_count,
        "actions": [a.value for a in available_round_actions(request.user, r)],
    }  # fmt: skip


@router.get("/monitoring/rounds", response=list[RoundOut], summary="可见的监控轮次")
def list_rounds(request: HttpRequest, filters: Query[RoundFilter]) -> list[dict[str, Any]]:
    qs = MonitoringRound.objects.visible_to(request.user).select_related("plan", "plan__unit")
    if filters.year is not None:
        qs = qs.filter(plan__year=filters.year)
    if filters.unit is not None:
        qs = qs.filter(plan__unit_id=filters.unit)
    if filters.as_of is not None:
        try:
            qs = qs.filter(as_of=date.fromisoformat(filters.as_of))
        except ValueError:
            return []
    return [_round(request, r) for r in qs.order_by("-as_of", "plan__unit__name")[:1000]]


@router.get(
    "/monitoring/rounds/{int:round_id}",
    response={200: ResultOut, 404: ErrorOut},
    summary="监控结果（jixiao.monitor/1）",
)
def get_round_result(request: HttpRequest, round_id: int) -> dict[str, Any]:
    rnd = get_round_for_user(request.user, round_id)
    report, _doc = round_report(rnd)
    return {"round": _round(request, rnd), "report": report.to_dict()}


@router.post(
    "/monitoring/rounds/{int:round_id}/ledger",
    response={201: LedgerOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut},
    summary="上传支付明细（全部成功或不做任何修改；替换本轮已导入的支付明细）",
)
def upload_round_ledger(
    request: HttpRequest, round_id: int, file: File[UploadedFile | None] = None
) -> Status[dict[str, Any]]:
    # The round is checked before the file: an outsider learns nothing (404) either way.
    rnd = get_round_for_user(request.user, round_id, write=True)
    if file is None:
        return fail(422, "请上传支付明细文件（file）")
    data = file.read(max_upload_bytes() + 1)
    if len(data) > max_upload_bytes():
        return fail(413, "文件过大")
    try:
        with transaction.atomic():
            entry = upload_ledger(rnd, data, file.name or "ledger.csv", user=request.user)
            confirm_ledger(entry, user=request.user)
    except (LedgerError, ReadError) as exc:
        loc = exc.location.to_dict() if exc.location else None
        return fail(422, exc.message, location=loc)
    except ServiceError as exc:
        return fail(422, exc.message)
    return Status(
        201,
        {"ledger_id": entry.pk, "rows": entry.rows, "payments": entry.payment_count,
         "duplicates": entry.duplicate_count, "totals": entry.summary.get("totals", [])},
    )  # fmt: skip


@router.put(
    "/monitoring/rounds/{int:round_id}/progress",
    response={200: RoundOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="填报指标完成情况与预算执行说明（全部成功或不做任何修改）",
)
def put_progress(request: HttpRequest, round_id: int, payload: ProgressIn) -> Status[Any]:
    rnd = get_round_for_user(request.user, round_id, write=True)
    try:
        with transaction.atomic():
            expected = payload.expected_version
            for n, row in enumerate(payload.rows, 1):
                project = (
                    None
                    if row.project_id is None
                    else get_visible_or_404(
                        rnd.plan.projects.all(), row.project_id, f"第{n}行：项目不存在"
                    )
                )
                values = ProgressInput(
                    current=row.current, projected=row.projected, likelihood=row.likelihood,
                    deviation_category=row.deviation_category,
                    deviation_reason=row.deviation_reason,
                    corrective_measure=row.corrective_measure,
                    projected_executed=_dec(row.projected_executed),
                    adjusted_budget=_dec(row.adjusted_budget), executed=_dec(row.executed),
                )  # fmt: skip
                try:
                    save_progress(rnd, project, row.index, values, user=request.user,
                                  expected_version=expected)  # fmt: skip
                except ServiceError as exc:
                    if isinstance(exc, StaleEditError):
                        raise
                    raise ServiceError(f"第{n}行：{exc.message}") from exc
                expected = None
    except StaleEditError as exc:
        return fail(409, exc.message, STALE)
    except ServiceError as exc:
        # The row is well formed but the round refuses it (M4/M5/M11, an index the
        # project does not have, a submitted round): a conflict with its content.
        return fail(409, exc.message, "refused")
    rnd.refresh_from_db()
    return Status(200, _round(request, rnd))


@router.post(
    "/monitoring/rounds/{int:round_id}/transitions",
    response={200: RoundOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="提交、撤回、审核通过或退回监控轮次（无权：403；有错误或缺少意见：422）",
)
def create_round_transition(
    request: HttpRequest, round_id: int, payload: RoundTransitionIn
) -> Status[Any]:
    rnd = get_round_for_user(request.user, round_id)
    offered = [a.value for a in available_round_actions(request.user, rnd)]
    if payload.action not in offered:
        return fail(403, "当前状态下您无权执行此操作")
    try:
        after = transition_round(rnd, payload.action, user=request.user,
                                 comment=payload.comment,
                                 expected_version=payload.expected_version)  # fmt: skip
    except StaleEditError as exc:
        return fail(409, exc.message, STALE)
    except (wf.TransitionError, ServiceError) as exc:
        return fail(422, str(exc))
    return Status(200, _round(request, after))
