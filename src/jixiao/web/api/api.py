"""The REST API: read plans and findings, import a document; token auth only.

Permission rules are the pages' (``orgs.permissions``): a plan outside the caller's
units is 404, a visible plan the caller may not change is 403. OpenAPI at
``/api/openapi.json``, interactive docs at ``/api/docs``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from ninja import File, Form, NinjaAPI, Query, Schema, Status
from ninja.files import UploadedFile

from jixiao.core.findings import ReadError
from jixiao.web.api.auth import BearerToken
from jixiao.web.api.schemas import (
    ErrorOut,
    FindingsOut,
    ImportOut,
    PlanOut,
    PlanSummary,
    UnitOut,
)
from jixiao.web.orgs.models import Unit
from jixiao.web.orgs.permissions import (
    can_import_for_unit,
    get_plan_for_user,
    plans_for_user,
    units_for_user,
)
from jixiao.web.plans import importing, services
from jixiao.web.plans.convert import plain_decimal, plan_to_core

api = NinjaAPI(
    title="jixiao API",
    version="1",
    description="绩效目标：读取计划与审核结果、导入文件。认证：`Authorization: Bearer <令牌>`。",
    auth=BearerToken(),
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "无权操作"}, status=403)


def _unit(u: Unit) -> dict[str, Any]:
    return {"id": u.pk, "code": u.code, "name": u.name, "kind": u.kind, "parent_id": u.parent_id}


class PlanFilter(Schema):
    year: int | None = None
    unit: int | None = None


@api.get("/units", response=list[UnitOut], summary="可见的单位")
def list_units(request: HttpRequest) -> list[dict[str, Any]]:
    return [_unit(u) for u in units_for_user(request.user).order_by("code", "name")]


@api.get("/plans", response=list[PlanSummary], summary="可见的绩效目标")
def list_plans(request: HttpRequest, filters: Query[PlanFilter]) -> list[dict[str, Any]]:
    qs = plans_for_user(request.user).current().select_related("unit")
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    qs = qs.annotate(total=Sum("projects__budget_total"), n=Count("projects")).order_by(
        "-year", "unit__code", "unit__name"
    )
    return [
        {
            "id": p.pk,
            "unit": _unit(p.unit),
            "year": p.year,
            "status": p.status,
            "version": p.version,
            "money_unit": p.money_unit,
            "budget_total": None if p.total is None else str(plain_decimal(Decimal(p.total))),  # type: ignore[attr-defined]
            "project_count": p.n,  # type: ignore[attr-defined]
            "error_count": p.error_count,
            "warning_count": p.warning_count,
            "updated_at": p.updated_at,
        }
        for p in qs
    ]


@api.get("/plans/{int:plan_id}", response=PlanOut, summary="一份绩效目标（format.md 文档）")
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = get_plan_for_user(request.user, plan_id)
    return {
        "id": plan.pk,
        "unit": _unit(plan.unit),
        "year": plan.year,
        "status": plan.status,
        "version": plan.version,
        "document": _jsonable(plan_to_core(plan).to_dict(parsed=True)),
    }


@api.get("/plans/{int:plan_id}/findings", response=FindingsOut, summary="审核结果")
def get_findings(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = get_plan_for_user(request.user, plan_id)
    findings = services.refresh_findings(plan)
    return {"findings": [_jsonable(f.to_dict()) for f in findings]}


@api.post(
    "/plans/import",
    response={
        200: ImportOut,
        201: ImportOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="导入文件（全部成功或不做任何修改）",
)
def import_plan(
    request: HttpRequest,
    unit: Form[int],
    year: Form[int],
    file: File[UploadedFile],
    replace: Form[bool] = False,
) -> Status[dict[str, Any]]:
    """Import a 绩效文本 (.txt/.pdf), plan JSON/YAML or Excel target table for ``unit`` and
    ``year``. An existing plan is replaced only with ``replace=true`` (else 409)."""
    target = units_for_user(request.user).filter(pk=unit).first()
    if target is None:
        return Status(404, {"detail": "单位不存在或无权查看"})
    if not can_import_for_unit(request.user, target):
        return Status(403, {"detail": "无权为此单位导入"})
    if not 1990 <= year <= 2100:
        return Status(422, {"detail": f"年度无效：{year}"})
    data = file.read(importing.max_upload_bytes() + 1)
    try:
        preview = importing.preview_import(target, year, data, file.name or "upload")
    except ReadError as exc:
        loc = exc.location.to_dict() if exc.location else None
        return Status(422, {"detail": exc.message, "location": loc})
    if preview.existing is not None and not replace:
        return Status(
            409, {"detail": f"{target.name} 已有 {year} 年的绩效目标；如需覆盖请传 replace=true"}
        )
    try:
        plan = importing.confirm_import(
            target, year, preview.document, user=request.user,
            expected_version=preview.expected_version,
        )  # fmt: skip
    except services.StaleEditError as exc:
        return Status(409, {"detail": exc.message})
    except services.ServiceError as exc:
        return Status(422, {"detail": exc.message})
    plan.refresh_from_db(fields=["version"])
    return Status(
        201 if preview.existing is None else 200,
        {
            "plan_id": plan.pk,
            "version": plan.version,
            "created": preview.existing is None,
            "warnings": [str(w) for w in preview.warnings],
            "findings": [_jsonable(f.to_dict()) for f in preview.findings],
        },
    )


def _jsonable(value: Any) -> Any:
    """Decimals in unknown fields become strings (format.md: money is a decimal string)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


__all__ = ["api"]
