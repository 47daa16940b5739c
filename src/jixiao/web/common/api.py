"""What every app's API router shares: the one error body, the responses each operation
declares, bounded ids and pages, and JSON-safe documents (docs/api.md).

Every answer that is not a success has the shape of ``ErrorOut`` — whatever refused the
request (validation, authentication, permission, a stale version, the server itself) —
so a client generated from ``/api/openapi.json`` can read every error the same way.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema, Status
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator, ConfigDict

from jixiao.core.money import decimal_text

__all__ = [
    "MAX_ID",
    "NON_BLANK_TEXT",
    "STORABLE_TEXT",
    "ErrorOut",
    "FieldErrorOut",
    "Id",
    "JsonInt",
    "Page",
    "StrictId",
    "Version",
    "error_body",
    "fail",
    "form_null",
    "jsonable",
    "responses",
]

#: Database ids are 32-bit on every backend we run; larger numbers cannot name a row.
MAX_ID = 2**31 - 1

#: An id in a path, query or form (text on the wire, read as an integer).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _json_integer(value: Any) -> Any:
    """A JSON number only: ``true`` is not 1 and ``"1"`` is not 1 (pydantic's lax mode
    takes both), while ``1.0`` is the integer 1 as JSON Schema says."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("应为整数")
    return value


def form_null(value: Any) -> Any:
    """A form field sent empty or as ``null`` (how clients write JSON null in a form)
    means "not given"."""
    return None if value in ("", "null") else value


#: An integer in a JSON body, as JSON Schema's ``integer`` (see ``_json_integer``).
JsonInt = Annotated[int, BeforeValidator(_json_integer)]
#: An id in a JSON body (the bounds before the validator, so the schema declares them).
StrictId = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(_json_integer)]
#: The plan version the caller last saw (``version`` of the plan output).
Version = Annotated[
    int,
    Field(
        ge=1,
        le=MAX_ID,
        description="调用者看到的计划 version（计划输出中的 version）；计划已被修改或已流转时返回 409",
    ),
    BeforeValidator(_json_integer),
]

#: Text a database column can hold (PostgreSQL refuses the NUL character in text).
STORABLE_TEXT = r"^[^\u0000]*$"
#: Storable text with at least one character that is not white space.
NON_BLANK_TEXT = r"^[^\u0000]*[^\s\u0000][^\u0000]*$"

#: Stable slugs of ``ErrorOut.code`` by status (a 409 may say ``stale`` or ``exists``).
CODES: dict[int, str] = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "too-large",
    422: "invalid",
    500: "server-error",
    503: "busy",
}


class FieldErrorOut(Schema):
    """One refused field of the request."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"field": "body.text", "message": "不能为空"}}
    )

    field: str = Field(
        description="参数位置与名称，以点分隔：body.text、query.year、path.plan_id、body.ids.2"
    )
    message: str = Field(description="中文说明")


class ErrorOut(Schema):
    """The body of every API answer that is not a success (400–599)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "detail": "请求数据有误：body.text：不能为空",
                "code": "invalid",
                "errors": [{"field": "body.text", "message": "不能为空"}],
            }
        }
    )

    detail: str = Field(description="中文说明，可直接展示给用户")
    code: str = Field(
        description="稳定的错误代码：bad-request、unauthorized、forbidden、not-found、"
        "method-not-allowed、conflict、stale、exists、too-large、invalid、server-error、busy"
    )
    errors: list[FieldErrorOut] = Field(
        default_factory=list, description="逐项的参数错误（仅 422 校验错误）"
    )
    location: dict[str, Any] | None = Field(
        None, description="导入文件中出错的位置（文件、页、行、项目…），仅导入时给出"
    )


#: What each status means, as the schema says it (OpenAPI ``description`` of a response).
MEANINGS: dict[int, str] = {
    400: "请求体不是有效的 JSON",
    401: "未认证：缺少令牌或令牌无效",
    403: "无权执行此操作",
    404: "对象不存在或无权查看",
    409: "冲突：计划已被他人修改或已流转（请刷新），或已存在",
    413: "上传的内容过大",
    422: "请求参数或数据有误（逐项说明见 errors）",
    500: "服务器内部错误",
    503: "系统正忙，请稍后重试",
}

#: Statuses any authenticated operation can answer.
COMMON = (401, 422, 500, 503)


def responses(ok: dict[int, Any], *errors: int, body: bool = False) -> dict[int, Any]:
    """The ``response=`` of an operation: its successes, then ``ErrorOut`` for the common
    statuses, the ``errors`` given and, with a JSON ``body``, 400 (malformed) and 413."""
    statuses = set(COMMON) | set(errors) | ({400, 413} if body else set())
    return {**ok, **dict.fromkeys(sorted(statuses), ErrorOut)}


def error_body(status: int, detail: str, code: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"detail": detail, "code": code or CODES.get(status, "error"), "errors": [], **extra}


def fail(status: int, detail: str, code: str | None = None, **extra: Any) -> Status[Any]:
    """An error answer of an operation (``return fail(404, "…")``)."""
    return Status(status, error_body(status, detail, code, **extra))


class Page(LimitOffsetPagination):
    """Ninja's limit/offset pagination with both numbers bounded (``{"items", "count"}``)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500, description="每页条数（1–500，默认 100）")
        offset: int = Field(0, ge=0, le=MAX_ID, description="跳过的条数")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=500, **kwargs)


def jsonable(value: Any) -> Any:
    """Decimals in unknown fields become strings (money is a decimal string, docs/formats.md)."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value
