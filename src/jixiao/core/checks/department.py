"""Department-level rules (docs/rules.md D4, D5): the promises of 部门整体绩效目标.

The quantified phrases of the overall goal and the sub-goals become indicators
(``jixiao.core.prose``); the single-indicator rules marked ``prose`` run on them, and a
promise that no project indicator carries is reported (info): the department promised
something its project tables never measure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from jixiao.core.checks.base import Context, Facts, Hit, ProjectFacts, Rule, implied_unit
from jixiao.core.model import Indicator, Plan
from jixiao.core.prose import extract_promises, subgoal_promises

__all__ = [
    "RULES",
    "DeptFacts",
    "check_missing_overall",
    "check_uncovered",
    "department_rows",
    "promise_head",
]


@dataclass(slots=True)
class DeptFacts:
    """The extracted promises (by section) and the project rows they are matched against."""

    rows: list[tuple[str, Facts]]
    projects: list[ProjectFacts]


def department_rows(plan: Plan, reach_op: str) -> list[tuple[str, int, Indicator]]:
    """(section, 1-based position, indicator) for overall and sub-goal promises.

    Lists a reader already filled are used as they are; empty ones are extracted from
    the prose here, without changing the plan.
    """
    o = plan.overall
    if o is None:
        return []
    out: list[tuple[str, int, Indicator]] = []
    overall = o.indicators or extract_promises(o.goal, reach_op=reach_op)
    out.extend(("overall", i, ind) for i, ind in enumerate(overall, 1))
    for k, sg in enumerate(o.subgoals):
        inds = sg.indicators or subgoal_promises(sg.goal, sg.indicator_text, reach_op=reach_op)
        out.extend((f"subgoals[{k}]", i, ind) for i, ind in enumerate(inds, 1))
    return out


def promise_head(name: str) -> str:
    """The core term a project indicator must mention to carry a promise."""
    if "满意" in name:
        return "满意"
    if name.endswith("率"):
        return name[-3:]
    return name[-4:]


def _unit(f: Facts) -> str | None:
    return f.value.unit or implied_unit(f.name) or implied_unit(f.desc)


def check_uncovered(d: DeptFacts, ctx: Context) -> Iterator[tuple[str, Facts, Hit]]:
    """D4/D5: a quantified promise that no project indicator carries (reported once)."""
    seen: set[tuple[str, str]] = set()
    for section, f in d.rows:
        if f.value.kind != "quantity" or not f.name:
            continue
        head = promise_head(f.name)
        key = (head, f.ind.target or "")
        if key in seen:
            continue
        seen.add(key)
        unit = _unit(f)
        carried = any(
            r.value.kind == "quantity"
            and (head in r.name or head in r.desc)
            and (unit is None or _unit(r) in (None, unit))
            for p in d.projects
            for r in p.rows
        )
        if not carried:
            yield (
                section,
                f,
                Hit(
                    params={"name": f.ind.name or "", "target": f.ind.target or ""},
                    suggestion="在相关项目的绩效目标表中设置对应指标，或核实部门目标",
                ),
            )


def check_missing_overall(plan: Plan, ctx: Context) -> Iterator[Hit]:
    """D0: the 部门整体绩效目标 is required; a plan with none at all is an error."""
    o = plan.overall
    if o is None or not ((o.goal or "").strip() or o.indicators or o.subgoals or o.measures):
        yield Hit(suggestion="填写部门整体绩效目标：总体目标、分项目标及其指标、工作保障措施")


RULES: tuple[Rule, ...] = (
    Rule(
        slug="missing-overall",
        title="缺少部门整体绩效目标",
        severity="error",
        scope="document",
        check=check_missing_overall,
        messages={"default": "没有部门整体绩效目标（总体目标、分项目标、工作保障措施均为空）"},
        basis="部门预算绩效目标包括部门整体绩效目标和项目绩效目标两个层次（河北省省级部门预算绩效管理办法；"
        "财预〔2015〕88号），部门整体绩效目标随部门预算一并报送",
    ),
    Rule(
        slug="uncovered-promise",
        title="部门目标未落实到项目",
        severity="info",
        scope="department",
        check=check_uncovered,
        messages={"default": "部门整体目标承诺“{name} {target}”，但没有项目指标反映这一目标"},
        basis="部门整体绩效目标应通过项目绩效目标落实（河北省省级部门预算绩效管理办法：部门整体、项目两个层次）",
    ),
)
