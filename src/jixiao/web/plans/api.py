"""The targets' API: plans, findings, import, transitions, comments, to-do (a Ninja router
mounted by ``jixiao.web.api``).

Permission rules are the pages' (``plans.access``): a plan outside the caller's units is
404, a visible plan the caller may not change is 403. Every write names the plan version
the caller saw (``expected_version``); a plan changed since is 409. Errors are
``ErrorOut`` (docs/api.md); 401, 422, 500 and 503 are declared for every operation by
``jixiao.web.api.errors.declare_errors``.
"""

# ruff: noqa: I002
# No ``from __future__ import annotations``: Ninja reads the parameters of a paginated
# view through its wrapper, whose module cannot resolve this module's names as strings.
from typing import TYPE_CHECKING, Annotated, Any, cast

from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.params import functions as param
from pydantic import BeforeValidator

from jixiao.core import workflow as wf
from jixiao.core.findings import ReadError
from jixiao.web.common.api import MAX_ID, ErrorOut, fail, form_null, jsonable
from jixiao.web.common.middleware import megabytes
from jixiao.web.orgs.api import unit_dict
from jixiao.web.orgs.models import Unit
from jixiao.web.plans.access import can_import_for_unit, get_plan_for_user
from jixiao.web.plans.models import Indicator, Notification, Plan, ReviewComment, Transition
from jixiao.web.plans.review.comments import add_comment
from jixiao.web.plans.review.notifications import mark_read, unread_count
from jixiao.web.plans.review.todo import todo_for
from jixiao.web.plans.review.transitions import available_actions, transition
from jixiao.web.plans.schemas import (
    MAX_YEAR,
    MIN_YEAR,
    CommentIn,
    CommentOut,
    FindingsOut,
    ImportOut,
    PlanFilter,
    PlanOut,
    PlanStateOut,
    PlanSummary,
    ReadIn,
    ReadOut,
    TodoOut,
    TransitionIn,
    TransitionOut,
)
from jixiao.web.plans.services import importing
from jixiao.web.plans.services.audit import ServiceError, StaleEditError
from jixiao.web.plans.services.findings import refresh_findings
from jixiao.web.plans.services.mapping import plan_to_core

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = ["router"]

router = Router(tags=["绩效目标"])

#: A plan's id in the path: Django's ``int`` converter takes the digits (anything else is
#: the JSON 404 of ``api.errors``), this bounds them to what a row can have (else 422).
PLAN_ID = param.Path(..., ge=1, le=MAX_ID, description="计划编号")
STALE = "stale"


@router.get("/plans", response=list[PlanSummary], summary="可见的绩效目标（当前版本，分页）")
@paginate  # the project's bounded pages (settings.NINJA_PAGINATION_CLASS)
def list_plans(request: HttpRequest, filters: Query[PlanFilter]) -> QuerySet[Plan]:
    qs = Plan.objects.visible_to(request.user).current().select_related("unit")
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    return qs.annotate(total=Sum("projects__budget_total"), n=Count("projects")).order_by(
        "-year", "unit__code", "unit__name", "pk"
    )


@router.get(
    "/plans/{int:plan_id}",
    response={200: PlanOut, 404: ErrorOut},
    summary="一份绩效目标（jixiao.plan/1 文档）",
)
def get_plan(request: HttpRequest, plan_id: int = PLAN_ID) -> dict[str, Any]:
    plan = get_plan_for_user(request.user, plan_id)
    return {
        "id": plan.pk,
        "unit": unit_dict(plan.unit),
        "year": plan.year,
        "status": plan.status,
        "version": plan.version,
        "version_no": plan.version_no,
        "is_current": plan.is_current,
        "previous_id": plan.previous_id,
        "actions": [a.value for a in available_actions(request.user, plan)],
        "document": jsonable(plan_to_core(plan).to_dict(parsed=True)),
    }


