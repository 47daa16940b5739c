"""Reader placeholder: replaced by the real pdf reader."""

from __future__ import annotations

from jixiao.core.findings import Location, ReadError
from jixiao.core.readers import ReadResult


def read_pdf(data: bytes, source: str | None = None) -> ReadResult:
    raise ReadError("暂不支持此类文件", Location(file=source))
