"""Attaching evidence files: type recognised by content, size and count bounded.

Only while the self-evaluation may be edited (the same ``audit.editing`` context as every
other change, so the upload is recorded as a change too).
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from jixiao.web.common.middleware import megabytes
from jixiao.web.plans.services.audit import AnyUser, ServiceError, acting_user
from jixiao.web.plans.services.importing import max_upload_bytes
from jixiao.web.selfeval.models import Change, Evidence, SelfEvaluation
from jixiao.web.selfeval.services.audit import editing

__all__ = ["MAX_FILES", "attach", "sniff"]

MAX_FILES = 30

#: (magic bytes, content type, accepted suffixes)
_KINDS: tuple[tuple[bytes, str, tuple[str, ...]], ...] = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
    (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument",
        (".xlsx", ".docx"),
    ),
)
_OFFICE = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def sniff(data: bytes, filename: str) -> str:
    """The content type of an accepted file, or ``ServiceError`` saying what is accepted."""
    suffix = PurePath(filename).suffix.lower()
    for magic, ctype, suffixes in _KINDS:
        if data.startswith(magic) and suffix in suffixes:
            return _OFFICE.get(suffix, ctype)
    raise ServiceError(
        f"“{PurePath(filename).name}”不是可接受的佐证材料：只接受 PDF、PNG、JPEG 图片、Excel（.xlsx）、Word（.docx）"
    )


def attach(
    ev: SelfEvaluation,
    filename: str,
    data: bytes,
    *,
    user: AnyUser,
    note: str = "",
    expected_version: int | None = None,
) -> Evidence:
    name = PurePath(filename or "file").name[:255]
    if not data:
        raise ServiceError(f"“{name}”是空文件")
    limit = max_upload_bytes()
    if len(data) > limit:
        raise ServiceError(f"“{name}”过大（{megabytes(len(data))}），上限为 {megabytes(limit)}")
    ctype = sniff(data, name)
    with editing(ev, user=user, expected_version=expected_version):
        if Evidence.objects.filter(evaluation=ev).count() >= MAX_FILES:
            raise ServiceError(f"每份自评最多 {MAX_FILES} 个佐证材料")
        item = Evidence.objects.create(
            evaluation=ev,
            filename=name,
            content_type=ctype,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            data=data,
            note=note.strip()[:200],
            uploaded_by=acting_user(user),
        )
        Change.objects.create(
            evaluation=ev, field="evidence", label="佐证材料", new=name, user=acting_user(user)
        )
    return item
