"""Payment and record dates in the forms units write them.

``2024-03-15``, ``2024/3/15``, ``2024.3.15``, ``2024年3月15日`` and the eight digits
``20240315`` of many exports, each optionally followed by a time of day (exports of the
一体化 system add one); Excel date cells arrive as ``datetime``. Anything else is not a
date: the caller reports the row.
"""

from __future__ import annotations

import re
from datetime import date, datetime

__all__ = ["DateError", "parse_date"]

_DATE = re.compile(
    r"^(\d{4})\s*(?:([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?)"
    r"(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class DateError(ValueError):
    """Text that is not a date; ``str()`` says why, in Chinese."""


def parse_date(value: object) -> date | None:
    """The date in a cell; blank → ``None``; raises ``DateError`` for anything else."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(int(value)) if float(value).is_integer() else str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise DateError(f"不是日期：{value!r}")
    if not text:
        return None
    text = text.translate(_FULLWIDTH)
    m = _DATE.match(text)
    if m:
        y = int(m.group(1))
        mo, d = (m.group(3), m.group(4)) if m.group(2) else (m.group(5), m.group(6))
        month, day = int(mo), int(d)
    else:
        c = _COMPACT.match(text)
        if not c:
            raise DateError(
                f"不是日期：“{text[:40]}”（应为 2024-03-15、2024/3/15 或 2024年3月15日）"
            )
        y, month, day = int(c.group(1)), int(c.group(2)), int(c.group(3))
    try:
        return date(y, month, day)
    except ValueError:
        raise DateError(f"日期不存在：“{text[:40]}”") from None


_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．：　", "0123456789-/.: ")
