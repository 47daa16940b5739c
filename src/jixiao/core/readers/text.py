"""Text reader: a text extraction of a published Hebei county 部门预算绩效文本.

The layout and its extraction hazards are described in domain.md §9; the work is done
in ``hebei`` (document structure) and ``hebei_table`` (the indicator tables).
"""

from __future__ import annotations

from jixiao.core.readers import ReadResult
from jixiao.core.readers.hebei import Line, read_hebei_lines

__all__ = ["read_text"]


def read_text(text: str, source: str | None = None) -> ReadResult:
    """Read a 绩效文本 from its extracted text; ``ReadError`` says where it fails."""
    lines = [
        Line(no, t) for no, t in enumerate(text.splitlines(), start=1) if t and not t.isspace()
    ]
    return read_hebei_lines(lines, source, text)
