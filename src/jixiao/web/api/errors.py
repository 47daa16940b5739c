"""Every refusal of the API as one JSON shape (``common.api.ErrorOut``), in Chinese.

Ninja's own answers (validation errors as a list in English, "Unauthorized", "Cannot
parse request body", a plain-text traceback or Django's HTML page for a 500, Django's
HTML 404 for a path no route matches) are replaced here, so that the schema's one error
body is what a client really gets (docs/api.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import register_converter
from django.views import defaults
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.operation import Operation, PathView
from ninja.params.models import BodyModel, FileModel, FormModel, QueryModel

from jixiao.web.common.api import (
    COMMON,
    NON_BLANK_TEXT,
    STORABLE_TEXT,
    ErrorOut,
    error_body,
    fail,
)

__all__ = [
    "UNAUTHORIZED",
    "declare_errors",
    "field_errors",
    "install",
    "not_found_router",
    "server_error",
]

log = logging.getLogger(__name__)

UNAUTHORIZED = (
    "未认证：请在请求头中提供有效的令牌（Authorization: Bearer <令牌>）。"
    "令牌由管理员签发：uv run manage.py issue_token <用户名>"
)
#: What a declared pattern asks for, in words.
PATTERNS = {
    NON_BLANK_TEXT: "不能为空白，也不能含 NUL 字符",
    STORABLE_TEXT: "不能含 NUL 字符",
}
#: Ninja's parameter sources, as the ``field`` of an error names them.
_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}


def _message(err: Mapping[str, Any]) -> str:
    """A pydantic error in Chinese (its ``type`` and ``ctx`` are stable; its ``msg`` is not)."""
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    simple = {
        "missing": "必填",
        "int_parsing": "应为整数",
        "int_type": "应为整数",
        "int_from_float": "应为整数",
        "bool_parsing": "应为 true 或 false",
        "bool_type": "应为 true 或 false",
        "string_type": "应为文本",
        "list_type": "应为数组",
        "dict_type": "应为 JSON 对象",
        "model_type": "应为 JSON 对象",
        "model_attributes_type": "应为 JSON 对象",
        "json_invalid": "不是有效的 JSON",
        "json_type": "不是有效的 JSON",
        "extra_forbidden": "不认识此参数（拼写是否有误？）",
        "date_parsing": "日期格式无效",
        "date_from_datetime_parsing": "日期格式无效",
        "datetime_parsing": "日期时间格式无效",
        "string_unicode": "文本编码无效",
        "too_long": f"最多 {ctx.get('max_length')} 项",
        "too_short": f"至少 {ctx.get('min_length')} 项",
        "string_too_long": f"最多 {ctx.get('max_length')} 个字符",
        "greater_than_equal": f"不能小于 {ctx.get('ge')}",
        "greater_than": f"应大于 {ctx.get('gt')}",
        "less_than_equal": f"不能大于 {ctx.get('le')}",
        "less_than": f"应小于 {ctx.get('lt')}",
        "enum": f"应为以下之一：{ctx.get('expected')}",
        "literal_error": f"应为以下之一：{ctx.get('expected')}",
    }
    if kind in simple:
        return simple[kind]
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return "不能为空" if n == 1 else f"至少 {n} 个字符"
    if kind == "string_pattern_mismatch":
        return PATTERNS.get(str(ctx.get("pattern")), "格式不符合要求")
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])  # our own validators raise with a Chinese message
    return "取值无效"


def _field(loc: Iterable[Any]) -> str:
    """``("body", "payload", "ids", 2)`` → ``body.ids.2``: the source, then the field (the
    Ninja argument name that groups a body or query schema is left out)."""
    parts = [str(p) for p in loc]
    if len(parts) >= 3 and parts[0] in _SOURCES:
        parts = [parts[0], *parts[2:]]
    return ".".join(parts)


def field_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    return [{"field": _field(e.get("loc", ())), "message": _message(e)} for e in errors]


def _validation(api: NinjaAPI, request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = field_errors(exc.errors)
    shown = "；".join(f"{e['field']}：{e['message']}" for e in errors[:3])
    more = f"（另有 {len(errors) - 3} 项）" if len(errors) > 3 else ""
    body = error_body(422, f"请求数据有误：{shown}{more}")
    body["errors"] = errors
    return api.create_response(request, body, status=422)


def _http(api: NinjaAPI, request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    if isinstance(exc, AuthenticationError) or status == 401:
        detail = UNAUTHORIZED
    elif status == 400:
        detail = "请求体无法解析：应为有效的 JSON（Content-Type: application/json）"
    elif status == 403:
        detail = "无权执行此操作"
    else:
        detail = str(exc) if any("\u4e00" <= ch <= "\u9fff" for ch in str(exc)) else "请求无效"
    response = api.create_response(request, error_body(status, detail), status=status)
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


def _not_found(api: NinjaAPI, request: HttpRequest, exc: Http404) -> HttpResponse:
    detail = str(exc) or "对象不存在或无权查看"
    return api.create_response(request, error_body(404, detail), status=404)


def _forbidden(api: NinjaAPI, request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, error_body(403, str(exc) or "无权操作"), status=403)


def _too_big(api: NinjaAPI, request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(request, error_body(413, "请求的内容过大"), status=413)


SERVER_ERROR = "服务器内部错误，已记录。请稍后重试；如果一直出现，请联系管理员。"


def _bad_multipart(api: NinjaAPI, request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    detail = "请求体无法解析：multipart/form-data 格式错误（缺少或无效的 boundary）"
    return api.create_response(request, error_body(400, detail), status=400)


def _crash(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug: logged with its traceback, answered in the one shape (also under DEBUG)."""
    log.exception("API %s %s failed", request.method, request.path, exc_info=exc)
    return api.create_response(request, error_body(500, SERVER_ERROR), status=500)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's ``handler500``: a crash outside the API's operations (a middleware, the
    URL resolver) under /api/ is still the one JSON shape; pages keep Django's answer."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            error_body(500, SERVER_ERROR), status=500, json_dumps_params={"ensure_ascii": False}
        )
    return defaults.server_error(request)


