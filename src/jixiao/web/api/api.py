"""The REST API: read plans and findings, import a document; token auth only.

Permission rules are the pages' (``orgs.permissions``): a plan outside the caller's
units is 404, a visible plan the caller may not change is 403. OpenAPI at
``/api/openapi.json``, interactive docs at ``/api/docs``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from ninja import File, Form, NinjaAPI, Query, Schema, Status
from ninja.files import UploadedFile

from jixiao.core import workflow as wf
from jixiao.core.findings import ReadError
from jixiao.web.api.auth import BearerToken
from jixiao.web.api.schemas import (
    CommentIn,
    CommentOut,
    ErrorOut,
    FindingsOut,
    ImportOut,
    PlanOut,
    PlanStateOut,
    PlanSummary,
    ReadIn,
    ReadOut,
    TodoOut,
    TransitionIn,
    TransitionOut,
    UnitOut,
)
from jixiao.web.orgs.models import Unit, display_name
from jixiao.web.orgs.permissions import (
    can_import_for_unit,
    get_plan_for_user,
    plans_for_user,
    units_for_user,
)
from jixiao.web.plans import importing, services, workflow
from jixiao.web.plans.convert import plain_decimal, plan_to_core
from jixiao.web.plans.models import Indicator, Notification, Plan, ReviewComment, Transition

if TYPE_CHECKING:
    from django.contrib.auth.models import User

api = NinjaAPI(
    title="jixiao API",
    version="1",
    description=(
        "绩效目标：读取计划与审核结果、导入文件、提交/审核/退回/批复与调整、审核意见、待办。"
        "认证：`Authorization: Bearer <令牌>`。"
    ),
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
            "version_no": p.version_no,
            "is_current": p.is_current,
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
        "version_no": plan.version_no,
        "is_current": plan.is_current,
        "previous_id": plan.previous_id,
        "actions": [a.value for a in workflow.available_actions(request.user, plan)],
        "document": _jsonable(plan_to_core(plan).to_dict(parsed=True)),
    }


@api.get("/plans/{int:plan_id}/findings", response=FindingsOut, summary="审核结果")
def get_findings(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = get_plan_for_user(request.user, plan_id)
    findings = services.refresh_findings(plan)
    return {"findings": [_jsonable(f.to_dict()) for f in findings]}


# --- workflow ----------------------------------------------------------------------------------


def _transition(t: Transition) -> dict[str, Any]:
    try:
        label = wf.ACTION_LABELS[wf.Action(t.action)]
    except ValueError:
        label = t.action
    return {
        "id": t.pk,
        "action": t.action,
        "action_label": label,
        "from_state": t.from_state,
        "to_state": t.to_state,
        "user": display_name(t.user),
        "at": t.at,
        "comment": t.comment,
    }


def _state(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    return {
        "plan_id": plan.pk,
        "status": plan.status,
        "status_label": plan.get_status_display(),
        "version": plan.version,
        "version_no": plan.version_no,
        "is_current": plan.is_current,
        "actions": [a.value for a in workflow.available_actions(request.user, plan)],
    }


@api.get(
    "/plans/{int:plan_id}/transitions",
    response={200: list[TransitionOut], 404: ErrorOut},
    summary="流转记录（提交、审核、退回、批复、调整）",
)
def list_transitions(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    plan = get_plan_for_user(request.user, plan_id)
    return [_transition(t) for t in plan.transitions.select_related("user").order_by("at", "id")]


@api.post(
    "/plans/{int:plan_id}/transitions",
    response={200: PlanStateOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="执行流转操作（无权或当前状态不允许：403；计划已被修改：409）",
)
def create_transition(
    request: HttpRequest, plan_id: int, payload: TransitionIn
) -> Status[dict[str, Any]]:
    """Apply ``action`` as the caller. The answer is the plan's new state and the actions
    the caller may take next; for ``adjust`` it is the new adjustment version (a draft)."""
    plan = get_plan_for_user(request.user, plan_id)
    try:
        after = workflow.transition(
            plan,
            payload.action,
            user=request.user,
            comment=payload.comment,
            expected_version=payload.expected_version,
        )
    except wf.TransitionError as exc:
        return Status(403, {"detail": str(exc)})
    except services.StaleEditError as exc:
        return Status(409, {"detail": exc.message})
    except services.ServiceError as exc:
        return Status(422, {"detail": exc.message})
    return Status(200, _state(request, after))


def _comment(c: ReviewComment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "subject": c.subject,
        "project_id": c.project_id,
        "indicator_id": c.indicator_id,
        "transition_id": c.transition_id,
        "author": display_name(c.author),
        "text": c.text,
        "created_at": c.created_at,
    }


@api.get(
    "/plans/{int:plan_id}/comments",
    response={200: list[CommentOut], 404: ErrorOut},
    summary="审核意见",
)
def list_comments(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    plan = get_plan_for_user(request.user, plan_id)
    return [
        _comment(c) for c in plan.comments.select_related("author").order_by("created_at", "id")
    ]


@api.post(
    "/plans/{int:plan_id}/comments",
    response={201: CommentOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="提出审核意见（审核人员）或答复（本单位），可针对项目或指标",
)
def create_comment(
    request: HttpRequest, plan_id: int, payload: CommentIn
) -> Status[dict[str, Any]]:
    plan = get_plan_for_user(request.user, plan_id)
    project = indicator = None
    if payload.indicator_id is not None:
        indicator = (
            Indicator.objects.select_related("project")
            .filter(pk=payload.indicator_id, project__plan=plan)
            .first()
        )
        if indicator is None:
            return Status(404, {"detail": "指标不存在或不属于此计划"})
    if payload.project_id is not None:
        project = plan.projects.filter(pk=payload.project_id).first()
        if project is None:
            return Status(404, {"detail": "项目不存在或不属于此计划"})
    try:
        comment = workflow.add_comment(
            plan, payload.text, user=request.user, project=project, indicator=indicator
        )
    except wf.TransitionError as exc:
        return Status(403, {"detail": str(exc)})
    except services.ServiceError as exc:
        return Status(422, {"detail": exc.message})
    return Status(201, _comment(comment))


#: Unread notifications returned by /api/todo at most (newest first).
TODO_NOTIFICATIONS = 200


@api.get("/todo", response=TodoOut, summary="待办事项与未读通知")
def get_todo(request: HttpRequest) -> dict[str, Any]:
    items = workflow.todo_for(request.user)
    unread = Notification.objects.filter(
        user=cast("User", request.user), read_at__isnull=True
    )  # the token's user
    return {
        "items": [
            {
                "kind": i.kind,
                "plan_id": i.plan.pk if i.plan else None,
                "text": i.text,
                "due": i.due,
                "overdue": i.overdue,
            }
            for i in items
        ],
        "notifications": [
            {
                "id": n.pk,
                "kind": n.kind,
                "plan_id": n.plan_id,
                "message": n.message,
                "created_at": n.created_at,
            }
            for n in unread[:TODO_NOTIFICATIONS]
        ],
        "unread_count": unread.count(),
    }


@api.post("/notifications/read", response=ReadOut, summary="把通知标为已读")
def read_notifications(request: HttpRequest, payload: ReadIn) -> dict[str, Any]:
    """Only the caller's own notifications are touched; other users' ids are ignored."""
    marked = workflow.mark_read(request.user, payload.ids)
    return {"marked": marked, "unread_count": workflow.unread_count(request.user)}


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
