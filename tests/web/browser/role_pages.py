"""The main pages of each role of the test cast (the accessibility and role-path tests)."""

from __future__ import annotations

from tests.web.base import Cast

ROLES = ("editor", "leader", "supervisor", "finance", "auditor", "admin", "other")


def main_pages(cast: Cast, who: str) -> list[str]:
    plan = f"/plans/{cast.plan_a.pk}/"
    project = cast.plan_a.projects.order_by("position")[0]
    a, b = cast.units["A"].pk, cast.units["B"].pk
    return {
        "editor": [f"/units/{a}/", plan, f"{plan}projects/{project.pk}/", "/todo/",
                   "/plans/import/", f"{plan}projects/{project.pk}/edit/", f"{plan}targets/edit/",
                   f"{plan}compare/", "/account/tokens/"],
        "leader": [f"/units/{a}/", plan, f"{plan}projects/{project.pk}/", "/todo/"],
        "supervisor": ["/finance/", plan, f"{plan}projects/{project.pk}/", "/todo/"],
        "finance": ["/finance/", "/finance/deadlines/?year=2024", plan, "/todo/"],
        "auditor": ["/finance/", "/finance/deadlines/?year=2024", plan, "/todo/"],
        "admin": ["/people/", "/people/users/invite/", "/people/units/add/", "/finance/",
                  "/finance/deadlines/?year=2024", plan, "/account/tokens/"],
        "other": [f"/units/{b}/", f"/plans/{cast.plan_b.pk}/", "/todo/"],
    }[who]  # fmt: skip
