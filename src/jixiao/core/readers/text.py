"""Text reader: a text extraction of a published Hebei county 部门预算绩效文本.

The work is done in ``hebei`` (document structure, the layout and its extraction
hazards) and ``hebei_table`` (the indicator tables).

A file may hold several documents (texts concatenated into one file). They are never
merged into one plan: ``read_text`` refuses such a file with ``ManyDocumentsError``,
which names the line where each document starts and carries each one read on its own,
so that ``jixiao check`` can check them one by one while a reader that wants one plan
(``jixiao parse``, the web import) refuses the file with that message.
"""

from __future__ import annotations

from jixiao.core.findings import Location, ReadError
from jixiao.core.readers import ReadResult
from jixiao.core.readers.hebei import Line, read_hebei_lines, split_documents

__all__ = ["ManyDocumentsError", "read_text"]


class ManyDocumentsError(ReadError):
    """A file holding several documents; ``documents`` is each one read (or its error),
    ``starts`` the 1-based line where each begins."""

    def __init__(
        self, source: str | None, starts: list[int], documents: list[ReadResult | ReadError]
    ) -> None:
        where = "、".join(f"第{n}行" for n in starts)
        super().__init__(
            f"文件包含 {len(starts)} 份绩效文本（分别从{where}开始），不能合并为一个计划；"
            "请拆分为单独的文件后读取（jixiao check 可逐份审核）",
            Location(file=source),
        )
        self.starts = starts
        self.documents = documents


def read_text(text: str, source: str | None = None) -> ReadResult:
    """Read a 绩效文本 from its extracted text; ``ReadError`` says where it fails."""
    lines = [
        Line(no, t) for no, t in enumerate(text.splitlines(), start=1) if t and not t.isspace()
    ]
    parts = split_documents(lines)
    if len(parts) == 1:
        return read_hebei_lines(lines, source, text, parts[0][1])
    documents: list[ReadResult | ReadError] = []
    for part, blocks in parts:
        try:
            documents.append(
                read_hebei_lines(part, source, "\n".join(ln.text for ln in part), blocks)
            )
        except ReadError as exc:
            documents.append(exc)
    raise ManyDocumentsError(source, [part[0].no for part, _ in parts], documents)
