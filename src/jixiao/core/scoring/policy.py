"""Scoring policies as data: every number and formula choice of docs/scoring.md#scoring-rules (S1–S19).

A policy is a frozen ``Policy``; the built-in default is ``mof-2020`` (财预〔2020〕10号 as
read in docs/scoring.md). Any other policy is a small YAML file that names fields of ``Policy``
and overrides them, optionally on top of another built-in (``base: mof-2020``)::

    name: hebei-whole-points
    rounding: 0

Regions differ in weights, rounding and formulas and most of those numbers are not in an
official text (docs/scoring.md marks them "keep configurable"), so they are data, validated
here once, with messages a finance officer can act on — never constants in the scorer.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

__all__ = [
    "BUILTIN_POLICIES",
    "DEFAULT_POLICY",
    "GRADE_MET",
    "GRADE_NOT_MET",
    "GRADE_PARTIAL",
    "Band",
    "Policy",
    "PolicyError",
    "load_policy",
    "policy_from_overrides",
]

GRADE_MET = "达成"
GRADE_PARTIAL = "部分达成"
GRADE_NOT_MET = "未达成"

REVERSE_FORMULAS = ("ratio", "linear")
EQUALITY_FORMULAS = ("positive", "two_sided")
MISSING_POINTS_RULES = ("level1", "equal")


# The unit of rounding at 0–4 decimals (the range ``rounding`` is validated to).
QUANTA = tuple(Decimal(1).scaleb(-i) for i in range(5))


class PolicyError(ValueError):
    """A policy file or override that cannot be used; the message is Chinese and says why."""


@dataclass(frozen=True, slots=True)
class Band:
    """A qualitative grade's band as shares of the points (S9), and the share we award.

    ``upper_inclusive`` is true only for the top band (达成 [80%, 100%]); the others are
    half-open ([60%, 80%), [0, 60%)).
    """

    lower: Decimal
    upper: Decimal
    score: Decimal
    upper_inclusive: bool = False

    def contains(self, share: Decimal) -> bool:
        if share < self.lower:
            return False
        return share <= self.upper if self.upper_inclusive else share < self.upper


def _d(text: str) -> Decimal:
    return Decimal(text)


def _default_bands() -> dict[str, Band]:
    return {
        GRADE_MET: Band(_d("0.8"), _d("1"), _d("1"), upper_inclusive=True),
        GRADE_PARTIAL: Band(_d("0.6"), _d("0.8"), _d("0.7")),
        GRADE_NOT_MET: Band(_d("0"), _d("0.6"), _d("0.3")),
    }


def _default_phrases() -> dict[str, tuple[str, ...]]:
    # Matched as substrings of the normalised actual: the earliest match wins, the
    # longest at that place, so "未达成…" and "部分达成…" are not read as 达成; a 达成
    # phrase right after 未/不/没有/无 (“未实现”, “不达标”) counts as 未达成.
    return {
        GRADE_MET: (
            "达成预期指标",
            "达成预期目标",
            "达成年度指标",
            "达成年度目标",
            "达到预期",
            "达成",
            "已完成",
            "完成",
            "按时完成",
            "有效",
            "效果明显",
            "效果显著",
            "显著",
            "明显提升",
            "明显提高",
            "有所提高",
            "逐步提高",
            "提升",
            "提高",
            "改善",
            "增强",
            "良好",
            "达标",
            "合格",
            "符合",
            "实现",
            "按期",
            "及时",
        ),
        GRADE_PARTIAL: (
            "部分达成",
            "基本达成",
            "基本完成",
            "部分完成",
            "基本实现",
            "基本达标",
            "基本符合",
            "基本有效",
            "效果一般",
            "一般",
        ),
        GRADE_NOT_MET: (
            "未达成",
            "未完成",
            "未达到",
            "没有达成",
            "没有完成",
            "效果较差",
            "无效",
            "较差",
            "不明显",
            "不显著",
        ),
    }


def _default_grades() -> tuple[tuple[str, Decimal], ...]:
    return (("优", _d("90")), ("良", _d("80")), ("中", _d("60")), ("差", _d("0")))


@dataclass(frozen=True, slots=True)
class Policy:
    """One scoring policy; every field name is also its override key in a YAML file."""

    name: str = "mof-2020"
    description: str = "财预〔2020〕10号 默认评分规则（docs/scoring.md#scoring-rules 默认值）"
    # S1/S2: fixed first-level totals; ``None`` = not fixed (only the 100-point sum is
    # checked, S1b). Keys are label stems matched inside the published level1 label; a
    # 成本 level1 (101号 layout) counts under 产出 unless 成本 has its own entry.
    level1_points: Mapping[str, Decimal] | None = field(
        default_factory=lambda: {"产出": _d("50"), "效益": _d("30"), "满意度": _d("10")}
    )
    execution_points: Decimal = Decimal(10)  # S1/S13, used where the table gives none
    # S1a: a first level with no indicator at all (no 满意度 row) passes its points to the
    # others; then only the 100-point sum is checked.
    absent_group_redistributes: bool = True
    cap_at_points: bool = True  # S4
    reverse_formula: str = "ratio"  # S6: "ratio" (A/B) or "linear" (1 − (B−A)/A, 0 at 2A)
    equality_formula: str = "positive"  # S7: "positive" or "two_sided" (1 − |B−A|/A)
    unsigned_cost_reverse: bool = True  # a 成本 row in money units without ≤ is a cap
    qualitative_bands: Mapping[str, Band] = field(default_factory=_default_bands)  # S9
    qualitative_phrases: Mapping[str, tuple[str, ...]] = field(default_factory=_default_phrases)
    qualitative_match_target: bool = True  # actual written as the target text → 达成
    deadline_missed_grade: str = GRADE_PARTIAL  # S8: grade of a late deadline row
    over_achievement_ratio: Decimal | None = None  # S10: flag B/A at or above it; off
    rounding: int = 2  # S11: decimals of every score and the total
    respect_published_precision: bool = True  # R0: a published "9" is judged at whole points
    execution_cap: bool = True  # S13: min(执行率, 100%)
    not_applicable_rescale: bool = True  # S12
    not_applicable_phrases: tuple[str, ...] = ("不适用", "不涉及", "无此项", "本年不涉及")
    missing_points: str = "level1"  # "level1": share a group's rest; "equal": share 100's rest
    grade_bands: tuple[tuple[str, Decimal], ...] = field(default_factory=_default_grades)  # S16
    # Memo of ``group_of`` (labels repeat across thousands of rows); not a policy field.
    _groups: dict[str, str | None] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    # --- derived ------------------------------------------------------------------------

    @property
    def quantum(self) -> Decimal:
        """The unit of the policy's rounding: 0.01 at 2 decimals, 1 at whole points."""
        return QUANTA[self.rounding]

    def grade_of(self, total: Decimal) -> str:
        for grade, lower in self.grade_bands:
            if total >= lower:
                return grade
        return self.grade_bands[-1][0]

    def group_of(self, level1: str | None) -> str | None:
        """The first-level group a published level1 label belongs to (S2)."""
        if not level1 or self.level1_points is None:
            return None
        try:
            return self._groups[level1]
        except KeyError:
            pass
        group = self._group_of(level1)
        if len(self._groups) < 1024:
            self._groups[level1] = group
        return group

    def _group_of(self, level1: str) -> str | None:
        assert self.level1_points is not None
        label = "".join(level1.split())
        if "成本" in label and "成本" not in self.level1_points:
            return "产出" if "产出" in self.level1_points else None
        for key in self.level1_points:
            if key in label:
                return key
        if "效果" in label and "效益" in self.level1_points:  # 成安县 variant: 效果指标
            return "效益"
        return None

    def phrase_table(self) -> tuple[tuple[str, str], ...]:
        """(phrase, grade) pairs, longest phrase first, for substring matching."""
        pairs = [(p, g) for g, phrases in self.qualitative_phrases.items() for p in phrases]
        pairs.sort(key=lambda pg: -len(pg[0]))
        return tuple(pairs)

    def to_dict(self) -> dict[str, Any]:
        """The policy as plain data (JSON/YAML-able; decimals as strings)."""
        return {
            "name": self.name,
            "description": self.description,
            "level1_points": None
            if self.level1_points is None
            else {k: str(v) for k, v in self.level1_points.items()},
            "execution_points": str(self.execution_points),
            "absent_group_redistributes": self.absent_group_redistributes,
            "cap_at_points": self.cap_at_points,
            "reverse_formula": self.reverse_formula,
            "equality_formula": self.equality_formula,
            "unsigned_cost_reverse": self.unsigned_cost_reverse,
            "qualitative_bands": {
                g: {"lower": str(b.lower), "upper": str(b.upper), "score": str(b.score)}
                for g, b in self.qualitative_bands.items()
            },
            "qualitative_phrases": {g: list(p) for g, p in self.qualitative_phrases.items()},
            "qualitative_match_target": self.qualitative_match_target,
            "deadline_missed_grade": self.deadline_missed_grade,
            "over_achievement_ratio": None
            if self.over_achievement_ratio is None
            else str(self.over_achievement_ratio),
            "rounding": self.rounding,
            "respect_published_precision": self.respect_published_precision,
            "execution_cap": self.execution_cap,
            "not_applicable_rescale": self.not_applicable_rescale,
            "not_applicable_phrases": list(self.not_applicable_phrases),
            "missing_points": self.missing_points,
            "grade_bands": {g: str(lower) for g, lower in self.grade_bands},
        }


