"""Whitespace clean-up and display widths for text extracted from published PDFs.

PDF text extraction puts spaces where the source has none ("291 条", "2024 年",
"9+X 信息系统") and breaks cells and prose at fixed widths. docs/formats.md keeps text as
published, so these artefacts are removed: every run of whitespace goes, except a single
space between two ASCII letters/digits, which may be a real word gap ("ISO 9001").
Widths are counted in half-width units (a CJK character is 2), the unit in which a
table column wraps.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["clean", "join_wrapped", "width"]

_WS = re.compile(r"\s+")
_ASCII_GAP = re.compile(r"(?<=[A-Za-z0-9])[ \t\u3000\u00a0]+(?=[A-Za-z0-9])")


@lru_cache(maxsize=16384)
def clean(text: str) -> str:
    """Remove extraction whitespace from one cell or paragraph (docs/sources.md#hazard-5)."""
    parts = text.split()  # str.split() and \s agree on what whitespace is
    if len(parts) < 2:
        return parts[0] if parts else ""
    s = text.strip()
    if not _ASCII_GAP.search(s):
        return "".join(parts).replace("\x00", " ")  # as below, where NUL marks a gap
    s = _ASCII_GAP.sub("\x00", s)
    return _WS.sub("", s).replace("\x00", " ")


def join_wrapped(parts: list[str]) -> str:
    """Join the lines of a wrapped cell or paragraph: a wrap is never a word gap."""
    return clean("".join(p.strip() for p in parts))


@lru_cache(maxsize=32768)
def _char_width(ch: str) -> int:
    # Ambiguous-width signs (≥ ≤ · “ ”) are set full-width in Chinese PDFs.
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1


# ASCII (width 1) and characters known to be wide (east_asian_width W, F or A): CJK
# punctuation and ideographs, full-width forms and the signs of Chinese tables. Text of
# only these is measured without a lookup per character (a test checks the ranges).
WIDE_RANGES = (
    ("\u3000", "\u303e"),
    ("\u4e00", "\u9fff"),
    ("\uff01", "\uff60"),
    ("\uffe0", "\uffe6"),
    ("\u2264", "\u2265"),  # ≤ ≥
    ("\u2018", "\u2019"),  # ‘ ’
    ("\u201c", "\u201d"),  # “ ”
    ("\u00b7", "\u00b7"),  # ·
)
_ASCII_OR_WIDE = re.compile("[\x00-\x7f" + "".join(f"{a}-{b}" for a, b in WIDE_RANGES) + "]*")


@lru_cache(maxsize=16384)
def width(text: str) -> int:
    """Display width in half-width units, ignoring surrounding whitespace."""
    s = text.strip()
    if s.isascii():
        return len(s)
    if _ASCII_OR_WIDE.fullmatch(s):
        return 2 * len(s) - len(s.encode("ascii", "ignore"))  # 2 per non-ASCII character
    return sum(map(_char_width, s))
