"""The documents' API: a plan's 批复 (文号, text, whether it is an adjustment) and whether
the plan is public (a Ninja router mounted by ``jixiao.web.api``). Same access rule as
the pages: a plan outside the caller's units is 404."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from jixiao.web.common.api import ErrorOut
from jixiao.web.documents.models import Reply
from jixiao.web.documents.services.publishing import is_public
from jixiao.web.plans.access import get_plan_for_user

__all__ = ["router"]

router = Router(tags=["批复与公开"])


class ReplyOut(Schema):
    id: int
    plan: int
    number: str
    adjustment: bool
    text: str
    issuer: str
    created_at: datetime


class PlanDocumentsOut(Schema):
    public: bool
    replies: list[ReplyOut]


@router.get(
    "/plans/{int:plan_id}/replies",
    response={200: PlanDocumentsOut, 404: ErrorOut},
    summary="批复记录（文号、批复意见）与公开状态",
)
def list_replies(request: HttpRequest, plan_id: int) -> PlanDocumentsOut:
    plan = get_plan_for_user(request.user, plan_id)
    versions = {plan.pk, *plan.adjustments.values_list("pk", flat=True)}
    if plan.previous_id is not None:
        versions.add(plan.previous_id)
    replies = Reply.objects.filter(plan_id__in=versions).order_by("seq")
    return PlanDocumentsOut(
        public=is_public(plan),
        replies=[
            ReplyOut(
                id=r.pk,
                plan=r.plan_id,
                number=r.number,
                adjustment=r.adjustment,
                text=r.text,
                issuer=r.issuer,
                created_at=r.created_at,
            )
            for r in replies
        ],
    )
