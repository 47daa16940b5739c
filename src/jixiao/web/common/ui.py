"""Page helpers shared by every app's views and template tags: who is looking, and how
findings are grouped for display. No rules here: findings come from the core.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils.translation import gettext as _

from jixiao.core.findings import Finding
from jixiao.core.workflow import Role
from jixiao.web.orgs.models import (
    REGION_ROLES,
    UNIT_ROLES,
    Membership,
    Unit,
    is_superuser,
    membership_of,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

__all__ = [
    "Viewer",
    "count_severities",
    "findings_by_indicator",
    "findings_by_project",
    "htmx_partial",
    "viewer_of",
]


@dataclass(frozen=True, slots=True)
class Viewer:
    """The logged-in user as the top bar and navigation need it."""

    membership: Membership | None
    superuser: bool

    @property
    def unit(self) -> Unit | None:
        return self.membership.unit if self.membership else None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def role_label(self) -> str:
        if self.membership is not None:
            return str(self.membership.get_role_display())
        return "超级用户" if self.superuser else ""

    @property
    def sees_region(self) -> bool:
        return self.superuser or self.role in REGION_ROLES

    @property
    def sees_overview(self) -> bool:
        """The region overview: finance roles see the region, a supervisor its units."""
        return self.sees_region or self.role == Role.SUPERVISOR_REVIEWER

    @property
    def can_import(self) -> bool:
        return self.superuser or self.role in (Role.UNIT_EDITOR, Role.ADMIN)

    @property
    def can_recheck(self) -> bool:
        """Re-running the checks over the region (全部重新审核) stores new counts: it is
        the finance bureau's work (reviewer, admin), not a reader's or a supervisor's."""
        return self.superuser or self.role in (Role.FINANCE_REVIEWER, Role.ADMIN)

    @property
    def is_unit_member(self) -> bool:
        return self.role in UNIT_ROLES

    @property
    def overview_title(self) -> str:
        """The overview is the finance bureau's for region roles, the department's own
        units' for a supervising reviewer."""
        if self.role == Role.SUPERVISOR_REVIEWER:
            return _("本部门单位总览")
        return _("财政总览")


def viewer_of(request: HttpRequest) -> Viewer:
    """The request's viewer, computed once per request."""
    cached: Viewer | None = getattr(request, "_jixiao_viewer", None)
    if cached is None:
        user: AbstractBaseUser | AnonymousUser = request.user
        m = membership_of(user)
        if m is not None:
            # The top bar shows unit and region on every page: load them with the membership.
            m = Membership.objects.select_related("unit", "unit__region").get(pk=m.pk)
        cached = Viewer(m, is_superuser(user))
        request._jixiao_viewer = cached  # type: ignore[attr-defined]
    return cached


def htmx_partial(request: HttpRequest) -> bool:
    """Whether to answer with a fragment (an htmx request that is not a boosted page load)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not getattr(htmx, "boosted", False)


def count_severities(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def findings_by_project(findings: Iterable[Finding]) -> dict[str | None, list[Finding]]:
    """Findings keyed by project key (code, else name; ``None`` = department level)."""
    out: dict[str | None, list[Finding]] = defaultdict(list)
    for f in findings:
        out[f.project].append(f)
    return dict(out)


def findings_by_indicator(
    findings: Iterable[Finding], project_key: str | None
) -> tuple[dict[int, list[Finding]], list[Finding]]:
    """One project's findings: by 1-based indicator position, and those about the project."""
    rows: dict[int, list[Finding]] = defaultdict(list)
    general: list[Finding] = []
    for f in findings:
        if f.project != project_key:
            continue
        if f.indicator is None:
            general.append(f)
        else:
            rows[f.indicator].append(f)
    return dict(rows), general
