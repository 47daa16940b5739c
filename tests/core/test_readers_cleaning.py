"""Whitespace clean-up and display widths: the fast paths agree with their definitions."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.readers.cleaning import WIDE_RANGES, clean, width

_WS = re.compile(r"\s+")
_ASCII_GAP = re.compile(r"(?<=[A-Za-z0-9])[ \t\u3000\u00a0]+(?=[A-Za-z0-9])")


def reference_clean(text: str) -> str:
    """clean() as first written: whitespace removed but a gap between ASCII words."""
    s = text.strip()
    if not _WS.search(s):
        return s
    return _WS.sub("", _ASCII_GAP.sub("\x00", s)).replace("\x00", " ")


def reference_width(text: str) -> int:
    """Half-width units: 2 for east_asian_width W, F, A (≥ “ · in Chinese PDFs), else 1."""
    return sum(
        2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 1 for ch in text.strip()
    )


def test_wide_ranges_are_wide() -> None:
    for first, last in WIDE_RANGES:
        for cp in range(ord(first), ord(last) + 1):
            assert unicodedata.east_asian_width(chr(cp)) in ("W", "F", "A"), hex(cp)


# Characters of the fast path and just outside it, spaces of every kind, ASCII words.
_CHARS = st.sampled_from(
    list("ab Z9.%+-\t\n\u3000\u00a0\u2028\x0b\x00")
    + [chr(ord(a) + d) for a, b in WIDE_RANGES for d in (-1, 0, 1)]
    + [chr(ord(b) + d) for a, b in WIDE_RANGES for d in (-1, 0, 1)]
    + list("中文，≥≤“”·é×—…①")
)


@settings(max_examples=2000, deadline=None)
@given(st.text(_CHARS, max_size=16) | st.text(max_size=16))
def test_width_and_clean_agree_with_their_definitions(text: str) -> None:
    width.cache_clear()
    clean.cache_clear()
    assert width(text) == reference_width(text)
    assert clean(text) == reference_clean(text)


def test_width_examples() -> None:
    assert width("  291条 ") == 5
    assert width("≥95%") == 5
    assert width("“综治中心”·9+X") == 17
    assert width("é") == 2  # Latin-1 letters are ambiguous width: 2, as CJK fonts set them
