"""Text for the terminal: what a file says is shown as data, never obeyed as a command.

Indicator names, messages and file names come from files a user did not write. Printed
raw, an ESC or OSC sequence in them could recolour, retitle or hyperlink the terminal,
move the cursor over earlier lines, or (with bidi overrides) show text in another order
than it is stored. ``safe`` is the one way such text reaches a terminal: control and
bidi characters become visible escapes (``\\x1b``, ``\\u202e``). Rich markup is never
built from file text (``[/]`` would crash it, ``[link=…]`` would become a link): reports
are plain strings with ANSI styles added here, and Rich tables get ``Text`` cells.

Styling costs nothing when output is piped: ``style_codes`` returns no codes and does
not import Rich. On a terminal it asks Rich once for each style's ANSI codes (so Rich
decides the colour system and honours ``NO_COLOR``, ``FORCE_COLOR``, ``TTY_COMPATIBLE``
and ``TERM=dumb``); a report is then one string, however many findings it holds.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import IO, Any

__all__ = ["Codes", "is_terminal", "json_safe", "paint", "plain_table", "safe", "style_codes"]

# C0 and C1 controls (ESC, CSI 0x9b, OSC 0x9d …), DEL, line/paragraph separators and
# the bidirectional formatting characters (Trojan Source, CVE-2021-42574).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# What json.dumps(ensure_ascii=False) leaves raw although a terminal would act on it.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match[str]) -> str:
    ch = m.group()
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: object) -> str:
    """``text`` with every control and bidi character shown as a visible escape."""
    s = text if isinstance(text, str) else str(text)
    return _UNSAFE.sub(_visible, s) if _UNSAFE.search(s) else s


def json_safe(text: str) -> str:
    """JSON text (from ``json.dumps(ensure_ascii=False)``) with C1 and bidi characters as
    ``\\uXXXX``: the same data once parsed, inert on a terminal. ``json.dumps`` already
    escapes C0 controls; the characters escaped here can only occur inside strings."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


Codes = Mapping[str, tuple[str, str]]
"""ANSI (prefix, suffix) per Rich style name; empty when output is plain text."""

STYLES = ("bold", "bold underline", "bold red", "red", "yellow", "cyan", "green", "dim")


def is_terminal(stream: IO[Any]) -> bool:
    """Whether ``stream`` takes ANSI styles, decided as Rich decides it.

    Rich is imported only when the stream may be a terminal (a tty, or ``FORCE_COLOR`` /
    ``TTY_COMPATIBLE=1`` set): piped output never pays for it."""
    compat = os.environ.get("TTY_COMPATIBLE", "")
    if compat == "0":
        return False
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not (tty or compat == "1" or os.environ.get("FORCE_COLOR")):
        return False
    from rich.console import Console

    return Console(file=stream).is_terminal


def style_codes(stream: IO[Any]) -> dict[str, tuple[str, str]]:
    """The ANSI codes of ``STYLES`` for ``stream``; ``{}`` when it is not a terminal."""
    if not is_terminal(stream):
        return {}
    from rich.console import Console
    from rich.style import Style

    console = Console(file=stream)
    system = console._color_system  # None under TERM=dumb
    if system is None or console.legacy_windows:
        return {}
    codes: dict[str, tuple[str, str]] = {}
    for name in STYLES:
        style = Style.parse(name)
        if console.no_color:
            style = style.without_color
        pre, _, post = style.render("\0", color_system=system).partition("\0")
        if pre or post:
            codes[name] = (pre, post)
    return codes


def paint(codes: Codes, text: str, style: str) -> str:
    """``text`` in ``style`` (a name in ``STYLES``); unchanged when ``codes`` is empty."""
    pair = codes.get(style)
    return f"{pair[0]}{text}{pair[1]}" if pair else text


def _width(s: str) -> int:
    """Columns ``s`` takes on a terminal: wide and full-width characters count two."""
    if s.isascii():
        return len(s)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def plain_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: frozenset[int] = frozenset()
) -> list[str]:
    """Aligned columns for piped output (CJK counted as two columns); cells are made safe.

    Rich's table wraps cells to the terminal's width, which a pipe does not have; here
    every row stays on one line so that grep and cut see whole rows."""
    table = [[safe(c) for c in headers], *([safe(c) for c in r] for r in rows)]
    widths = [max(_width(r[k]) for r in table) for k in range(len(headers))]
    out = []
    for r in table:
        cells = []
        for k, cell in enumerate(r):
            pad = " " * (widths[k] - _width(cell))
            cells.append(pad + cell if k in right else cell + pad)
        out.append("  ".join(cells).rstrip())
    out.insert(1, "  ".join("-" * w for w in widths))
    return out
