"""Readers: turn what units already have into model documents.

``read_document(path)`` picks the reader by file content and extension:
``.json``/``.yaml``/``.yml`` (our formats), ``.txt`` (a text extraction of a published
绩效文本), ``.pdf`` (the published PDF), ``.docx`` (the 绩效文本 in Word or WPS, told from
a workbook by the zip's members), ``.xlsx`` (Excel tables). Old binary Office files
(``.doc``, ``.xls``, OLE) are refused with a message saying what to save them as. Every reader returns
a ``ReadResult`` (the document plus non-fatal warnings) or raises ``ReadError`` whose
message says where (page/line/cell) and what was expected. Heavy libraries (pdfplumber,
openpyxl, python-docx) are imported only by the reader that needs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jixiao.core.findings import Location, ReadError
from jixiao.core.model import Plan, SelfEvaluation
from jixiao.core.readers.limits import check_document, check_file_size

__all__ = ["OLD_OFFICE", "ReadResult", "ReadWarning", "read_bytes", "read_document"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .doc/.xls/.wps
OLD_OFFICE = frozenset({".doc", ".wps", ".xls", ".et"})


@dataclass(frozen=True, slots=True)
class ReadWarning:
    """Something read with doubt or skipped (e.g. one broken project in a document)."""

    message: str
    location: Location | None = None

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass(slots=True)
class ReadResult:
    document: Plan | SelfEvaluation
    warnings: list[ReadWarning] = field(default_factory=list)


def read_document(path: str | Path) -> ReadResult:
    """Read any supported input file; raise ``ReadError`` when it cannot be read."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ReadError(f"无法打开文件：{exc.strerror}", Location(file=str(p))) from exc
    check_file_size(size, str(p))
    return read_bytes(p.read_bytes(), p.name, source=str(p))


def read_bytes(data: bytes, filename: str, source: str | None = None) -> ReadResult:
    """Read an uploaded file's bytes; ``filename`` (its extension) helps pick the reader.
    The result is within the read limits (``readers.limits``) or ``LimitError`` says which."""
    result = _read_bytes(data, filename, source)
    check_document(result.document, source or filename)
    return result


def _read_bytes(data: bytes, filename: str, source: str | None) -> ReadResult:
    src = source or filename
    suffix = Path(filename).suffix.lower()
    check_file_size(len(data), src)
    if data.startswith(b"%PDF") or suffix == ".pdf":
        from jixiao.core.readers.pdf import read_pdf

        return read_pdf(data, source=src)
    if data.startswith(OLE_MAGIC) or suffix in OLD_OFFICE:
        raise ReadError(_old_office_message(data, suffix), Location(file=src))
    if suffix == ".docx" or (
        suffix not in {".xlsx", ".xlsm"} and data.startswith(b"PK") and _is_word_package(data)
    ):
        from jixiao.core.readers.word import read_docx

        return read_docx(data, source=src)
    if data.startswith(b"PK") or suffix in {".xlsx", ".xlsm"}:
        from jixiao.core.readers.excel import read_excel

        return read_excel(data, source=src)
    text = _decode(data, src)
    if suffix in {".json", ".yaml", ".yml"} or text.lstrip().startswith(("{", "format:")):
        from jixiao.core.readers.structured import read_structured

        return read_structured(text, source=src, as_yaml=suffix in {".yaml", ".yml"})
    from jixiao.core.readers.text import read_text

    return read_text(text, source=src)


def _is_word_package(data: bytes) -> bool:
    """A zip holding a Word main document (``word/document.xml``), not a workbook."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(n.startswith("word/") for n in z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _old_office_message(data: bytes, suffix: str) -> str:
    """Old binary Office files (OLE) are refused with what to save them as instead."""
    excel = suffix in {".xls", ".et"} or (
        suffix not in {".doc", ".wps"} and "Workbook".encode("utf-16-le") in data
    )
    if excel:
        return "不支持旧版 Excel 文件（.xls），请在 Excel 或 WPS 中另存为 .xlsx 后再导入"
    return "不支持旧版 Word 文件（.doc/.wps），请在 Word 或 WPS 中另存为 .docx 后再导入"


def _decode(data: bytes, source: str) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ReadError("文件不是 UTF-8 或 GB18030 编码的文本", Location(file=source))
