"""Target checks (审核): the rule registry and ``check_plan``.

``RULES`` lists every rule (slug, default severity, Chinese message templates, basis)
in report order; it drives the CLI, the web app and the documentation. ``check_plan``
runs the enabled rules of a ``CheckConfig`` on a plan and returns ``Finding`` values in
document order: department promises first, then each project (project-level findings,
then row by row). Rules never raise on bad data: a defect is a finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from jixiao.core.checks import (
    classification,
    department,
    history,
    money,
    plan,
    structure,
    values,
)
from jixiao.core.checks.base import (
    Context,
    Facts,
    Hit,
    ProjectFacts,
    Rule,
    indicator_facts,
    matchers,
)
from jixiao.core.config import CheckConfig
from jixiao.core.findings import Finding, Severity
from jixiao.core.model import Plan

__all__ = ["RULES", "RULES_BY_SLUG", "RULE_SLUGS", "check_plan"]

RULES: tuple[Rule, ...] = (
    *plan.RULES,
    *structure.RULES,
    *values.RULES,
    *classification.RULES,
    *money.RULES,
    *department.RULES,
    *history.RULES,
)
RULES_BY_SLUG: Mapping[str, Rule] = {r.slug: r for r in RULES}
RULE_SLUGS: frozenset[str] = frozenset(RULES_BY_SLUG)
_DEFAULT = CheckConfig()


class _Emitter:
    """Turns hits into findings with the config's severity overrides applied."""

    __slots__ = ("overrides",)

    def __init__(self, config: CheckConfig) -> None:
        self.overrides: dict[str, Severity] = dict(config.severity)

    def finding(
        self,
        rule: Rule,
        hit: Hit,
        project: str | None,
        indicator: int | None,
        extra: dict[str, Any],
    ) -> Finding:
        severity = self.overrides.get(rule.slug) or hit.severity or rule.severity
        template = rule.messages.get(hit.variant) or rule.messages["default"]
        return Finding(
            rule=rule.slug,
            severity=severity,
            project=project,
            indicator=indicator,
            message=template.format_map(hit.params),
            basis=rule.basis,
            suggestion=hit.suggestion,
            extra=extra,
        )


def _row_extra(f: Facts, project_name: str | None) -> dict[str, Any]:
    return {"project_name": project_name, "indicator_name": f.ind.name, "value": f.ind.target}


def check_plan(plan: Plan, config: CheckConfig | None = None) -> list[Finding]:
    """Run every enabled rule on ``plan`` and return the findings in document order."""
    config = config or _DEFAULT
    m = matchers(config)
    active = [r for r in RULES if config.enabled(r.slug)]
    row_rules = [r for r in active if r.scope == "indicator"]
    project_rules = [r for r in active if r.scope == "project"]
    prose_rules = [r for r in row_rules if r.prose]
    dept_rules = [r for r in active if r.scope == "department"]
    plan_rules = [r for r in active if r.scope == "plan"]
    document_rules = [r for r in active if r.scope == "document"]
    emit = _Emitter(config)
    out: list[Finding] = []

    projects: list[ProjectFacts] = [
        ProjectFacts(p, [indicator_facts(i, ind, m) for i, ind in enumerate(p.indicators, 1)])
        for p in plan.projects
    ]

    # Department level (D0, D5): findings carry project null.
    ctx = Context(config, m, None, plan.money_unit, plan.year)
    for rule in document_rules:
        whole: Iterable[Hit] = rule.check(plan, ctx)  # type: ignore[assignment]
        for whole_hit in whole:
            out.append(emit.finding(rule, whole_hit, None, None, {"section": "overall"}))
    rows = [
        (section, indicator_facts(pos, ind, m, prose=True))
        for section, pos, ind in department.department_rows(plan, config.reach_op)
    ]
    seen: set[tuple[str, str, str]] = set()  # (rule, promise, target)
    for section, f in rows:
        for rule in prose_rules:
            hit = rule.check(f, ctx)
            if isinstance(hit, Hit):
                seen_key = (rule.slug, f.name, f.ind.target or "")
                if seen_key in seen:
                    continue  # the same promise repeated in overall and sub-goal
                seen.add(seen_key)
                out.append(emit.finding(rule, hit, None, f.pos, _dept_extra(section, f)))
    if rows:
        dept = department.DeptFacts(rows, projects)
        for rule in dept_rules:
            found: Iterable[tuple[str, Facts, Hit]] = rule.check(dept, ctx)  # type: ignore[assignment]
            for section, f, hit in found:
                out.append(emit.finding(rule, hit, None, f.pos, _dept_extra(section, f)))

    # Plan level (several projects at once): each hit belongs to one project.
    plan_hits: dict[int, list[tuple[Rule, Hit]]] = {}
    for rule in plan_rules:
        pairs: Iterable[tuple[int, Hit]] = rule.check(projects, ctx)  # type: ignore[assignment]
        for k, hit in pairs:
            plan_hits.setdefault(k, []).append((rule, hit))

    for k, pf in enumerate(projects):
        project = pf.project
        code = project.key
        for rule, hit in plan_hits.get(k, ()):
            out.append(emit.finding(rule, hit, code, None, {"project_name": project.name}))
        ctx = Context(config, m, project, plan.money_unit, plan.year)
        pointed: dict[int, list[tuple[Rule, Hit]]] = {}
        for rule in project_rules:
            hits: Iterable[Hit] = rule.check(pf, ctx)  # type: ignore[assignment]
            for hit in hits:
                if hit.indicator is None:
                    out.append(emit.finding(rule, hit, code, None, {"project_name": project.name}))
                else:
                    pointed.setdefault(hit.indicator, []).append((rule, hit))
        for f in pf.rows:
            for rule in row_rules:
                hit = rule.check(f, ctx)
                if isinstance(hit, Hit):
                    out.append(emit.finding(rule, hit, code, f.pos, _row_extra(f, project.name)))
            for rule, hit in pointed.get(f.pos, ()):
                out.append(emit.finding(rule, hit, code, f.pos, _row_extra(f, project.name)))
    return out


def _dept_extra(section: str, f: Facts) -> dict[str, Any]:
    return {"section": section, "indicator_name": f.ind.name, "value": f.ind.target}