@router.get(
    "/plans/{int:plan_id}/findings",
    response={200: FindingsOut, 404: ErrorOut},
    summary="审核结果",
)
def get_findings(request: HttpRequest, plan_id: int = PLAN_ID) -> dict[str, Any]:
    plan = get_plan_for_user(request.user, plan_id)
    findings = refresh_findings(plan)
    return {"findings": [jsonable(f.to_dict()) for f in findings]}


# --- workflow ----------------------------------------------------------------------------------


def _state(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    return {
        "plan_id": plan.pk,
        "status": plan.status,
        "status_label": plan.get_status_display(),
        "version": plan.version,
        "version_no": plan.version_no,
        "is_current": plan.is_current,
        "actions": [a.value for a in available_actions(request.user, plan)],
    }


@router.get(
    "/plans/{int:plan_id}/transitions",
    response={200: list[TransitionOut], 404: ErrorOut},
    summary="流转记录（提交、审核、退回、批复、调整；分页）",
)
@paginate
def list_transitions(request: HttpRequest, plan_id: int = PLAN_ID) -> QuerySet[Transition]:
    plan = get_plan_for_user(request.user, plan_id)
    return plan.transitions.select_related("user").order_by("at", "id")


@router.post(
    "/plans/{int:plan_id}/transitions",
    response={200: PlanStateOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="执行流转操作（无权或当前状态不允许：403；计划已被修改：409）",
)
def create_transition(
    request: HttpRequest, payload: TransitionIn, plan_id: int = PLAN_ID
) -> Status[dict[str, Any]]:
    """Apply ``action`` as the caller. The answer is the plan's new state and the actions
    the caller may take next; for ``adjust`` it is the new adjustment version (a draft)."""
    plan = get_plan_for_user(request.user, plan_id)
    try:
        after = transition(
            plan,
            payload.action,
            user=request.user,
            comment=payload.comment,
            expected_version=payload.expected_version,
        )
    except wf.TransitionError as exc:
        return fail(403, str(exc))
    except StaleEditError as exc:
        return fail(409, exc.message, STALE)
    except ServiceError as exc:
        return fail(422, exc.message)
    return Status(200, _state(request, after))


@router.get(
    "/plans/{int:plan_id}/comments",
    response={200: list[CommentOut], 404: ErrorOut},
    summary="审核意见（分页）",
)
@paginate
def list_comments(request: HttpRequest, plan_id: int = PLAN_ID) -> QuerySet[ReviewComment]:
    plan = get_plan_for_user(request.user, plan_id)
    return plan.comments.select_related("author").order_by("created_at", "id")


@router.post(
    "/plans/{int:plan_id}/comments",
    response={201: CommentOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="提出审核意见（审核人员）或答复（本单位），可针对项目或指标",
)
def create_comment(request: HttpRequest, payload: CommentIn, plan_id: int = PLAN_ID) -> Status[Any]:
    plan = get_plan_for_user(request.user, plan_id)
    project = indicator = None
    if payload.indicator_id is not None:
        indicator = (
            Indicator.objects.select_related("project")
            .filter(pk=payload.indicator_id, project__plan=plan)
            .first()
        )
        if indicator is None:
            return fail(404, "指标不存在或不属于此计划")
    if payload.project_id is not None:
        project = plan.projects.filter(pk=payload.project_id).first()
        if project is None:
            return fail(404, "项目不存在或不属于此计划")
    try:
        comment = add_comment(
            plan, payload.text, user=request.user, project=project, indicator=indicator,
            expected_version=payload.expected_version,
        )  # fmt: skip
    except wf.TransitionError as exc:
        return fail(403, str(exc))
    except StaleEditError as exc:
        return fail(409, exc.message, STALE)
    except ServiceError as exc:
        return fail(422, exc.message)
    return Status(201, comment)


#: Unread notifications returned by /api/todo at most (newest first).
TODO_NOTIFICATIONS = 200


@router.get("/todo", response=TodoOut, summary="待办事项与未读通知")
def get_todo(request: HttpRequest) -> dict[str, Any]:
    items = todo_for(request.user)
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


@router.post("/notifications/read", response=ReadOut, summary="把通知标为已读")
def read_notifications(request: HttpRequest, payload: ReadIn) -> dict[str, Any]:
    """Only the caller's own notifications are touched; other users' ids are ignored."""
    marked = mark_read(request.user, payload.ids)
    return {"marked": marked, "unread_count": unread_count(request.user)}


#: The import's form fields, with the bounds the server enforces.
IMPORT_UNIT = param.Form(..., ge=1, le=MAX_ID, description="单位编号")
IMPORT_YEAR = param.Form(..., ge=MIN_YEAR, le=MAX_YEAR, description="年度")
IMPORT_FILE = param.File(..., description="绩效文本（.txt/.pdf）、计划 JSON/YAML 或 Excel 目标表")
IMPORT_REPLACE = param.Form(False, description="覆盖该单位该年度已有的计划")
IMPORT_VERSION = param.Form(
    None, ge=1, le=MAX_ID, description="覆盖时必填：调用者看到的已有计划的 version"
)


@router.post(
    "/plans/import",
    response={
        200: ImportOut,
        201: ImportOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        413: ErrorOut,
    },
    summary="导入文件（全部成功或不做任何修改）",
    # An empty file part is no file at all to Django's parser: the schema says it has bytes.
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {"schema": {"properties": {"file": {"minLength": 1}}}}
            }
        }
    },
)
def import_plan(
    request: HttpRequest,
    unit: int = IMPORT_UNIT,
    year: int = IMPORT_YEAR,
    file: UploadedFile = IMPORT_FILE,
    replace: bool = IMPORT_REPLACE,
    expected_version: Annotated[int | None, BeforeValidator(form_null)] = IMPORT_VERSION,
) -> Status[dict[str, Any]]:
    """Import a 绩效文本 (.txt/.pdf), plan JSON/YAML or Excel target table for ``unit`` and
    ``year``. An existing plan is replaced only with ``replace=true`` and the version the
    caller saw (``expected_version``); else 409."""
    target = Unit.objects.visible_to(request.user).filter(pk=unit).first()
    if target is None:
        return fail(404, "单位不存在或无权查看")
    if not can_import_for_unit(request.user, target):
        return fail(403, "无权为此单位导入")
    limit = importing.max_upload_bytes()
    if file.size is not None and file.size > limit:
        return fail(
            413,
            f"文件过大（{megabytes(file.size)}），上限为 {megabytes(limit)}",
            location={"file": file.name or "upload"},
        )
    data = file.read(limit + 1)
    try:
        preview = importing.preview_import(target, year, data, file.name or "upload")
    except ReadError as exc:
        loc = exc.location.to_dict() if exc.location else None
        return fail(422, exc.message, location=loc)
    if preview.existing is not None and not replace:
        return fail(
            409,
            f"{target.name} 已有 {year} 年的绩效目标；如需覆盖请传 replace=true 和 expected_version",
            "exists",
        )
    if preview.existing is not None and expected_version is None:
        return fail(422, "覆盖已有计划时必须提供 expected_version（已有计划的 version）")
    try:
        plan = importing.confirm_import(
            target, year, preview.document, user=request.user,
            expected_version=expected_version if preview.existing is not None else None,
        )  # fmt: skip
    except StaleEditError as exc:
        return fail(409, exc.message, STALE)
    except ServiceError as exc:
        return fail(422, exc.message)
    plan.refresh_from_db(fields=["version"])
    return Status(
        201 if preview.existing is None else 200,
        {
            "plan_id": plan.pk,
            "version": plan.version,
            "created": preview.existing is None,
            "warnings": [str(w) for w in preview.warnings],
            "findings": [jsonable(f.to_dict()) for f in preview.findings],
        },
    )
