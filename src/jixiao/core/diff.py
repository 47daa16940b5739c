"""What changed between two versions of a plan, field by field.

One comparison for every place that shows a change: the import preview ("what confirming
would do"), the comparison of two versions, the change history (consecutive snapshots of
a row) and the stale-form notes of the editors. Projects are matched by 项目编码, then by
name; indicators by name, then by position within their group, so a renamed row is one
change and not a deletion plus an addition, and rows that only changed places are marked
as moved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, TypeVar

from jixiao.core.model import Indicator, Measure, Overall, Plan, Project, SpendingPoint, Subgoal
from jixiao.core.money import decimal_text

__all__ = [
    "FieldChange",
    "IndicatorChange",
    "PlanDiff",
    "ProjectChange",
    "diff_plans",
    "indicator_changes",
    "indicator_label",
    "match_indicators",
    "match_projects",
    "overall_changes",
    "project_changes",
    "show",
    "spending_text",
]

Status = Literal["added", "removed", "changed"]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field: ``key`` is stable (``budget.total``, ``goals.2``), ``field`` its Chinese
    label ("预算数", "绩效目标2"), ``old``/``new`` as shown (None: absent)."""

    key: str
    field: str
    old: str | None
    new: str | None


@dataclass(slots=True)
class IndicatorChange:
    status: Status
    label: str  # level1 / level2 / name
    changes: list[FieldChange] = field(default_factory=list)
    old_index: int | None = None  # 0-based position in the old project
    new_index: int | None = None
    moved: bool = False


@dataclass(slots=True)
class ProjectChange:
    status: Status
    key: str | None
    name: str | None
    changes: list[FieldChange] = field(default_factory=list)
    indicators: list[IndicatorChange] = field(default_factory=list)
    old_index: int | None = None
    new_index: int | None = None
    moved: bool = False


@dataclass(slots=True)
class PlanDiff:
    """What turns ``old`` into ``new``; ``is_new`` when there was no old plan."""

    is_new: bool
    header: list[FieldChange] = field(default_factory=list)
    projects: list[ProjectChange] = field(default_factory=list)

    @property
    def added(self) -> list[ProjectChange]:
        return [p for p in self.projects if p.status == "added"]

    @property
    def removed(self) -> list[ProjectChange]:
        return [p for p in self.projects if p.status == "removed"]

    @property
    def changed(self) -> list[ProjectChange]:
        return [p for p in self.projects if p.status == "changed"]

    @property
    def is_empty(self) -> bool:
        return not self.is_new and not self.header and not self.projects


# --- display --------------------------------------------------------------------------------


def show(value: object) -> str | None:
    """A field value as a change line shows it (None stays None: "—" in pages)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, list | tuple):
        return "；".join(str(v) for v in value) if value else None
    text = str(value)
    return text if text else None


def spending_text(points: Iterable[SpendingPoint]) -> str | None:
    """资金支出计划 as a reader writes it: "3月25%，6月50%"."""
    return "，".join(f"{s.month}月{show(s.percent) or ''}%" for s in points) or None


def indicator_label(ind: Indicator) -> str:
    return " / ".join(x for x in (ind.level1, ind.level2, ind.name) if x) or "（空行）"


# --- field comparisons ---------------------------------------------------------------------


def _same(a: object, b: object) -> bool:
    # 96 and 96.00 are the same amount.
    return a == b


def _field(key: str, label: str, a: object, b: object) -> list[FieldChange]:
    return [] if _same(a, b) else [FieldChange(key, label, show(a), show(b))]


def _lines(key: str, label: str, old: Sequence[object], new: Sequence[object]) -> list[FieldChange]:
    """A list field line by line ("绩效目标2"), so one edited line is one change."""
    out = []
    for i in range(max(len(old), len(new))):
        a = show(old[i]) if i < len(old) else None
        b = show(new[i]) if i < len(new) else None
        if a != b:
            out.append(FieldChange(f"{key}.{i + 1}", f"{label}{i + 1}", a, b))
    return out


_INDICATOR_FIELDS: tuple[tuple[str, str], ...] = (
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("name", "三级指标"),
    ("description", "绩效指标描述"),
    ("target", "指标值"),
    ("basis", "指标值确定依据"),
    ("points", "分值"),
)


def indicator_changes(old: Indicator, new: Indicator) -> list[FieldChange]:
    out: list[FieldChange] = []
    for key, label in _INDICATOR_FIELDS:
        out += _field(key, label, getattr(old, key), getattr(new, key))
    return out


def project_changes(old: Project, new: Project) -> list[FieldChange]:
    """The project's own fields (not its indicators)."""
    return [
        *_field("name", "项目名称", old.name, new.name),
        *_field("code", "项目编码", old.code, new.code),
        *_field("budget.total", "预算数", old.budget.total, new.budget.total),
        *_field("budget.fiscal", "财政资金", old.budget.fiscal, new.budget.fiscal),
        *_field("budget.other", "其他资金", old.budget.other, new.budget.other),
        *_field("purpose", "资金用途", old.purpose, new.purpose),
        *_field(
            "spending_plan",
            "资金支出计划",
            spending_text(old.spending_plan),
            spending_text(new.spending_plan),
        ),
        *_lines("goals", "绩效目标", old.goals, new.goals),
    ]


