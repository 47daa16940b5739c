"""What is monitored: every project's indicators and the department's own promises.

Monitoring covers 部门整体 as well as every project (中发〔2018〕34号, 财预〔2019〕136号).
A department's overall targets are sentences in part 1 of its 绩效文本 ("政法网畅通率达到
99%"); ``department_indicators`` turns them into indicators (``jixiao.core.prose``) and
numbers them 1, 2, … in text order — the overall goal's first, then each sub-goal's —
so a progress file or a feed can name one as project ``部门``, index N.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.core.model import Indicator, Plan
from jixiao.core.prose import extract_promises, subgoal_promises
from jixiao.core.values import normalize_text

__all__ = [
    "DEPARTMENT",
    "DEPARTMENT_NAMES",
    "AddressError",
    "Addresser",
    "DepartmentIndicator",
    "ProjectIndex",
    "department_indicators",
    "is_department",
    "name_matches",
]

DEPARTMENT = "部门"
DEPARTMENT_NAMES = frozenset({"部门", "部门整体", "部门整体绩效目标", "department"})


@dataclass(frozen=True, slots=True)
class DepartmentIndicator:
    """A department promise; ``section`` and ``position`` are as in ``jixiao check``."""

    indicator: Indicator
    section: str
    position: int


def department_indicators(plan: Plan, reach_op: str = "≥") -> list[DepartmentIndicator]:
    """The department's promises in order (lists a reader filled are used as they are)."""
    o = plan.overall
    if o is None:
        return []
    out = [
        DepartmentIndicator(ind, "overall", i)
        for i, ind in enumerate(o.indicators or extract_promises(o.goal, reach_op=reach_op), 1)
    ]
    for k, sg in enumerate(o.subgoals):
        inds = sg.indicators or subgoal_promises(sg.goal, sg.indicator_text, reach_op=reach_op)
        out.extend(DepartmentIndicator(ind, f"subgoals[{k}]", i) for i, ind in enumerate(inds, 1))
    return out


def is_department(text: str | None) -> bool:
    return text is not None and normalize_text(text).lower() in DEPARTMENT_NAMES


def name_matches(given: str, indicator: Indicator) -> bool:
    """A name given to check an index: the indicator's name, spacing and width aside."""
    return normalize_text(given) == normalize_text(indicator.name or "")


class ProjectIndex:
    """Names a plan's projects by what a ledger row writes: the project code, else the
    exact name of a project that has no code (whitespace and full-width forms aside)."""

    def __init__(self, plan: Plan) -> None:
        self.by_code: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        self.coded_names: dict[str, str] = {}
        self.ambiguous: set[str] = set()
        for p in plan.projects:
            key = p.key
            if key is None:
                continue
            if p.code:
                code = normalize_text(p.code)
                if code in self.by_code:
                    self.ambiguous.add(code)
                self.by_code[code] = key
                if p.name:
                    self.coded_names[normalize_text(p.name)] = p.code
            elif p.name:
                name = normalize_text(p.name)
                if name in self.by_name:
                    self.ambiguous.add(name)
                self.by_name[name] = key

    def lookup(self, text: str) -> str | None:
        t = normalize_text(text)
        return self.by_code.get(t) or self.by_name.get(t)

    def unknown(self, text: str) -> str:
        """Why ``text`` names no project, in Chinese."""
        t = normalize_text(text)
        if t in self.coded_names:
            return f"“{text}”是项目名称，该项目有编码，请填写项目编码 {self.coded_names[t]}"
        return f"项目“{text[:60]}”不在绩效目标中（按项目编码匹配，无编码的项目按名称匹配）"


class AddressError(ValueError):
    """An indicator address that names nothing in the plan; ``str()`` says why."""


class Addresser:
    """Finds the indicator a progress row or a feed names: project (code, name of a
    project without code, or 部门) and 1-based index, the name checking the index —
    or the name alone where it is unique in that project."""

    def __init__(self, plan: Plan, reach_op: str = "≥") -> None:
        self.projects = ProjectIndex(plan)
        self.indicators: dict[str, list[Indicator]] = {
            p.key: p.indicators for p in plan.projects if p.key is not None
        }
        self.department = [d.indicator for d in department_indicators(plan, reach_op)]

    def project(self, text: str) -> str | None:
        """The project key for ``text``; ``None`` for the department."""
        if is_department(text):
            return None
        key = self.projects.lookup(text)
        if key is None:
            raise AddressError(self.projects.unknown(text))
        return key

    def indicator(
        self, project_text: str, index: int | None, name: str | None
    ) -> tuple[str | None, int, Indicator]:
        key = self.project(project_text)
        inds = self.department if key is None else self.indicators[key]
        where = "部门整体目标" if key is None else f"项目 {key}"
        if index is None:
            if not name:
                raise AddressError("缺少指标序号（或指标名称）")
            hits = [i for i, ind in enumerate(inds, 1) if name_matches(name, ind)]
            if len(hits) != 1:
                found = "没有" if not hits else f"有 {len(hits)} 项"
                raise AddressError(f"{where}中{found}名为“{name[:40]}”的指标，请填写指标序号")
            index = hits[0]
        if not 1 <= index <= len(inds):
            raise AddressError(f"{where}没有第{index}项指标（共 {len(inds)} 项）")
        ind = inds[index - 1]
        if name and not name_matches(name, ind):
            raise AddressError(f"{where}的第{index}项指标是“{ind.name or ''}”，不是“{name[:40]}”")
        return key, index, ind
