"""Font sizes that keep a text on one line of a given width.

Titles are printed on one line (a reader of the PDF finds a heading line by line) and
short values (a month, a percentage, an amount) in one piece ("33.3" / "3%" would read
back as two numbers): a text too long for its width is set smaller instead of wrapped.
Widths are estimated generously: a CJK character is 1 em, any other character 0.6 em.
"""

from __future__ import annotations

from jixiao.core.readers.cleaning import width

__all__ = ["MIN_PT", "fit"]

_PT_PER_MM = 72 / 25.4
MIN_PT = 6.0


def fit(text: str, size_pt: float, width_mm: float) -> float:
    """The largest size up to ``size_pt`` (in quarter points, at least ``MIN_PT``) at
    which ``text`` fits ``width_mm``."""
    ems = width(text) / 2 + 0.1 * sum(1 for ch in text if ord(ch) < 0x2E80)
    if ems <= 0:
        return size_pt
    fitted = min(size_pt, width_mm * _PT_PER_MM / ems)
    return max(MIN_PT, int(fitted * 4) / 4)
