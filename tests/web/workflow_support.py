"""Helpers for the workflow tests: plans without errors (the cast's plans A and B both
have error findings, which block 提交), and moving a plan along through the service."""

from __future__ import annotations

from jixiao.web.demo.generate import generate_plan
from jixiao.web.plans.models import Plan
from jixiao.web.plans.review.transitions import transition
from jixiao.web.plans.services import editing
from tests.web.base import Cast


def clean_plan(cast: Cast, unit: str = "A", year: int = 2025, *, by: str | None = "editor") -> Plan:
    """A one-project plan of ``unit`` the checker finds no error in (it may be submitted)."""
    u = cast.units[unit]
    document = generate_plan(
        f"T{unit}", department=u.name, department_code=u.code, region=cast.region.name,
        year=year, projects=1, defects=False,
    )  # fmt: skip
    return editing.create_plan(u, year, user=cast.users[by] if by else None, document=document)


def submitted_plan(cast: Cast, year: int = 2025) -> Plan:
    """Unit A's clean plan, submitted by its editor (waiting for supervisor S)."""
    plan = clean_plan(cast, "A", year)
    return transition(plan, "submit", user=cast.users["editor"])


def supervisor_approved_plan(cast: Cast, year: int = 2025) -> Plan:
    """Unit A's clean plan after supervisor S approved it (finance's turn)."""
    plan = submitted_plan(cast, year)
    return transition(plan, "supervisor_approve", user=cast.users["supervisor"])
