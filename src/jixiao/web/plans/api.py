"""The targets' API: plans, findings, import, transitions, comments, to-do (a Ninja router
mounted by ``jixiao.web.api``).

Permission rules are the pages' (``plans.access``): a plan outside the caller's units is
404, a visible plan the caller may not change is 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import Count, Sum
from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from jixiao.core import workflow as wf
from jixiao.core.findings import ReadError
from jixiao.core.money import decimal_text, plain_decimal
from jixiao.web.choices import label_of
from jixiao.web.common.api import ErrorOut, jsonable
from jixiao.web.orgs.api import unit_dict
from jixiao.web.orgs.models import Unit, display_name
from jixiao.web.plans.access import can_import_for_unit, get_plan_for_user
from jixiao.web.plans.models import Indicator, Notification, Plan, ReviewComment, Transition
from jixiao.web.plans.review.comments import add_comment
from jixiao.web.plans.review.notifications import mark_read, unread_count
from jixiao.web.plans.review.todo import todo_for
from jixiao.web.plans.review.transitions import available_actions, transition
from jixiao.web.plans.schemas import (
    CommentIn,
    CommentOut,
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
)
from jixiao.web.plans.services import importing
from jixiao.web.plans.services.audit import ServiceError, StaleEditError
from jixiao.web.plans.services.findings import refresh_findings
from jixiao.web.plans.services.mapping import plan_to_core

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = ["router"]

router = Router(tags=["绩效目标"])


class PlanFilter(Schema):
    year: int | None = None
    unit: int | None = None


@router.get("/plans", response=list[PlanSummary], summary="可见的绩效目标")
def list_plans(request: HttpRequest, filters: Query[PlanFilter]) -> list[dict[str, Any]]:
    qs = Plan.objects.visible_to(request.user).current().select_related("unit")
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    qs = qs.annotate(total=Sum("projects__budget_total"), n=Count("projects")).order_by(
        "-year", "unit__code", "unit__name"
    )
    return [_summary(p) for p in qs]


def _summary(p: Any) -> dict[str, Any]:
    """One row of the list (``p`` carries the annotations ``total`` and ``n``)."""
    return {
        "id": p.pk,
        "unit": unit_dict(p.unit),
        "year": p.year,
        "status": p.status,
        "version": p.version,
        "version_no": p.version_no,
        "is_current": p.is_current,
        "money_unit": p.money_unit,
        "budget_total": None if p.total is None else decimal_text(plain_decimal(p.total)),
        "project_count": p.n,
        "error_count": p.error_count,
        "warning_count": p.warning_count,
        "updated_at": p.updated_at,
    }


@router.get("/plans/{int:plan_id}", response=PlanOut, summary="一份绩效目标（jixiao.plan/1 文档）")
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
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


@router.get("/plans/{int:plan_id}/findings", response=FindingsOut, summary="审核结果")
def get_findings(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = get_plan_for_user(request.user, plan_id)
    findings = refresh_findings(plan)
    return {"findings": [jsonable(f.to_dict()) for f in findings]}


# --- workflow ----------------------------------------------------------------------------------


def _transition(t: Transition) -> dict[str, Any]:
    return {
        "id": t.pk,
        "action": t.action,
        "action_label": label_of(wf.ACTION_LABELS, t.action),
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
        "actions": [a.value for a in available_actions(request.user, plan)],
    }


@router.get(
    "/plans/{int:plan_id}/transitions",
    response={200: list[TransitionOut], 404: ErrorOut},
    summary="流转记录（提交、审核、退回、批复、调整）",
)
def list_transitions(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    plan = get_plan_for_user(request.user, plan_id)
    return [_transition(t) for t in plan.transitions.select_related("user").order_by("at", "id")]


@router.post(
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
        after = transition(
            plan,
            payload.action,
            user=request.user,
            comment=payload.comment,
            expected_version=payload.expected_version,
        )
    except wf.TransitionError as exc:
        return Status(403, {"detail": str(exc)})
    except StaleEditError as exc:
        return Status(409, {"detail": exc.message})
    except ServiceError as exc:
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


@router.get(
    "/plans/{int:plan_id}/comments",
    response={200: list[CommentOut], 404: ErrorOut},
    summary="审核意见",
)
def list_comments(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    plan = get_plan_for_user(request.user, plan_id)
    return [
        _comment(c) for c in plan.comments.select_related("author").order_by("created_at", "id")
    ]


@router.post(
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
        comment = add_comment(
            plan, payload.text, user=request.user, project=project, indicator=indicator
        )
    except wf.TransitionError as exc:
        return Status(403, {"detail": str(exc)})
    except ServiceError as exc:
        return Status(422, {"detail": exc.message})
    return Status(201, _comment(comment))


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


@router.post(
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
    target = Unit.objects.visible_to(request.user).filter(pk=unit).first()
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
    except StaleEditError as exc:
        return Status(409, {"detail": exc.message})
    except ServiceError as exc:
        return Status(422, {"detail": exc.message})
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