DEFAULT_POLICY = Policy()
BUILTIN_POLICIES: dict[str, Policy] = {DEFAULT_POLICY.name: DEFAULT_POLICY}

_FIELDS = {f.name for f in dataclasses.fields(Policy) if not f.name.startswith("_")}
_META_KEYS = {"base"}


# --- coercion of override values -------------------------------------------------------


def _where(key: str) -> str:
    return f"评分规则字段 “{key}”"


def _as_bool(key: str, v: object) -> bool:
    if isinstance(v, bool):
        return v
    raise PolicyError(f"{_where(key)} 应为 true 或 false，实为 {v!r}")


def _as_decimal(key: str, v: object) -> Decimal:
    if isinstance(v, bool) or not isinstance(v, int | float | str | Decimal):
        raise PolicyError(f"{_where(key)} 应为数值，实为 {v!r}")
    try:
        d = Decimal(repr(v)) if isinstance(v, float) else Decimal(str(v).strip())
    except InvalidOperation:
        raise PolicyError(f"{_where(key)} 应为数值，实为 {v!r}") from None
    if not d.is_finite():
        raise PolicyError(f"{_where(key)} 应为有限数值，实为 {v!r}")
    return d


def _as_str(key: str, v: object) -> str:
    if isinstance(v, str) and v.strip():
        return v.strip()
    raise PolicyError(f"{_where(key)} 应为非空文本，实为 {v!r}")


