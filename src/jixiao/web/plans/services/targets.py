"""Saving the department targets (部门整体绩效目标) with their extracted promises.

The prose of the overall goal and of each sub-goal states quantified promises
("满意度达到90%以上"). ``core.prose`` turns them into indicators; they are stored in
``overall.indicators`` and ``subgoals[].indicators`` (docs/formats.md) so that the plan page,
the exports and the checker see the same list. A section whose text is unchanged keeps
the list it has (it may come from an imported file); a changed or empty one is
extracted again. The write itself is ``editing.update_plan`` (audited, versioned).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jixiao.core import model as core
from jixiao.core.config import CheckConfig
from jixiao.core.prose import extract_promises, subgoal_promises
from jixiao.web.plans.models import Plan
from jixiao.web.plans.services.audit import AnyUser
from jixiao.web.plans.services.editing import update_plan

__all__ = ["extract_overall", "preview_promises", "stored_overall", "update_targets"]


def _reach_op() -> str:
    """How "达到 X" reads (≥ by default; the same configuration the checker uses)."""
    return CheckConfig().reach_op


def stored_overall(plan: Plan) -> core.Overall:
    """The plan's department targets as the core model (empty when none were entered)."""
    return core.Overall.from_dict(plan.overall) if plan.overall else core.Overall()


def preview_promises(goal: str | None, indicator_text: str | None = None) -> list[core.Indicator]:
    """The promises the prose would yield (the editor's live preview)."""
    return subgoal_promises(goal, indicator_text, reach_op=_reach_op())


def extract_overall(new: core.Overall, old: core.Overall | None) -> core.Overall:
    """``new`` with promises extracted where its text differs from ``old`` or none are kept.

    Sub-goals are matched to the old ones by their texts, so removing or adding a
    sub-goal does not re-extract the others.
    """
    reach_op = _reach_op()
    if not new.indicators or old is None or old.goal != new.goal:
        new.indicators = extract_promises(new.goal, reach_op=reach_op)
    previous = {(s.goal, s.indicator_text): s.indicators for s in (old.subgoals if old else [])}
    for sg in new.subgoals:
        kept = previous.get((sg.goal, sg.indicator_text))
        if kept:
            sg.indicators = [core.Indicator.from_dict(i.to_dict()) for i in kept]
        else:
            sg.indicators = subgoal_promises(sg.goal, sg.indicator_text, reach_op=reach_op)
    return new


def _overall_from_parts(
    old: core.Overall,
    goal: str | None,
    subgoals: Sequence[Mapping[str, Any]],
    measures: Sequence[Mapping[str, Any]],
) -> core.Overall:
    """A new Overall: the typed texts, with unknown keys of the stored items kept."""
    new = core.Overall.from_dict(
        {
            **old.to_dict(),
            "goal": goal,
            "subgoals": [{**dict(s), "indicators": []} for s in subgoals],
            "measures": [dict(m) for m in measures],
        }
    )
    # The stored overall-goal promises stay unless the goal text changed (extract_overall).
    new.indicators = list(old.indicators)
    return new


def update_targets(
    plan: Plan,
    *,
    goal: str | None,
    subgoals: Sequence[Mapping[str, Any]],
    measures: Sequence[Mapping[str, Any]],
    user: AnyUser,
    expected_version: int | None,
) -> core.Overall:
    """Save the department targets and their promises; return what was stored.

    ``subgoals``: dicts with title, goal, indicator_text (plus any stored unknown keys);
    ``measures``: dicts with title and text. Raises ``services.StaleEditError`` when the
    plan changed since ``expected_version``.
    """
    old = stored_overall(plan)
    new = extract_overall(_overall_from_parts(old, goal, subgoals, measures), old)
    # Everything cleared: no department targets at all (the plan page says so).
    empty = not (new.goal or new.subgoals or new.measures or new.extra)
    data = None if empty else new.to_dict()
    update_plan(plan, {"overall": data}, user=user, expected_version=expected_version)
    return new