def _measure_text(m: Measure) -> str:
    return " ".join(x for x in (m.title, m.text) if x)


_SUBGOAL_PARTS = (("title", "标题"), ("goal", "目标"), ("indicator_text", "指标"))


def overall_changes(old: Overall | None, new: Overall | None) -> list[FieldChange]:
    """部门整体绩效目标 part by part: the goal, each sub-goal's title/goal/indicator text,
    each measure; when only the promises extracted from the text differ, their count."""
    a, b = old or Overall(), new or Overall()
    out = _field("overall.goal", "部门整体绩效目标", a.goal, b.goal)
    for i in range(max(len(a.subgoals), len(b.subgoals))):
        sa = a.subgoals[i] if i < len(a.subgoals) else Subgoal()
        sb = b.subgoals[i] if i < len(b.subgoals) else Subgoal()
        for key, part in _SUBGOAL_PARTS:
            out += _field(
                f"overall.subgoals.{i + 1}.{key}",
                f"分目标{i + 1} · {part}",
                getattr(sa, key),
                getattr(sb, key),
            )
    out += _lines(
        "overall.measures",
        "工作措施",
        [_measure_text(m) for m in a.measures],
        [_measure_text(m) for m in b.measures],
    )
    if not out and (old is None) != (new is None):
        out.append(FieldChange("overall", "部门整体绩效目标", _presence(old), _presence(new)))
    elif not out and _dict(old) != _dict(new):
        count = (_promises(a), _promises(b))
        if count[0] != count[1]:
            out.append(
                FieldChange(
                    "overall.indicators", "提取的承诺指标", f"{count[0]} 项", f"{count[1]} 项"
                )
            )
        else:
            out.append(
                FieldChange("overall.indicators", "提取的承诺指标", "（原内容）", "（已更新）")
            )
    return out


def _presence(overall: Overall | None) -> str | None:
    return None if overall is None else "（空）"


def _dict(overall: Overall | None) -> object:
    return None if overall is None else overall.to_dict()


def _promises(overall: Overall) -> int:
    return len(overall.indicators) + sum(len(s.indicators) for s in overall.subgoals)


# --- matching ----------------------------------------------------------------------------------


Pair = tuple[int | None, int | None]


def _match_by(
    old: Sequence[T], new: Sequence[T], keys: Sequence[Callable[[T], object]]
) -> tuple[list[Pair], list[int], list[int]]:
    """Pair items whose key is equal (repeated keys by order of occurrence), one key after
    the other; return the pairs and the old and new indices left unpaired."""
    left_old = list(range(len(old)))
    left_new = list(range(len(new)))
    pairs: list[Pair] = []
    for key in keys:
        buckets: dict[object, list[int]] = {}
        for i in left_old:
            k = key(old[i])
            if k is not None and k != "":
                buckets.setdefault(k, []).append(i)
        still: list[int] = []
        for j in left_new:
            k = key(new[j])
            if k is not None and k != "" and buckets.get(k):
                i = buckets[k].pop(0)
                left_old.remove(i)
                pairs.append((i, j))
            else:
                still.append(j)
        left_new = still
    return pairs, left_old, left_new


