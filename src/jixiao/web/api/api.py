"""The REST API: one Ninja API mounting each app's router, with token auth.

Each app owns its endpoints (``orgs.api``, ``plans.api``); this module only puts them
under ``/api/``, authenticates the caller (``Authorization: Bearer <令牌>``) and answers
every refusal in the one error shape (``api.errors``, docs/api.md). OpenAPI at
``/api/openapi.json``, interactive docs at ``/api/docs``.
"""

from __future__ import annotations

from ninja import NinjaAPI

from jixiao.web.api.auth import BearerToken
from jixiao.web.api.errors import declare_errors, install, not_found_router
from jixiao.web.documents.api import router as documents_router
from jixiao.web.monitoring.api import router as monitoring_router
from jixiao.web.orgs.api import router as orgs_router
from jixiao.web.plans.api import router as plans_router

__all__ = ["api"]

DESCRIPTION = """\
绩效目标：读取计划与审核结果、导入文件、提交/审核/退回/批复与调整、审核意见、待办；
运行监控：监控轮次、监控结果、支付明细上传、完成情况填报与审核。

**认证。** 每个请求带 `Authorization: Bearer <令牌>`。令牌由管理员为某个用户签发
（`uv run manage.py issue_token <用户名> --name 用途`），只显示一次；调用者的权限就是该用户的
权限：看不到的单位的计划一律 404，看得到但无权修改的是 403。网页登录的会话不是 API 凭据。

**错误。** 凡不成功的应答（400–599）都是同一个 JSON 结构 `ErrorOut`：
`{"detail": "中文说明", "code": "稳定代码", "errors": [{"field": "body.text", "message": "不能为空"}]}`。
`code` 取 bad-request（400，请求体不是 JSON）、unauthorized（401）、forbidden（403）、
not-found（404，包括非数字编号等不存在的路径）、stale / exists / conflict（409）、
too-large（413）、invalid（422，逐项说明在 `errors`）、server-error（500）、busy（503）。

**版本。** 每个写操作（流转、审核意见、覆盖导入）都要带上调用者看到的计划 `version`
（`expected_version`）；计划在此之后被修改或已流转则返回 409（code 为 stale），请重新读取。

**分页。** 列表接口返回 `{"items": [...], "count": 总数}`，参数 `limit`（1–500，默认 100）
与 `offset`。
"""

api = NinjaAPI(
    title="jixiao API",
    version="1",
    description=DESCRIPTION,
    auth=BearerToken(),
    urls_namespace="api",
)
install(api)

api.add_router("", orgs_router)
api.add_router("", plans_router)
api.add_router("", monitoring_router)
api.add_router("", documents_router)
api.add_router("", not_found_router)  # last: what no operation matches
declare_errors(api)
