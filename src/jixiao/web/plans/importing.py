"""Import a plan from an uploaded file: read → preview (findings, diff) → confirm.

One pipeline for every input (style.md §8): 绩效文本 (.txt/.pdf) and plan JSON/YAML go
through the core readers, Excel target tables through ``read_plan_workbook``. The preview
shows what was read, the check findings and what would change against the plan stored
for that unit and year; ``confirm_import`` saves it in one transaction, so a failure
leaves the stored plan exactly as it was.

Between preview and confirm the document travels as JSON (``serialize_document``), e.g.
in the session; ``expected_version`` catches a plan changed in between.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from jixiao.core import model as core
from jixiao.core.checks import check_plan
from jixiao.core.findings import Finding, Location, ReadError
from jixiao.core.readers import ReadWarning
from jixiao.web.orgs.models import Unit
from jixiao.web.plans import services
from jixiao.web.plans.convert import plan_to_core, spending_text
from jixiao.web.plans.models import Plan

if TYPE_CHECKING:
    from jixiao.web.plans.services import AnyUser

__all__ = [
    "ACCEPTED_SUFFIXES",
    "FieldChange",
    "ImportPreview",
    "IndicatorChange",
    "PlanDiff",
    "ProjectChange",
    "confirm_import",
    "deserialize_document",
    "diff_plans",
    "preview_import",
    "read_upload",
    "serialize_document",
]

ACCEPTED_SUFFIXES = (".txt", ".pdf", ".json", ".yaml", ".yml", ".xlsx", ".xlsm")


def max_upload_bytes() -> int:
    return int(getattr(settings, "JIXIAO_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


# --- reading -------------------------------------------------------------------------------


def read_upload(data: bytes, filename: str) -> tuple[core.Plan, list[ReadWarning]]:
    """Read an uploaded plan; raise ``ReadError`` (Chinese, with location) if impossible."""
    name = PurePath(filename or "upload").name
    limit = max_upload_bytes()
    if len(data) > limit:
        raise ReadError(
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），上限为 {limit / 1024 / 1024:.0f} MB",
            Location(file=name),
        )
    if not data:
        raise ReadError("文件为空", Location(file=name))
    suffix = PurePath(name).suffix.lower()
    if suffix and suffix not in ACCEPTED_SUFFIXES:
        raise ReadError(
            f"不支持的文件类型“{suffix}”，可导入：绩效文本（.txt/.pdf）、JSON/YAML、Excel（.xlsx）",
            Location(file=name),
        )
    if data.startswith(b"PK") or suffix in {".xlsx", ".xlsm"}:
        from jixiao.core.readers.excel_plan import read_plan_workbook

        result = read_plan_workbook(data, name)
    else:
        from jixiao.core.readers import read_bytes

        result = read_bytes(data, name)
    document = result.document
    if not isinstance(document, core.Plan):
        raise ReadError("此文件是绩效自评表，不是绩效目标（jixiao.plan/1）", Location(file=name))
    return document, list(result.warnings)


# --- diff ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str  # Chinese label
    old: str | None
    new: str | None


@dataclass(slots=True)
class IndicatorChange:
    status: str  # "added" | "removed" | "changed"
    label: str  # level1 / level2 / name
    changes: list[FieldChange] = field(default_factory=list)


@dataclass(slots=True)
class ProjectChange:
    status: str  # "added" | "removed" | "changed"
    key: str | None
    name: str | None
    changes: list[FieldChange] = field(default_factory=list)
    indicators: list[IndicatorChange] = field(default_factory=list)


@dataclass(slots=True)
class PlanDiff:
    """What confirming would change; ``is_new`` when nothing is stored yet."""

    is_new: bool
    header: list[FieldChange] = field(default_factory=list)
    projects: list[ProjectChange] = field(default_factory=list)

    @property
    def added(self) -> list[ProjectChange]:
        return [p for p in self.projects if p.status == "added"]

    @property
    def removed(self) -> list[ProjectChange]:
        return [p for p in self.projects if p.status == "removed"]

    @property
    def changed(self) -> list[ProjectChange]:
        return [p for p in self.projects if p.status == "changed"]

    @property
    def is_empty(self) -> bool:
        return not self.is_new and not self.header and not self.projects


def _s(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return "；".join(str(v) for v in value) if value else None
    return str(value)


_PROJECT_FIELDS: tuple[tuple[str, Any], ...] = (
    ("项目名称", lambda p: p.name),
    ("项目编码", lambda p: p.code),
    ("预算数", lambda p: p.budget.total),
    ("财政资金", lambda p: p.budget.fiscal),
    ("其他资金", lambda p: p.budget.other),
    ("资金用途", lambda p: p.purpose),
    ("资金支出计划", lambda p: spending_text(p.spending_plan)),
    ("绩效目标", lambda p: p.goals),
)
_INDICATOR_FIELDS: tuple[tuple[str, str], ...] = (
    ("一级指标", "level1"),
    ("二级指标", "level2"),
    ("三级指标", "name"),
    ("绩效指标描述", "description"),
    ("指标值", "target"),
    ("指标值确定依据", "basis"),
    ("分值", "points"),
)


def _equal(a: object, b: object) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b  # 96 and 96.00 are the same amount
    return a == b


def _changes(pairs: tuple[tuple[str, Any], ...], old: Any, new: Any) -> list[FieldChange]:
    out = []
    for label, get in pairs:
        a, b = get(old), get(new)
        if not _equal(a, b):
            out.append(FieldChange(label, _s(a), _s(b)))
    return out


def _indicator_label(ind: core.Indicator) -> str:
    return " / ".join(x for x in (ind.level1, ind.level2, ind.name) if x) or "（空行）"


def _match(old: list[Any], new: list[Any], key: Any) -> list[tuple[Any | None, Any | None]]:
    """Pair items by key (repeated keys by occurrence), then leftovers by position."""
    pairs: list[tuple[Any | None, Any | None]] = []
    unmatched_old = list(range(len(old)))
    buckets: dict[Any, list[int]] = {}
    for i, item in enumerate(old):
        buckets.setdefault(key(item), []).append(i)
    new_left: list[int] = []
    for j, item in enumerate(new):
        k = key(item)
        if k is not None and buckets.get(k):
            i = buckets[k].pop(0)
            unmatched_old.remove(i)
            pairs.append((old[i], item))
        else:
            new_left.append(j)
    for j in new_left:
        if unmatched_old and key(new[j]) is None:
            pairs.append((old[unmatched_old.pop(0)], new[j]))
        else:
            pairs.append((None, new[j]))
    pairs.extend((old[i], None) for i in unmatched_old)
    return pairs


def diff_plans(old: core.Plan | None, new: core.Plan) -> PlanDiff:
    """Projects added/removed/changed (by code, else name), indicators with old → new."""
    if old is None:
        return PlanDiff(
            is_new=True,
            projects=[ProjectChange("added", p.key, p.name) for p in new.projects],
        )
    diff = PlanDiff(is_new=False)
    if old.money_unit != new.money_unit:
        diff.header.append(FieldChange("金额单位", old.money_unit, new.money_unit))
    old_overall = old.overall.to_dict() if old.overall else None
    new_overall = new.overall.to_dict() if new.overall else None
    if old_overall != new_overall:
        diff.header.append(
            FieldChange(
                "部门整体绩效目标",
                old.overall.goal if old.overall else None,
                new.overall.goal if new.overall else None,
            )
        )
    for a, b in _match(old.projects, new.projects, lambda p: p.key):
        if a is None:
            assert b is not None
            diff.projects.append(ProjectChange("added", b.key, b.name))
        elif b is None:
            diff.projects.append(ProjectChange("removed", a.key, a.name))
        else:
            change = ProjectChange("changed", b.key, b.name, _changes(_PROJECT_FIELDS, a, b))
            for ia, ib in _match(a.indicators, b.indicators, lambda i: i.name):
                if ia is None:
                    assert ib is not None
                    change.indicators.append(IndicatorChange("added", _indicator_label(ib)))
                elif ib is None:
                    change.indicators.append(IndicatorChange("removed", _indicator_label(ia)))
                else:
                    fields = tuple(
                        (lbl, lambda x, n=name: getattr(x, n)) for lbl, name in _INDICATOR_FIELDS
                    )
                    ch = _changes(fields, ia, ib)
                    if ch:
                        change.indicators.append(
                            IndicatorChange("changed", _indicator_label(ib), ch)
                        )
            if change.changes or change.indicators:
                diff.projects.append(change)
    return diff


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
            raise services.StaleEditError()
        return services.create_plan(unit, year, user=user, document=document)
    if expected_version is None:
        raise services.StaleEditError()
    return services.replace_plan_content(
        existing, document, user=user, expected_version=expected_version, reason="导入"
    )


def serialize_document(document: core.Plan) -> str:
    """The document as JSON text for carrying it from preview to confirm (session, form)."""
    return json.dumps(document.to_dict(), ensure_ascii=False, default=str)


def deserialize_document(text: str) -> core.Plan:
    try:
        return core.Plan.from_dict(json.loads(text, parse_float=Decimal))
    except (ValueError, core.ModelError) as exc:
        raise ReadError(f"导入数据已损坏，请重新上传：{exc}") from None