def _as_choice(key: str, v: object, choices: tuple[str, ...]) -> str:
    s = _as_str(key, v)
    if s not in choices:
        raise PolicyError(f"{_where(key)} 只能取 {'、'.join(choices)}，实为 “{s}”")
    return s


def _as_mapping(key: str, v: object) -> Mapping[str, Any]:
    if not isinstance(v, Mapping):
        raise PolicyError(f"{_where(key)} 应为映射（键: 值），实为 {v!r}")
    return v


def _as_phrases(key: str, v: object) -> tuple[str, ...]:
    if isinstance(v, str) or not isinstance(v, list | tuple):
        raise PolicyError(f"{_where(key)} 应为文本列表，实为 {v!r}")
    return tuple(_as_str(key, p) for p in v)


def _coerce(key: str, v: object) -> object:
    if key in {
        "cap_at_points",
        "unsigned_cost_reverse",
        "qualitative_match_target",
        "absent_group_redistributes",
    }:
        return _as_bool(key, v)
    if key in {"respect_published_precision", "execution_cap", "not_applicable_rescale"}:
        return _as_bool(key, v)
    if key in {"name", "description", "deadline_missed_grade"}:
        return _as_str(key, v)
    if key == "execution_points":
        return _as_decimal(key, v)
    if key == "over_achievement_ratio":
        return None if v is None else _as_decimal(key, v)
    if key == "rounding":
        if isinstance(v, bool) or not isinstance(v, int):
            raise PolicyError(f"{_where(key)} 应为 0–4 的整数（小数位数），实为 {v!r}")
        return v
    if key == "reverse_formula":
        return _as_choice(key, v, REVERSE_FORMULAS)
    if key == "equality_formula":
        return _as_choice(key, v, EQUALITY_FORMULAS)
    if key == "missing_points":
        return _as_choice(key, v, MISSING_POINTS_RULES)
    if key == "level1_points":
        if v is None:
            return None
        return {
            _as_str(key, k): _as_decimal(f"{key}.{k}", x) for k, x in _as_mapping(key, v).items()
        }
    if key == "not_applicable_phrases":
        return _as_phrases(key, v)
    if key == "qualitative_phrases":
        return {
            _as_str(key, g): _as_phrases(f"{key}.{g}", p) for g, p in _as_mapping(key, v).items()
        }
    if key == "qualitative_bands":
        bands: dict[str, Band] = {}
        for g, spec in _as_mapping(key, v).items():
            where = f"{key}.{g}"
            m = _as_mapping(where, spec)
            unknown = set(m) - {"lower", "upper", "score"}
            if unknown:
                raise PolicyError(
                    f"{_where(where)} 含未知键 {'、'.join(sorted(map(str, unknown)))}"
                )
            try:
                lower, upper, score = (
                    _as_decimal(f"{where}.{k}", m[k]) for k in ("lower", "upper", "score")
                )
            except KeyError as exc:
                raise PolicyError(f"{_where(where)} 缺少 “{exc.args[0]}”") from None
            bands[_as_str(key, g)] = Band(lower, upper, score)
        if bands:
            top = max(bands, key=lambda g: bands[g].upper)
            bands[top] = dataclasses.replace(bands[top], upper_inclusive=True)
        return bands
    if key == "grade_bands":
        return tuple(
            (_as_str(key, g), _as_decimal(f"{key}.{g}", x)) for g, x in _as_mapping(key, v).items()
        )
    raise AssertionError(key)  # pragma: no cover - every field is handled above


