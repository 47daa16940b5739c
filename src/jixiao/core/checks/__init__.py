"""Target checks (审核): the rule registry and ``check_plan``.

Placeholder interface until the checker lands: ``check_plan(plan) -> list[Finding]``.
"""

from __future__ import annotations

from jixiao.core.findings import Finding
from jixiao.core.model import Plan

__all__ = ["check_plan"]


def check_plan(plan: Plan) -> list[Finding]:
    """Run every enabled rule on ``plan`` and return the findings in document order."""
    return []