def match_projects(old: Sequence[Project], new: Sequence[Project]) -> list[Pair]:
    """(old index, new index) pairs: by 项目编码, then by name; unpaired ones with None."""
    pairs, left_old, left_new = _match_by(old, new, (lambda p: p.code, lambda p: p.name))
    return _ordered(pairs, left_old, left_new)


def match_indicators(old: Sequence[Indicator], new: Sequence[Indicator]) -> list[Pair]:
    """(old index, new index) pairs of a project's rows: by name (repeated names in
    order), then rows left over at the same position within the same level2 group (a row
    whose name was edited); the rest are additions and removals."""
    pairs, left_old, left_new = _match_by(old, new, (lambda i: (i.level2, i.name), _name))
    still_new = []
    for j in left_new:
        same = [i for i in left_old if i == j and old[i].level2 == new[j].level2]
        if same:
            left_old.remove(same[0])
            pairs.append((same[0], j))
        else:
            still_new.append(j)
    return _ordered(pairs, left_old, still_new)


def _name(ind: Indicator) -> str | None:
    return ind.name


def _ordered(pairs: list[Pair], left_old: list[int], left_new: list[int]) -> list[Pair]:
    out: list[Pair] = [*pairs, *((None, j) for j in left_new), *((i, None) for i in left_old)]
    out.sort(key=lambda p: (p[1] if p[1] is not None else float("inf"), p[0] or 0))
    return out


def _moved(pairs: Sequence[Pair]) -> set[int]:
    """Old indices of matched items that changed places: those outside the longest run
    keeping their relative order (rows shifted by an insertion above are not moved)."""
    matched = [(i, j) for i, j in pairs if i is not None and j is not None]
    matched.sort(key=lambda p: p[1])
    seq = [i for i, _ in matched]
    # Longest increasing subsequence of old indices in new order (patience sorting).
    tails: list[int] = []
    tail_at: list[int] = []
    prev: list[int] = [-1] * len(seq)
    for k, v in enumerate(seq):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if tails[mid] < v:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(tails):
            tails.append(v)
            tail_at.append(k)
        else:
            tails[lo] = v
            tail_at[lo] = k
        prev[k] = tail_at[lo - 1] if lo else -1
    keep: set[int] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        keep.add(seq[k])
        k = prev[k]
    return {i for i in seq if i not in keep}


# --- whole plans -------------------------------------------------------------------------------


def diff_plans(old: Plan | None, new: Plan) -> PlanDiff:
    """Header, projects and indicators that differ, each field with old → new."""
    if old is None:
        return PlanDiff(
            is_new=True,
            projects=[
                ProjectChange("added", p.key, p.name, new_index=j)
                for j, p in enumerate(new.projects)
            ],
        )
    diff = PlanDiff(is_new=False)
    diff.header += _field("money_unit", "金额单位", old.money_unit, new.money_unit)
    diff.header += overall_changes(old.overall, new.overall)
    pairs = match_projects(old.projects, new.projects)
    moved = _moved(pairs)
    for i, j in pairs:
        if i is None:
            assert j is not None
            b = new.projects[j]
            diff.projects.append(ProjectChange("added", b.key, b.name, new_index=j))
        elif j is None:
            a = old.projects[i]
            diff.projects.append(ProjectChange("removed", a.key, a.name, old_index=i))
        else:
            a, b = old.projects[i], new.projects[j]
            change = ProjectChange(
                "changed", b.key, b.name, project_changes(a, b), old_index=i, new_index=j
            )
            change.moved = i in moved
            change.indicators = _indicator_diff(a.indicators, b.indicators)
            if change.changes or change.indicators or change.moved:
                diff.projects.append(change)
    return diff


def _indicator_diff(old: Sequence[Indicator], new: Sequence[Indicator]) -> list[IndicatorChange]:
    pairs = match_indicators(old, new)
    moved = _moved(pairs)
    out = []
    for i, j in pairs:
        if i is None:
            assert j is not None
            out.append(IndicatorChange("added", indicator_label(new[j]), new_index=j))
        elif j is None:
            out.append(IndicatorChange("removed", indicator_label(old[i]), old_index=i))
        else:
            changes = indicator_changes(old[i], new[j])
            if changes or i in moved:
                out.append(
                    IndicatorChange(
                        "changed",
                        indicator_label(new[j]),
                        changes,
                        old_index=i,
                        new_index=j,
                        moved=i in moved,
                    )
                )
    return out