def _validate(p: Policy) -> None:
    if not 0 <= p.rounding <= 4:
        raise PolicyError(f"{_where('rounding')} 应在 0–4 之间，实为 {p.rounding}")
    if p.execution_points < 0 or p.execution_points > 100:
        raise PolicyError(
            f"{_where('execution_points')} 应在 0–100 之间，实为 {p.execution_points}"
        )
    if p.level1_points is not None:
        if any(v < 0 for v in p.level1_points.values()):
            raise PolicyError(f"{_where('level1_points')} 的分值不能为负数")
        total = sum(p.level1_points.values(), Decimal(0)) + p.execution_points
        if total != 100:
            parts = "＋".join(f"{k}{v}" for k, v in p.level1_points.items())
            raise PolicyError(
                f"一级指标分值与预算执行率分值之和应为100，实为 {parts}＋预算执行率{p.execution_points} = {total}"
            )
    if not p.grade_bands:
        raise PolicyError(f"{_where('grade_bands')} 不能为空")
    lowers = [lower for _, lower in p.grade_bands]
    if any(a <= b for a, b in itertools.pairwise(lowers)):
        raise PolicyError(
            f"{_where('grade_bands')} 应按下限从高到低排列且不重复，实为 "
            + "、".join(f"{g}≥{lower}" for g, lower in p.grade_bands)
        )
    if lowers[-1] != 0:
        raise PolicyError(f"{_where('grade_bands')} 最低一档的下限应为 0，实为 {lowers[-1]}")
    if lowers[0] > 100:
        raise PolicyError(f"{_where('grade_bands')} 最高一档的下限不能超过 100")
    for g, b in p.qualitative_bands.items():
        if not (0 <= b.lower <= b.score <= b.upper <= 1) or b.lower >= b.upper:
            raise PolicyError(
                f"{_where('qualitative_bands')} 中 “{g}” 应满足 0 ≤ lower ≤ score ≤ upper ≤ 1 且 lower < upper"
                f"（分值的比例），实为 lower={b.lower}、score={b.score}、upper={b.upper}"
            )
    for required in (GRADE_MET, GRADE_PARTIAL, GRADE_NOT_MET):
        if required not in p.qualitative_bands:
            raise PolicyError(f"{_where('qualitative_bands')} 缺少档次 “{required}”")
    unknown_grades = set(p.qualitative_phrases) - set(p.qualitative_bands)
    if unknown_grades:
        raise PolicyError(
            f"{_where('qualitative_phrases')} 的档次 {'、'.join(sorted(unknown_grades))} 不在 qualitative_bands 中"
        )
    if p.deadline_missed_grade not in p.qualitative_bands:
        raise PolicyError(
            f"{_where('deadline_missed_grade')} 应为 {'、'.join(p.qualitative_bands)} 之一，实为 “{p.deadline_missed_grade}”"
        )
    if p.over_achievement_ratio is not None and p.over_achievement_ratio <= 1:
        raise PolicyError(
            f"{_where('over_achievement_ratio')} 应大于 1（如 1.2），实为 {p.over_achievement_ratio}"
        )


