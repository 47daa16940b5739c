"""Request and response shapes of the targets' API (documents follow docs/formats.md).

Request schemas declare what the server enforces (lengths, ranges, JSON integers only) and
carry an example, so a client generated from the schema sends what is accepted.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from jixiao.core import workflow as wf
from jixiao.core.money import decimal_text, plain_decimal
from jixiao.core.workflow import Action
from jixiao.web.choices import label_of
from jixiao.web.common.api import NON_BLANK_TEXT, STORABLE_TEXT, Id, StrictId, Version
from jixiao.web.orgs.api import UnitOut
from jixiao.web.orgs.models import display_name
from jixiao.web.plans.review.comments import MAX_COMMENT

#: Years a plan may have (the import and the list filter refuse others).
MIN_YEAR, MAX_YEAR = 1990, 2100
#: Length of a transition's comment (退回意见、调整原因), as the review pages allow.
MAX_TRANSITION_COMMENT = MAX_COMMENT


class PlanFilter(Schema):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="年度")
    unit: Id | None = Field(None, description="单位编号")


class PlanSummary(Schema):
    """One row of ``GET /api/plans`` (read from a plan annotated with ``total`` and ``n``)."""

    id: int
    unit: UnitOut
    year: int
    status: str
    version: int
    version_no: int
    is_current: bool
    money_unit: str
    budget_total: str | None = Field(description="各项目预算数之和（十进制字符串，计划的金额单位）")
    project_count: int
    error_count: int
    warning_count: int
    updated_at: datetime

    @staticmethod
    def resolve_budget_total(obj: Any) -> str | None:
        return None if obj.total is None else decimal_text(plain_decimal(obj.total))

    @staticmethod
    def resolve_project_count(obj: Any) -> int:
        return int(obj.n)


class PlanOut(Schema):
    id: int
    unit: UnitOut
    year: int
    status: str
    version: int
    version_no: int = Field(description="第几版（调整后加一）")
    is_current: bool = Field(description="是否为该单位该年度的最新版本")
    previous_id: int | None = Field(description="调整前的版本")
    actions: list[str] = Field(description="调用者现在可执行的流转操作")
    document: dict[str, Any]


class FindingsOut(Schema):
    findings: list[dict[str, Any]]


class ImportOut(Schema):
    plan_id: int
    version: int
    created: bool
    warnings: list[str]
    findings: list[dict[str, Any]]


class TransitionOut(Schema):
    id: int
    action: str
    action_label: str
    from_state: str
    to_state: str
    user: str | None
    at: datetime
    comment: str

    @staticmethod
    def resolve_action_label(obj: Any) -> str:
        return label_of(wf.ACTION_LABELS, obj.action)

    @staticmethod
    def resolve_user(obj: Any) -> str | None:
        return display_name(obj.user)


class TransitionIn(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"action": "submit", "comment": "", "expected_version": 1}},
    )

    action: Action = Field(description="submit / withdraw / supervisor_approve / ...")
    comment: str = Field(
        "",
        max_length=MAX_TRANSITION_COMMENT,
        pattern=STORABLE_TEXT,
        description="退回意见、调整原因（退回与申请调整必填）",
    )
    expected_version: Version


class PlanStateOut(Schema):
    """The plan after a transition (for 申请调整: the new adjustment version)."""

    plan_id: int
    status: str
    status_label: str
    version: int
    version_no: int
    is_current: bool
    actions: list[str]


class CommentOut(Schema):
    id: int
    subject: str
    project_id: int | None
    indicator_id: int | None
    transition_id: int | None
    author: str | None
    text: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj: Any) -> str | None:
        return display_name(obj.author)


class CommentIn(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {"text": "请补充指标值确定依据", "indicator_id": None, "expected_version": 1}
        },
    )

    text: str = Field(
        min_length=1,
        max_length=MAX_COMMENT,
        pattern=NON_BLANK_TEXT,
        description="意见内容（不能为空白）",
    )
    project_id: StrictId | None = Field(None, description="针对的项目；省略则针对整个计划")
    indicator_id: StrictId | None = Field(None, description="针对的指标（优先于 project_id）")
    expected_version: Version


class TodoItemOut(Schema):
    kind: str = Field(description="review / returned / draft / deadline")
    plan_id: int | None
    text: str
    due: date | None
    overdue: bool


class NotificationOut(Schema):
    id: int
    kind: str
    plan_id: int | None
    message: str
    created_at: datetime


class TodoOut(Schema):
    items: list[TodoItemOut]
    notifications: list[NotificationOut] = Field(description="未读通知，最新的在前")
    unread_count: int


class ReadIn(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"example": {"ids": [1, 2]}})

    ids: list[StrictId] | None = Field(
        None,
        max_length=1000,
        description="要标为已读的通知编号（至多 1000 个）；省略则把全部未读通知标为已读",
    )


class ReadOut(Schema):
    marked: int = Field(description="本次标为已读的通知数")
    unread_count: int
