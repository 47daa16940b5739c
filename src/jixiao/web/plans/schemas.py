"""Request and response shapes of the targets' API (documents follow docs/formats.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from jixiao.core.workflow import Action
from jixiao.web.orgs.api import UnitOut


class PlanSummary(Schema):
    id: int
    unit: UnitOut
    year: int
    status: str
    version: int
    version_no: int
    is_current: bool
    money_unit: str
    budget_total: str | None
    project_count: int
    error_count: int
    warning_count: int
    updated_at: datetime


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


class TransitionIn(Schema):
    action: Action = Field(description="submit / withdraw / supervisor_approve / ...")
    comment: str = Field("", description="退回意见、调整原因（退回与申请调整必填）")
    expected_version: int | None = Field(
        None, description="调用者看到的计划 version；已被修改或已流转时返回 409"
    )


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


class CommentIn(Schema):
    text: str
    project_id: int | None = None
    indicator_id: int | None = None


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
    ids: list[int] | None = Field(
        None, description="要标为已读的通知编号；省略则把全部未读通知标为已读"
    )


class ReadOut(Schema):
    marked: int = Field(description="本次标为已读的通知数")
    unread_count: int
