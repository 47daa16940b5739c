"""Monitoring settings: the ``[monitoring]`` section of ``jixiao.toml``.

No province has published lamp thresholds, deviation categories or a key-monitoring
rule (财预〔2019〕136号 leaves them to local practice), so every number and list here
is a default behind a setting. ``parse_monitoring`` validates the section and reports
the offending key in Chinese (``ConfigError``), like the checker's settings.

```toml
[monitoring]
lamp_base = "plan"                 # "time" (序时进度, default) or "plan" (支出计划)
red_below = 60                     # ratio below → red
yellow_below = 80                  # ratio below → yellow, else green
deviation_categories = ["规划和目标设计", "投入保障", "制度保障", "项目管理"]
budget_words_lamps = ["red", "yellow"]
[monitoring.qualitative]
green = ["达成年度指标"]
[monitoring.key]
min_budget = 200                   # 万元
below = 60                         # execution rate, percent
from_month = 8
[monitoring.limits]
max_rows = 1000000
```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from jixiao.core.config import ConfigError

__all__ = [
    "LAMPS",
    "LIKELIHOODS",
    "Lamp",
    "Limits",
    "MonitorSettings",
    "parse_monitoring",
]

Lamp = Literal["red", "yellow", "green"]
LAMPS: tuple[Lamp, ...] = ("red", "yellow", "green")
LAMP_LABELS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}
# M4: the three answers of 完成目标可能性 (one vendor system writes 完全不可能).
LIKELIHOODS = ("确定能", "有可能", "不可能")
LIKELIHOOD_ALIASES = {"完全不可能": "不可能", "确定": "确定能", "可能": "有可能"}


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on every monitoring input (ledger, progress, feed records): far above any
    county's real files, low enough that a hostile file is refused before it is held."""

    max_bytes: int = 200 * 1024 * 1024
    max_rows: int = 1_000_000
    max_columns: int = 200
    max_cell_chars: int = 2_000
    # openpyxl inflates the zip: its members may expand to at most this many bytes.
    max_unzipped_bytes: int = 1024 * 1024 * 1024
    # |amount| in 元 (a sane magnitude: a county's whole budget is far below 10^12 元).
    max_amount: Decimal = Decimal("1e12")
    # Errors listed in one ReadError message (all are kept on the exception).
    max_errors_shown: int = 20


@dataclass(frozen=True, slots=True)
class MonitorSettings:
    """Everything the monitoring computation and its checks may be told (M4–M12)."""

    # M9: base of the budget lamp ratio: "time" (N/12) or "plan" (spending-plan line).
    lamp_base: Literal["time", "plan"] = "time"
    red_below: Decimal = Decimal(60)
    yellow_below: Decimal = Decimal(80)
    # M5: categories of 偏差原因 (one deployed vendor system, central-template style).
    deviation_categories: tuple[str, ...] = (
        "经费保障",
        "制度保障",
        "人员保障",
        "硬件（条件）保障",
        "其他",
    )
    # M11: budget lamps that need a deviation reason and a corrective measure.
    budget_words_lamps: tuple[Lamp, ...] = ("red", "yellow")
    # M10: completion phrases of qualitative indicators and their lamps.
    qualitative: tuple[tuple[str, Lamp], ...] = (
        ("达成年度指标", "green"),
        ("部分达成年度指标并具有一定效果", "yellow"),
        ("未达成年度指标且效果较差", "red"),
    )
    # M12: key monitoring when budget ≥ key_min_budget (万元) and the execution rate is
    # below key_below percent, from the end of month key_from_month on.
    key_min_budget: Decimal = Decimal(200)
    key_below: Decimal = Decimal(60)
    key_from_month: int = 8
    limits: Limits = field(default_factory=Limits)

    def to_dict(self) -> dict[str, Any]:
        """The settings block of ``jixiao.monitor/1`` (numbers as decimal strings)."""
        return {
            "lamp_base": self.lamp_base,
            "red_below": str(self.red_below),
            "yellow_below": str(self.yellow_below),
            "key": {
                "min_budget": str(self.key_min_budget),
                "below": str(self.key_below),
                "from_month": self.key_from_month,
            },
        }


_KEYS = (
    "lamp_base",
    "red_below",
    "yellow_below",
    "deviation_categories",
    "budget_words_lamps",
    "qualitative",
    "key",
    "limits",
)