def install(api: NinjaAPI) -> None:
    """Replace Ninja's default answers by the one error shape."""
    handlers: list[tuple[type[Exception], Any]] = [
        (Exception, _crash),
        (Http404, _not_found),
        (HttpError, _http),
        (ValidationError, _validation),
        (PermissionDenied, _forbidden),
        (RequestDataTooBig, _too_big),
        (MultiPartParserError, _bad_multipart),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, _bind(api, handler))


def _bind(api: NinjaAPI, handler: Any) -> Any:
    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        response: HttpResponse = handler(api, request, exc)
        return response

    return handle


def declare_errors(api: NinjaAPI) -> None:
    """Add to every operation's responses the errors any operation can answer (401, 422,
    500, 503; with a JSON body also 400 and 413; with an upload 413), as ``ErrorOut``;
    a method a path does not have is a JSON 405 too.

    Done once here, after the routers are mounted, so that no app can forget one: the
    schema then lists every status the server really answers (Schemathesis checks it).
    Statuses an operation declares itself (403, 404, 409 …) are left as they are.
    """
    for bound in api._get_bound_routers():
        for view in bound.path_operations.values():
            # JSON 405 (Ninja answers a text body); an instance attribute over the method.
            view._not_allowed = partial(_not_allowed, view)  # type: ignore[method-assign]
            for op in view.operations:
                if not op.include_in_schema:
                    continue
                _refuse_unknown_query(op)
                statuses = set(COMMON)
                if any(issubclass(m, BodyModel) and not issubclass(m, FormModel | FileModel)
                       for m in op.models):  # fmt: skip
                    statuses |= {400, 413}
                if any(issubclass(m, FormModel | FileModel) for m in op.models):
                    statuses |= {400, 413}  # 400: a multipart body that cannot be parsed
                for status in sorted(statuses - set(op.response_models)):
                    op.response_models[status] = op._create_response_model(ErrorOut)


def _refuse_unknown_query(op: Operation) -> None:
    """A query parameter the operation does not have is refused (422), as the schema's
    parameter list implies: ``?yaer=2024`` must not quietly list every year. Checked with
    the other parameters, after authentication."""
    known = {
        name
        for model in op.models
        if issubclass(model, QueryModel)
        for name in getattr(model, "__ninja_flatten_map__", None) or model.model_fields
    }
    resolve = op._get_values

    def get_values(request: HttpRequest, path_params: Any, temporal_response: HttpResponse) -> Any:
        extra = [
            {"type": "extra_forbidden", "loc": ("query", name), "msg": "unknown"}
            for name in sorted(set(request.GET) - known)
        ]
        try:
            values = resolve(request, path_params, temporal_response)
        except ValidationError as exc:
            raise ValidationError([*exc.errors, *extra]) from None
        if extra:
            raise ValidationError(extra)
        return values

    op._get_values = get_values  # type: ignore[method-assign]


def _not_allowed(view: PathView) -> HttpResponse:
    allowed = sorted({m for op in view.operations for m in op.methods})
    response = JsonResponse(
        error_body(405, f"不支持此请求方法；此路径允许：{'、'.join(allowed)}"),
        status=405,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Allow"] = ", ".join(allowed)
    return response


class AnyPath:
    """Any rest of a path, new lines included (Django's ``path`` converter stops at one,
    which let ``/api/plans/%0A/…`` fall through to the HTML 404 page)."""

    regex = r"[\s\S]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AnyPath, "anypath")

#: Mounted last: any path under /api/ that no operation matches (a non-numeric id, a
#: misspelt path) is a JSON 404, never Django's HTML page (which under DEBUG lists the
#: site's URL patterns).
not_found_router = Router(auth=None)


@not_found_router.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"],
    "/{anypath:rest}",
    response={404: ErrorOut},
    include_in_schema=False,
)
def not_found(request: HttpRequest, rest: str) -> Any:
    return fail(404, "接口不存在：请对照 /api/docs 检查路径（编号应为正整数）")


@not_found_router.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"],
    "/",
    response={404: ErrorOut},
    include_in_schema=False,
)
def root(request: HttpRequest) -> Any:
    return fail(404, "这里没有内容：接口说明见 /api/docs，结构见 /api/openapi.json")
