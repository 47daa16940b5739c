"""The lines spending is held against (M7, M8) and the year-end forecast, exactly.

Rates are ``Fraction``s, not rounded decimals: the lamp compares a ratio with its
thresholds unrounded (a ratio of exactly 60 is yellow, M9), and N/12 or a plan line
interpolated between months is not a finite decimal. Money stays ``Decimal``; rates are
rounded only when written out (``rate_text``: 4 places, half up).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from jixiao.core.model import SpendingPoint

__all__ = [
    "forecast",
    "plan_line",
    "quantize",
    "rate_text",
    "time_progress",
]

ZERO = Fraction(0)
ONE = Fraction(1)


def time_progress(month: int) -> Fraction:
    """序时进度 at the end of month N: N/12 (M7)."""
    return Fraction(month, 12)


def plan_line(points: Sequence[SpendingPoint], month: int) -> Fraction | None:
    """The spending plan's cumulative share at month N (M8).

    Linear between the listed months, from 0 at month 0; after the last listed month
    the plan stays where it ended. ``None`` when the plan lists no percent.
    """
    pts = sorted(
        (p.month, Fraction(p.percent))
        for p in points
        if p.percent is not None and p.percent.is_finite() and 1 <= p.month <= 12
    )
    if not pts:
        return None
    prev_m, prev_v = 0, ZERO
    for m, v in pts:
        if month <= m:
            if m == prev_m:
                return v / 100
            return (prev_v + (v - prev_v) * (month - prev_m) / (m - prev_m)) / 100
        prev_m, prev_v = m, v
    return prev_v / 100


def forecast(
    executed: Decimal, budget: Decimal, pace_now: Fraction, pace_end: Fraction
) -> Fraction:
    """Projected year-end execution when the unit gives none (docs/monitoring.md).

    The project keeps its current pace against its own line (the spending plan, or the
    time line without one): executed × line(12) ÷ line(N). Nothing can be unspent, so
    never below ``executed``; nothing beyond the budget is planned, so never above it
    unless already exceeded. With nothing due yet (line(N) = 0) the plan is assumed to
    hold: budget × line(12).
    """
    spent = Fraction(executed)
    total = Fraction(budget)
    projected = total * pace_end if pace_now == 0 else spent * pace_end / pace_now
    return max(spent, min(projected, max(total, spent)))


def quantize(value: Fraction, places: int) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals, exactly."""
    scale = 10**places
    n, d = abs(value.numerator) * scale, value.denominator
    q, r = divmod(n, d)
    if 2 * r >= d:
        q += 1
    sign = 1 if value < 0 and q else 0
    return Decimal((sign, tuple(int(c) for c in str(q)), -places))


def rate_text(value: Fraction | None) -> str | None:
    """A rate as docs/formats.md writes it: 4 decimals ("0.6250" = 62.50%)."""
    return None if value is None else str(quantize(value, 4))
