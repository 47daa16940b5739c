"""Response shapes of the API (documents themselves follow format.md, as plain JSON)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None


class PlanSummary(Schema):
    id: int
    unit: UnitOut
    year: int
    status: str
    version: int
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
    document: dict[str, Any]


class FindingsOut(Schema):
    findings: list[dict[str, Any]]


class ImportOut(Schema):
    plan_id: int
    version: int
    created: bool
    warnings: list[str]
    findings: list[dict[str, Any]]


class ErrorOut(Schema):
    detail: str
    location: dict[str, Any] | None = None
