"""The REST API: one Ninja API mounting each app's router, with token auth.

Each app owns its endpoints (``orgs.api``, ``plans.api``); this module only puts them
under ``/api/``, authenticates the caller (``Authorization: Bearer <令牌>``) and turns a
refusal into JSON. OpenAPI at ``/api/openapi.json``, interactive docs at ``/api/docs``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from jixiao.web.api.auth import BearerToken
from jixiao.web.orgs.api import router as orgs_router
from jixiao.web.plans.api import router as plans_router
from jixiao.web.selfeval.api import router as selfeval_router

__all__ = ["api"]

api = NinjaAPI(
    title="jixiao API",
    version="1",
    description=(
        "绩效目标：读取计划与审核结果、导入文件、提交/审核/退回/批复与调整、审核意见、待办。"
        "绩效自评：读取自评与按规则的得分、填写、提交/审核/退回/复核通过、评价结果。"
        "认证：`Authorization: Bearer <令牌>`。"
    ),
    auth=BearerToken(),
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "无权操作"}, status=403)


api.add_router("", orgs_router)
api.add_router("", plans_router)
api.add_router("", selfeval_router)
