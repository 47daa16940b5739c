"""Checker configuration: which rules run, how severe they are, and their word lists.

Review practice differs by region and year (docs/rules.md marks many rules "keep
configurable"), so a project file ``jixiao.toml`` can switch rules off, re-grade them
and replace or extend the word lists the rules match on. The defaults here are the
documented behaviour; a missing file means the defaults. Errors in the file are reported
in Chinese with the offending key, never as a traceback.

```toml
[rules.duplicate-indicator]
enabled = false
[rules.cost-direction]
severity = "warning"

[words]
vague = ["工作完成率", "保障正常办公运转"]    # replaces the default list
trend_extra = ["显著改善"]                  # extends it

[monitoring]                                # 运行监控 (jixiao.core.monitoring.settings)
lamp_base = "plan"

[limits]                                    # 读取上限 (jixiao.core.readers.limits)
max_file_mb = 80
max_indicators = 1000
```
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.core.classification import DEFAULT_ALIASES
from jixiao.core.findings import SEVERITIES, Severity

if TYPE_CHECKING:
    from jixiao.core.monitoring.settings import MonitorSettings
    from jixiao.core.readers.limits import ReadLimits

__all__ = [
    "CONFIG_FILENAME",
    "DEFAULT_WORDS",
    "CheckConfig",
    "ConfigError",
    "Words",
    "find_config",
    "load_config",
    "parse_config",
]

CONFIG_FILENAME = "jixiao.toml"


class ConfigError(ValueError):
    """An invalid configuration file; ``str()`` is a Chinese message naming the key."""


@dataclass(frozen=True, slots=True)
class Words:
    """Word lists the rules match on (all configurable, docs/rules.md T7, T8, T11, D4)."""

    # T7: indicators that measure nothing specific (exact match on name or description).
    vague: tuple[str, ...] = (
        "工作完成率",
        "任务完成率",
        "工作任务完成率",
        "完成工作任务",
        "完成工作",
        "完成任务",
        "工作完成情况",
        "任务完成情况",
        "保障正常办公运转",
        "保障正常办公",
        "保障正常运转",
        "保障单位正常运转",
        "保障机关正常运转",
        "保障工作正常运转",
        "保障工作正常开展",
        "正常办公运转",
        "单位正常运转",
        "满足正常工作需要",
        "满足工作需要",
        "保障工作开展",
        "工作开展情况",
    )
    # T8: a value with one of these change verbs and no number states a trend, not a
    # target (逐步提高, 逐年增长, 持续改善). Adverbs alone (持续发挥作用) are not trends.
    trend: tuple[str, ...] = (
        "提高",
        "提升",
        "增长",
        "增加",
        "增强",
        "改善",
        "减少",
        "降低",
        "下降",
        "好转",
        "扩大",
        "优化",
        # 完善 / 加强 / 健全 describe a state too (制度健全完善); only with an adverb of
        # change are they a trend.
        "逐步完善",
        "不断完善",
        "持续完善",
        "进一步完善",
        "日益完善",
        "逐步健全",
        "不断健全",
        "逐步加强",
        "不断加强",
        "持续加强",
        "进一步加强",
        "逐步规范",
    )
    # T8: graded tiers (定性的分级分档) and attainment phrases that are acceptable
    # qualitative targets.
    tiers: tuple[str, ...] = (
        "达成年度指标",
        "部分达成",
        "未达成",
        "达成",
        "达到预期",
        "预期",
        "高",
        "中",
        "低",
        "优",
        "良",
        "差",
        "优秀",
        "良好",
        "合格",
        "达标",
        "符合",
        "一般",
        "较好",
        "好",
        "是",
        "否",
        "有",
        "无",
        "显著",
        "明显",
        "及时",
        "按时",
        "按期",
        "有效",
        "标准",
        "要求",
        "规定",
    )
    # T11: lower is better (反向) when the name or description contains one of these …
    lower_is_better: tuple[str, ...] = (
        "逾期",
        "差错",
        "投诉",
        "事故",
        "发生率",
        "流失率",
        "故障",
        "失误",
        "违规",
        "违法",
        "违纪",
        "损失",
        "返工",
        "误差",
        "不合格",
        "超标",
        "死亡",
        "伤亡",
        "发案",
        "辍学",
        "返贫",
        "空置",
        "拖欠",
        "漏报",
        "错报",
        "出错",
    )
    # … unless it also contains one of these (投诉处理率, 事故下降率 are higher-is-better).
    lower_exceptions: tuple[str, ...] = (
        "处理",
        "处置",
        "办结",
        "解决",
        "查处",
        "整改",
        "回复",
        "答复",
        "化解",
        "调解",
        "受理",
        "结案",
        "排除",
        "及时",
        "下降",
        "降低",
        "减少",
        "控制",
        "防范",
        "预防",
        "排查",
        "整治",
        "处罚",
        "督办",
    )
    # T11: rates that are higher-is-better (a name ending in one of these written ≤ is wrong).
    higher_is_better: tuple[str, ...] = (
        "合格率",
        "优良率",
        "达标率",
        "完成率",
        "及时率",
        "覆盖率",
        "满意度",
        "满意率",
        "准确率",
        "到位率",
        "使用率",
        "知晓率",
        "通过率",
        "完好率",
        "入学率",
        "就业率",
        "通畅率",
        "畅通率",
        "利用率",
        "执行率",
        "出勤率",
        "普及率",
        "巩固率",
        "参与率",
        "受益率",
        "办结率",
        "结案率",
        "正确率",
        "成功率",
        "到岗率",
        "在线率",
    )


DEFAULT_WORDS = Words()
_WORD_KEYS: tuple[str, ...] = tuple(Words.__slots__)


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """What ``check_plan`` runs; hashable so compiled matchers can be cached per config."""

    disabled: frozenset[str] = frozenset()
    severity: tuple[tuple[str, Severity], ...] = ()
    words: Words = field(default_factory=Words)
    # T2: the level1 groups every project must have (101号 thinking: 满意度 only where
    # the project serves the public).
    required_level1: tuple[str, ...] = ("产出", "效益", "满意度")
    # Label aliases read as the canonical label (aliases are policy, per region).
    aliases: tuple[tuple[str, str], ...] = DEFAULT_ALIASES
    # D4: "达到 X" alone reads as ≥X, except 100% which reads as =100%.
    reach_op: str = "≥"
    source: str | None = None
    # ``[monitoring]``, parsed by jixiao.core.monitoring.settings; None = its defaults.
    monitoring: MonitorSettings | None = None
    # ``[limits]``: what one input may contain (jixiao.core.readers.limits); None = defaults.
    read_limits: ReadLimits | None = None

    def monitor_settings(self) -> MonitorSettings:
        """The monitoring settings of this file (defaults where it has none)."""
        if self.monitoring is not None:
            return self.monitoring
        from jixiao.core.monitoring.settings import MonitorSettings

        return MonitorSettings()

    def severity_for(self, slug: str) -> Severity | None:
        for s, sev in self.severity:
            if s == slug:
                return sev
        return None

    def enabled(self, slug: str) -> bool:
        return slug not in self.disabled


def find_config(start: Path | None = None) -> Path | None:
    """The ``jixiao.toml`` in ``start`` (default: the current directory), if any."""
    p = (start or Path.cwd()) / CONFIG_FILENAME
    return p if p.is_file() else None


def load_config(path: Path | str | None, known_rules: frozenset[str] | None = None) -> CheckConfig:
    """Read a TOML config file; ``None`` gives the defaults. Raises ``ConfigError``."""
    if path is None:
        return CheckConfig()
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取配置文件 {p}：{exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件 {p} 不是有效的 TOML：{exc}") from exc
    return parse_config(data, known_rules=known_rules, source=str(p))


def _str_list(value: object, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f'配置项 {key} 应为非空文本的列表，例如 ["工作完成率"]')
    return tuple(v.strip() for v in value)


def parse_config(
    data: Mapping[str, Any],
    *,
    known_rules: frozenset[str] | None = None,
    source: str | None = None,
) -> CheckConfig:
    """Build a ``CheckConfig`` from parsed TOML (or any mapping of the same shape)."""
    where = f"（{source}）" if source else ""
    unknown_top = set(data) - {"rules", "words", "policy", "monitoring", "limits"}
    if unknown_top:
        raise ConfigError(
            f"配置文件{where}含未知的节 {', '.join(sorted(unknown_top))}；"
            "可用的节：rules、words、policy、monitoring、limits"
        )
    disabled: set[str] = set()
    severity: list[tuple[str, Severity]] = []
    rules = data.get("rules", {})
    if not isinstance(rules, Mapping):
        raise ConfigError(f"配置项 rules{where} 应为表（[rules.<规则>]）")
    for slug, opts in rules.items():
        if known_rules is not None and slug not in known_rules:
            raise ConfigError(
                f"配置文件{where}中的规则 “{slug}” 不存在；可用规则：{'、'.join(sorted(known_rules))}"
            )
        if not isinstance(opts, Mapping):
            raise ConfigError(f"配置项 rules.{slug}{where} 应为表，例如 enabled = false")
        for key, value in opts.items():
            if key == "enabled":
                if not isinstance(value, bool):
                    raise ConfigError(f"配置项 rules.{slug}.enabled{where} 应为 true 或 false")
                if not value:
                    disabled.add(slug)
            elif key == "severity":
                if value not in SEVERITIES:
                    raise ConfigError(
                        f"配置项 rules.{slug}.severity{where} 应为 error、warning 或 info，实为 {value!r}"
                    )
                severity.append((slug, value))
            else:
                raise ConfigError(f"配置项 rules.{slug}.{key}{where} 未知；可用：enabled、severity")
    words = DEFAULT_WORDS
    wdata = data.get("words", {})
    if not isinstance(wdata, Mapping):
        raise ConfigError(f"配置项 words{where} 应为表（[words]）")
    changes: dict[str, tuple[str, ...]] = {}
    for key, value in wdata.items():
        base = key.removesuffix("_extra")
        if base not in _WORD_KEYS:
            raise ConfigError(
                f"配置项 words.{key}{where} 未知；可用：{'、'.join(_WORD_KEYS)}（加 _extra 表示追加）"
            )
        items = _str_list(value, f"words.{key}")
        if key.endswith("_extra"):
            current = changes.get(base, getattr(words, base))
            changes[base] = current + tuple(i for i in items if i not in current)
        else:
            changes[base] = items
    if changes:
        words = replace(words, **changes)
    config = CheckConfig(
        disabled=frozenset(disabled), severity=tuple(severity), words=words, source=source
    )
    if "monitoring" in data:
        from jixiao.core.monitoring.settings import parse_monitoring

        try:
            config = replace(config, monitoring=parse_monitoring(data["monitoring"]))
        except ConfigError as exc:
            raise ConfigError(f"{exc}{where}") from None
    if "limits" in data:
        from jixiao.core.readers.limits import parse_limits

        if not isinstance(data["limits"], Mapping):
            raise ConfigError(f"配置项 limits{where} 应为表（[limits]）")
        try:
            config = replace(config, read_limits=parse_limits(data["limits"], where=where))
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    policy = data.get("policy", {})
    if not isinstance(policy, Mapping):
        raise ConfigError(f"配置项 policy{where} 应为表（[policy]）")
    for key, value in policy.items():
        if key == "required_level1":
            items = _str_list(value, "policy.required_level1")
            bad = [
                i for i in items if i.removesuffix("指标") not in {"产出", "效益", "满意度", "成本"}
            ]
            if bad:
                raise ConfigError(
                    f"配置项 policy.required_level1{where} 含未知一级指标 {'、'.join(bad)}；可用：产出、效益、满意度、成本"
                )
            config = replace(config, required_level1=tuple(i.removesuffix("指标") for i in items))
        elif key == "aliases":
            if not isinstance(value, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                raise ConfigError(f'配置项 policy.aliases{where} 应为表，例如 "效果" = "效益"')
            # A region's aliases come on top of the defaults (a label it adds must not
            # make 效果指标 an unknown group again).
            config = replace(
                config,
                aliases=DEFAULT_ALIASES
                + tuple((k.removesuffix("指标"), v.removesuffix("指标")) for k, v in value.items()),
            )
        elif key == "reach_op":
            if value not in ("≥", "="):
                raise ConfigError(f'配置项 policy.reach_op{where} 应为 "≥" 或 "="')
            config = replace(config, reach_op=value)
        else:
            raise ConfigError(
                f"配置项 policy.{key}{where} 未知；可用：required_level1、aliases、reach_op"
            )
    return config
