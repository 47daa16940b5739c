"""Points of a new self-evaluation's rows, split by the policy's first-level totals (S1, S3).

A self-evaluation started from approved targets has rows but usually no points: each row
gets its first-level group's share (产出 50 over its rows …), in whole hundredths, the
rounding remainder on the group's last row so that every group adds up exactly and 复核
R4 has nothing to report. Rows outside every group share what is left of 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal

from jixiao.core.scoring.policy import Policy

__all__ = ["allocate_points"]

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def _split(room: Decimal, n: int) -> list[Decimal]:
    each = (room / n).quantize(CENT, ROUND_DOWN)
    return [each] * (n - 1) + [room - each * (n - 1)]


def allocate_points(level1s: Sequence[str | None], policy: Policy) -> list[Decimal]:
    """Points for rows with these level1 labels; the execution item keeps its own."""
    points = [Decimal(0)] * len(level1s)
    groups: dict[str | None, list[int]] = {}
    for i, label in enumerate(level1s):
        groups.setdefault(policy.group_of(label), []).append(i)
    fixed = policy.level1_points or {}
    used = policy.execution_points
    for group, idx in groups.items():
        if group is None or group not in fixed:
            continue
        for i, p in zip(idx, _split(fixed[group], len(idx)), strict=True):
            points[i] = p
        used += fixed[group]
    rest = [i for g, idx in groups.items() if g is None or g not in fixed for i in idx]
    if rest:
        room = max(HUNDRED - used, Decimal(0))
        for i, p in zip(rest, _split(room, len(rest)), strict=True):
            points[i] = p
    return points
