"""红黄绿灯: the budget lamp (M9), the qualitative lamp (M10) and an indicator's lamp.

An indicator's lamp answers "will the annual target be met?" from what the unit
reported. Each available signal gives a lamp — the likelihood (确定能 green, 有可能
yellow, 不可能 red), the year-end value (a completion phrase by M10, or a number
compared with the target) — and the worst one is shown: a warning system must not let
a hopeful answer hide a bad figure. With neither, a completion phrase in the current
value decides; with nothing reported, there is no lamp.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from jixiao.core.monitoring.settings import LAMPS, Lamp, MonitorSettings
from jixiao.core.values import normalize_text, parse_value

__all__ = [
    "LIKELIHOOD_LAMPS",
    "budget_lamp",
    "indicator_lamp",
    "meets_target",
    "qualitative_lamp",
    "worst",
]

LIKELIHOOD_LAMPS: dict[str, Lamp] = {"确定能": "green", "有可能": "yellow", "不可能": "red"}
_HUNDRED = Decimal(100)


def budget_lamp(ratio: Fraction, settings: MonitorSettings) -> Lamp:
    """M9: red below ``red_below``, yellow below ``yellow_below``, else green — compared
    unrounded, so a ratio of exactly 60 is yellow."""
    if ratio < Fraction(settings.red_below):
        return "red"
    if ratio < Fraction(settings.yellow_below):
        return "yellow"
    return "green"


def qualitative_lamp(text: str | None, settings: MonitorSettings) -> Lamp | None:
    """M10: the lamp of a completion phrase the text equals or begins with (the longest
    phrase first: 部分达成年度指标… is not 达成年度指标)."""
    if not text:
        return None
    t = normalize_text(text)
    for phrase, lamp in _phrases(settings.qualitative):
        if t.startswith(phrase):
            return lamp
    return None


@lru_cache(maxsize=16)
def _phrases(qualitative: tuple[tuple[str, Lamp], ...]) -> tuple[tuple[str, Lamp], ...]:
    """The phrases normalised, longest first (once per settings, not per indicator)."""
    return tuple(
        sorted(((normalize_text(p), lamp) for p, lamp in qualitative), key=lambda p: -len(p[0]))
    )


def meets_target(target: str | None, value: str | None) -> bool | None:
    """Whether ``value`` satisfies a quantity ``target`` (≥ > ≤ < =); ``None`` when the
    two cannot be compared (no operator, a deadline, text, different units).

    A value without a unit is read in the target's unit, and a fraction such as 0.995
    against a percent target as 99.5% (the scorer's reading of published actuals).
    """
    t = parse_value(target)
    v = parse_value(value)
    if t.kind != "quantity" or t.op is None or t.number is None:
        return None
    if v.kind != "quantity" or v.number is None or v.op not in (None, "="):
        return None
    number = v.number
    if v.unit is None:
        if t.unit == "%" and abs(number) <= 1 < t.number:
            number *= _HUNDRED
    elif v.unit != t.unit:
        return None
    if t.op == "≥":
        return number >= t.number
    if t.op == ">":
        return number > t.number
    if t.op == "≤":
        return number <= t.number
    if t.op == "<":
        return number < t.number
    return number == t.number


def worst(lamps: list[Lamp]) -> Lamp | None:
    return min(lamps, key=LAMPS.index) if lamps else None


def indicator_lamp(
    target: str | None,
    current: str | None,
    projected: str | None,
    likelihood: str | None,
    settings: MonitorSettings,
) -> Lamp | None:
    signals: list[Lamp] = []
    if likelihood in LIKELIHOOD_LAMPS:
        signals.append(LIKELIHOOD_LAMPS[likelihood])
    phrase = qualitative_lamp(projected, settings)
    if phrase is not None:
        signals.append(phrase)
    else:
        met = meets_target(target, projected)
        if met is not None:
            signals.append("green" if met else "red")
    if signals:
        return worst(signals)
    return qualitative_lamp(current, settings)
