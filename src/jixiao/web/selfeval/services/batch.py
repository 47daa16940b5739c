"""Published self-evaluation tables uploaded in bulk for 复核, all or nothing.

Each file goes through the core's reader dispatch (``readers.read_bytes``: the Excel
layouts ``jixiao score`` reads, or ``jixiao.selfeval/1`` JSON/YAML) and is scored by its
own policy exactly as ``jixiao score`` would; a file that cannot be read refuses the whole
upload with the file's name and the reason. The summary workbook lists every table with
its departures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from pathlib import PurePath

from django.db import transaction

from jixiao.core import model as core
from jixiao.core.findings import Location, ReadError
from jixiao.core.scoring import PolicyError, ScoreReport, policy_for, score_selfeval
from jixiao.web.common.middleware import megabytes
from jixiao.web.orgs.models import Unit
from jixiao.web.plans.services.audit import AnyUser, ServiceError, acting_user
from jixiao.web.plans.services.importing import max_upload_bytes
from jixiao.web.selfeval.models import BatchTable, RecheckBatch

__all__ = ["MAX_FILES", "Upload", "create_batch", "read_table", "score_table", "summary_xlsx"]

MAX_FILES = 300
SUFFIXES = (".xlsx", ".xlsm", ".json", ".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Upload:
    filename: str
    data: bytes


def read_table(upload: Upload) -> core.SelfEvaluation:
    """One published table; ``ReadError`` (Chinese, with the file) when it is not one."""
    from jixiao.core.readers import read_bytes

    name = PurePath(upload.filename or "upload").name
    where = Location(file=name)
    if len(upload.data) > max_upload_bytes():
        raise ReadError(f"文件过大（{megabytes(len(upload.data))}）", where)
    if not upload.data:
        raise ReadError("文件为空", where)
    if PurePath(name).suffix.lower() not in SUFFIXES:
        raise ReadError("只接受 Excel（.xlsx）自评表或 JSON/YAML（jixiao.selfeval/1）", where)
    doc = read_bytes(upload.data, name).document
    if not isinstance(doc, core.SelfEvaluation):
        raise ReadError("此文件是绩效目标，不是绩效自评表（jixiao.selfeval/1）", where)
    try:
        policy_for(doc)
    except PolicyError as exc:
        raise ReadError(f"评分规则有误：{exc}", where) from None
    return doc


def score_table(document: dict[str, object]) -> tuple[core.SelfEvaluation, ScoreReport]:
    doc = core.SelfEvaluation.from_dict(document)
    return doc, score_selfeval(doc, policy_for(doc))


@transaction.atomic
def create_batch(
    unit: Unit, name: str, uploads: Sequence[Upload], *, user: AnyUser
) -> RecheckBatch:
    """Read, score and store every table, or none (``ServiceError`` says which file)."""
    if not uploads:
        raise ServiceError("请选择要复核的自评表文件")
    if len(uploads) > MAX_FILES:
        raise ServiceError(f"一次最多上传 {MAX_FILES} 个文件，本次 {len(uploads)} 个")
    docs = []
    for upload in uploads:
        try:
            docs.append(read_table(upload))
        except ReadError as exc:
            raise ServiceError(f"未导入任何文件：{exc}") from None
    batch = RecheckBatch.objects.create(
        unit=unit, name=name.strip()[:200] or "自评表复核", created_by=acting_user(user)
    )
    tables = []
    for n, (upload, doc) in enumerate(zip(uploads, docs, strict=True)):
        report = score_selfeval(doc, policy_for(doc))
        tables.append(
            BatchTable(
                batch=batch,
                position=n,
                filename=PurePath(upload.filename).name[:255],
                project=(doc.project.name or doc.project.code or "")[:300],
                document=doc.to_dict(),
                total=report.total,
                grade=report.grade or "",
                departures=len(report.findings),
            )
        )
    BatchTable.objects.bulk_create(tables)
    return batch


def _cell(value: object) -> object:
    """Text from files is data, never a formula, in the workbook we write."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def summary_xlsx(batch: RecheckBatch) -> bytes:
    """汇总 (one row per table) and 复核意见 (one row per departure)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "汇总"
    ws.append(
        ["序号", "文件", "项目", "公布总分", "公布等级", "按规则总分", "按规则等级", "复核差异"]
    )
    notes = wb.create_sheet("复核意见")
    notes.append(["序号", "项目", "规则", "级别", "第几项指标", "意见"])
    for t in batch.tables.order_by("position", "id"):
        doc, report = score_table(t.document)
        total = report.total
        ws.append(
            [
                t.position + 1,
                _cell(t.filename),
                _cell(t.project),
                None if doc.published_total is None else Decimal(doc.published_total),
                _cell(doc.published_grade),
                total,
                report.grade,
                len(report.findings),
            ]
        )
        for f in report.findings:
            notes.append(
                [
                    t.position + 1,
                    _cell(t.project),
                    f.rule,
                    f.severity,
                    f.indicator,
                    _cell(f.message),
                ]
            )
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