def _number(value: object, key: str, *, low: Decimal, high: Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ConfigError(f"配置项 monitoring.{key} 应为数字，实为 {value!r}")
    try:
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        raise ConfigError(f"配置项 monitoring.{key} 应为数字，实为 {value!r}") from None
    if not d.is_finite() or not low <= d <= high:
        raise ConfigError(f"配置项 monitoring.{key} 应在 {low} 到 {high} 之间，实为 {value!r}")
    return d


def _int(value: object, key: str, *, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(
            f"配置项 monitoring.{key} 应为 {low} 到 {high} 之间的整数，实为 {value!r}"
        )
    return value


def _texts(value: object, key: str) -> tuple[str, ...]:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise ConfigError(f'配置项 monitoring.{key} 应为非空文本的列表，例如 ["经费保障", "其他"]')
    return tuple(v.strip() for v in value)


def _lamps(value: object, key: str) -> tuple[Lamp, ...]:
    if not isinstance(value, list) or not all(v in LAMPS for v in value):
        raise ConfigError(f'配置项 monitoring.{key} 应为灯色的列表（"red"、"yellow"、"green"）')
    return tuple(v for v in LAMPS if v in value)


def _table(value: object, key: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"配置项 monitoring.{key} 应为表（[monitoring.{key}]）")
    return value


def parse_monitoring(data: object) -> MonitorSettings:
    """Build ``MonitorSettings`` from the parsed ``[monitoring]`` table."""
    m = _table(data, "monitoring") if data is not None else {}
    unknown = set(m) - set(_KEYS)
    if unknown:
        raise ConfigError(f"配置项 monitoring.{sorted(unknown)[0]} 未知；可用：{'、'.join(_KEYS)}")
    s = MonitorSettings()
    changes: dict[str, Any] = {}
    if "lamp_base" in m:
        if m["lamp_base"] not in ("time", "plan"):
            raise ConfigError(
                f'配置项 monitoring.lamp_base 应为 "time"（序时进度）或 "plan"（支出计划），实为 {m["lamp_base"]!r}'
            )
        changes["lamp_base"] = m["lamp_base"]
    hundred = Decimal(100)
    if "red_below" in m:
        changes["red_below"] = _number(m["red_below"], "red_below", low=Decimal(0), high=hundred)
    if "yellow_below" in m:
        changes["yellow_below"] = _number(
            m["yellow_below"], "yellow_below", low=Decimal(0), high=hundred
        )
    red = changes.get("red_below", s.red_below)
    yellow = changes.get("yellow_below", s.yellow_below)
    if red > yellow:
        raise ConfigError(
            f"配置项 monitoring.red_below（{red}）不能大于 monitoring.yellow_below（{yellow}）"
        )
    if "deviation_categories" in m:
        changes["deviation_categories"] = _texts(m["deviation_categories"], "deviation_categories")
    if "budget_words_lamps" in m:
        changes["budget_words_lamps"] = _lamps(m["budget_words_lamps"], "budget_words_lamps")
    if "qualitative" in m:
        q = _table(m["qualitative"], "qualitative")
        bad = set(q) - set(LAMPS)
        if bad:
            raise ConfigError(
                f"配置项 monitoring.qualitative.{sorted(bad)[0]} 未知；可用：green、yellow、red"
            )
        phrases = {p: lamp for p, lamp in s.qualitative if lamp not in q}
        for lamp in LAMPS:
            if lamp in q:
                for p in _texts(q[lamp], f"qualitative.{lamp}"):
                    phrases[p] = lamp
        changes["qualitative"] = tuple(phrases.items())
    if "key" in m:
        k = _table(m["key"], "key")
        bad = set(k) - {"min_budget", "below", "from_month"}
        if bad:
            raise ConfigError(
                f"配置项 monitoring.key.{sorted(bad)[0]} 未知；可用：min_budget、below、from_month"
            )
        if "min_budget" in k:
            changes["key_min_budget"] = _number(
                k["min_budget"], "key.min_budget", low=Decimal(0), high=Decimal("1e8")
            )
        if "below" in k:
            changes["key_below"] = _number(k["below"], "key.below", low=Decimal(0), high=hundred)
        if "from_month" in k:
            changes["key_from_month"] = _int(k["from_month"], "key.from_month", low=1, high=12)
    if "limits" in m:
        changes["limits"] = _limits(_table(m["limits"], "limits"))
    return replace(s, **changes) if changes else s


def _limits(data: Mapping[str, Any]) -> Limits:
    base = Limits()
    ints = ("max_bytes", "max_rows", "max_columns", "max_cell_chars", "max_unzipped_bytes")
    bad = set(data) - {*ints, "max_amount", "max_errors_shown"}
    if bad:
        raise ConfigError(
            f"配置项 monitoring.limits.{sorted(bad)[0]} 未知；可用：{'、'.join(ints)}、max_amount、max_errors_shown"
        )
    changes: dict[str, Any] = {}
    for key in ints:
        if key in data:
            changes[key] = _int(data[key], f"limits.{key}", low=1, high=2**40)
    if "max_errors_shown" in data:
        changes["max_errors_shown"] = _int(
            data["max_errors_shown"], "limits.max_errors_shown", low=1, high=10_000
        )
    if "max_amount" in data:
        changes["max_amount"] = _number(
            data["max_amount"], "limits.max_amount", low=Decimal(1), high=Decimal("1e15")
        )
    return replace(base, **changes) if changes else base