def policy_from_overrides(overrides: Mapping[str, Any], *, source: str | None = None) -> Policy:
    """Build a policy from override keys on top of ``base`` (default ``mof-2020``).

    Overriding ``execution_points`` without ``level1_points`` unfixes the first-level
    totals (S1c legacy forms: "预算执行 20 分、其余 80 分" with no stated split): only the
    100-point sum is then checked.
    """
    where = f"（{source}）" if source else ""
    if not isinstance(overrides, Mapping):
        raise PolicyError(f"评分规则{where}应为映射（键: 值），实为 {type(overrides).__name__}")
    unknown = [k for k in overrides if k not in _FIELDS and k not in _META_KEYS]
    if unknown:
        raise PolicyError(
            f"评分规则{where}含未知字段 {'、'.join(f'“{k}”' for k in map(str, unknown))}；"
            f"可用字段：{'、'.join(sorted(_FIELDS | _META_KEYS))}"
        )
    base_name = overrides.get("base", DEFAULT_POLICY.name)
    if base_name not in BUILTIN_POLICIES:
        raise PolicyError(
            f"评分规则{where}的 base “{base_name}” 不是内置规则（{'、'.join(BUILTIN_POLICIES)}）"
        )
    base = BUILTIN_POLICIES[base_name]
    changes: dict[str, Any] = {}
    for key, value in overrides.items():
        if key in _META_KEYS:
            continue
        try:
            changes[key] = _coerce(key, value)
        except PolicyError as exc:
            raise PolicyError(f"{exc}{where}") from None
    if "execution_points" in changes and "level1_points" not in changes:
        changes["level1_points"] = None
    if "name" not in changes:
        changes["name"] = Path(source).stem if source else f"{base.name}+"
    policy = dataclasses.replace(base, **changes)
    try:
        _validate(policy)
    except PolicyError as exc:
        raise PolicyError(f"{exc}{where}") from None
    return policy


def load_policy(
    spec: str | Path | Mapping[str, Any] | Policy | None, *, relative_to: Path | None = None
) -> Policy:
    """Resolve a policy given by name, YAML/JSON file, override mapping, or ``None`` (default)."""
    if spec is None:
        return DEFAULT_POLICY
    if isinstance(spec, Policy):
        return spec
    if isinstance(spec, Mapping):
        return policy_from_overrides(spec)
    name = str(spec).strip()
    if name in BUILTIN_POLICIES:
        return BUILTIN_POLICIES[name]
    path = Path(name)
    try:
        if relative_to is not None and not path.is_absolute() and not path.exists():
            path = relative_to / path
        found = path.is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte
        found = False
    if not found:
        raise PolicyError(
            f"找不到评分规则 “{name}”：既不是内置规则（{'、'.join(BUILTIN_POLICIES)}），也不是可读的 YAML 文件"
        )
    import yaml

    from jixiao.core.readers.structured import _DecimalLoader

    try:
        data = yaml.load(
            path.read_text(encoding="utf-8-sig"), Loader=_DecimalLoader
        )  # a SafeLoader subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PolicyError(f"评分规则文件 {path} 无法读取：{exc}") from None
    if data is None:
        data = {}
    return policy_from_overrides(data, source=str(path))
