"""Import a plan from an uploaded file: read → preview (findings, diff) → confirm.

One pipeline for every input: the upload goes through the core's reader dispatch
(``jixiao.core.readers.read_bytes``: 绩效文本 .txt/.pdf, Excel, our JSON/YAML). The preview
shows what was read, the check findings and what would change against the plan stored
for that unit and year; ``confirm_import`` saves it in one transaction, so a failure
leaves the stored plan exactly as it was.

Between preview and confirm the document travels as JSON (``serialize_document``), e.g.
in the session; ``expected_version`` catches a plan changed in between.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Model

from jixiao.core import model as core
from jixiao.core.checks import check_plan
from jixiao.core.diff import PlanDiff, diff_plans
from jixiao.core.findings import Finding, Location, ReadError
from jixiao.core.readers import OLD_OFFICE, ReadWarning, read_bytes
from jixiao.web.common.middleware import megabytes
from jixiao.web.orgs.models import Unit
from jixiao.web.plans.models import Indicator, Plan, Project
from jixiao.web.plans.services.audit import AnyUser, ServiceError, StaleEditError, validate_row
from jixiao.web.plans.services.editing import create_plan, replace_plan_content
from jixiao.web.plans.services.mapping import (
    indicator_fields,
    plan_fields,
    plan_to_core,
    project_fields,
)

__all__ = [
    "ACCEPTED_SUFFIXES",
    "ImportPreview",
    "confirm_import",
    "deserialize_document",
    "max_upload_bytes",
    "preview_import",
    "read_upload",
    "serialize_document",
    "storage_problems",
]

ACCEPTED_SUFFIXES = (".txt", ".pdf", ".docx", ".json", ".yaml", ".yml", ".xlsx", ".xlsm")


def max_upload_bytes() -> int:
    return int(getattr(settings, "JIXIAO_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


# --- reading -------------------------------------------------------------------------------


def read_upload(data: bytes, filename: str) -> tuple[core.Plan, list[ReadWarning]]:
    """Read an uploaded plan; raise ``ReadError`` (Chinese, with location) if impossible."""
    name = PurePath(filename or "upload").name
    limit = max_upload_bytes()
    if len(data) > limit:
        raise ReadError(
            f"文件过大（{megabytes(len(data))}），上限为 {megabytes(limit)}",
            Location(file=name),
        )
    if not data:
        raise ReadError("文件为空", Location(file=name))
    suffix = PurePath(name).suffix.lower()
    # Old .doc/.xls pass on to the reader, which says what to save them as.
    if suffix and suffix not in ACCEPTED_SUFFIXES and suffix not in OLD_OFFICE:
        raise ReadError(
            f"不支持的文件类型“{suffix}”，可导入：绩效文本（.txt/.pdf/.docx）、JSON/YAML、Excel（.xlsx）",
            Location(file=name),
        )
    result = read_bytes(data, name)
    document = result.document
    if not isinstance(document, core.Plan):
        raise ReadError("此文件是绩效自评表，不是绩效目标（jixiao.plan/1）", Location(file=name))
    return document, list(result.warnings)


# --- preview and confirm -----------------------------------------------------------------------


@dataclass(slots=True)
class ImportPreview:
    unit: Unit
    year: int
    filename: str
    document: core.Plan
    warnings: list[ReadWarning]
    findings: list[Finding]
    diff: PlanDiff
    existing: Plan | None

    @property
    def expected_version(self) -> int | None:
        return None if self.existing is None else self.existing.version

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


def preview_import(unit: Unit, year: int, data: bytes, filename: str) -> ImportPreview:
    """Read the upload and compare it with the stored plan; nothing is saved."""
    document, warnings = read_upload(data, filename)
    name = PurePath(filename or "upload").name
    if document.year is not None and document.year != year:
        warnings.append(ReadWarning(f"文件中的年度为 {document.year} 年，将作为 {year} 年导入"))
    dept = document.department.name
    if dept and dept != unit.name:
        warnings.append(ReadWarning(f"文件中的单位为“{dept}”，将导入到“{unit.name}”"))
    existing = Plan.objects.current().filter(unit=unit, year=year).first()
    document.year = year
    return ImportPreview(
        unit=unit,
        year=year,
        filename=name,
        document=document,
        warnings=warnings,
        findings=check_plan(document),
        diff=diff_plans(None if existing is None else plan_to_core(existing), document),
        existing=existing,
    )


@transaction.atomic
def confirm_import(
    unit: Unit,
    year: int,
    document: core.Plan,
    *,
    user: AnyUser,
    expected_version: int | None,
) -> Plan:
    """Save ``document`` as the plan of ``unit`` for ``year``: all of it, or nothing.

    ``expected_version`` is the stored plan's version shown in the preview (``None`` when
    there was none): a plan created or changed since raises ``StaleEditError``.
    """
    document.year = year
    existing = (
        Plan.objects.select_for_update().filter(unit=unit, year=year, is_current=True).first()
    )
    if existing is None:
        if expected_version is not None:
            raise StaleEditError()
        try:
            return create_plan(unit, year, user=user, document=document)
        except IntegrityError:
            # Another confirm created the plan since (PostgreSQL refuses the second row on
            # the unique current plan per unit and year): stale, not a server error.
            raise StaleEditError() from None
    if expected_version is None:
        raise StaleEditError()
    return replace_plan_content(
        existing, document, user=user, expected_version=expected_version, reason="导入"
    )


def storage_problems(document: core.Plan) -> list[str]:
    """What the database cannot hold (too long, out of range), each with where it is.

    The preview runs the same validation as the save, so a file the confirm would refuse
    is refused in the preview already.
    """
    problems: list[str] = []

    def check(row: Model, where: str) -> None:
        try:
            validate_row(row)
        except ServiceError as exc:
            problems.append(f"{where}：{exc.message}")

    check(Plan(**plan_fields(document)), "部门整体")
    for i, cp in enumerate(document.projects, start=1):
        name = cp.name or cp.code or f"第{i}个项目"
        check(Project(**project_fields(cp)), f"项目“{name}”")
        for j, ci in enumerate(cp.indicators, start=1):
            check(Indicator(**indicator_fields(ci)), f"项目“{name}” 第{j}行指标")
    return problems


def serialize_document(document: core.Plan) -> str:
    """The document as JSON text for carrying it from preview to confirm (session, form)."""
    return json.dumps(document.to_dict(), ensure_ascii=False, default=str)


def deserialize_document(text: str) -> core.Plan:
    try:
        return core.Plan.from_dict(json.loads(text, parse_float=Decimal))
    except (ValueError, core.ModelError) as exc:
        raise ReadError(f"导入数据已损坏，请重新上传：{exc}") from None
