"""The county's results: grades by department and unit, and the 中/差 projects.

From the cached rules' grade of each self-evaluation (``services.scoring.refresh``), so the
page reads one query however many projects the county has.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from jixiao.core.scoring import DEFAULT_POLICY
from jixiao.web.orgs.models import AnyUser
from jixiao.web.selfeval.models import SelfEvaluation

__all__ = ["LOW_GRADES", "Results", "county_results", "years_of"]

#: Grades that call for 整改 (the two lowest of the default bands).
LOW_GRADES = ("中", "差")
#: The 中/差 list shows at most this many projects (the counts are complete).
MAX_LOW = 500


@dataclass(slots=True)
class Results:
    year: int | None
    grades: list[str]
    #: department → grade → count (a unit's 主管部门, else the unit itself).
    by_department: dict[str, Counter[str]] = field(default_factory=dict)
    by_unit: dict[str, Counter[str]] = field(default_factory=dict)
    low: list[SelfEvaluation] = field(default_factory=list)
    total: int = 0

    def department_rows(self) -> list[tuple[str, list[int]]]:
        return [(d, [c[g] for g in self.grades]) for d, c in self.by_department.items()]

    def unit_rows(self) -> list[tuple[str, list[int]]]:
        return [(u, [c[g] for g in self.grades]) for u, c in self.by_unit.items()]

    def chart(self) -> dict[str, Any]:
        labels = list(self.by_department)
        return {
            "labels": labels,
            "series": [
                {"name": g, "data": [self.by_department[d][g] for d in labels]} for g in self.grades
            ],
        }


def years_of(user: AnyUser) -> list[int]:
    years = SelfEvaluation.objects.visible_to(user).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def county_results(user: AnyUser, year: int | None) -> Results:
    """Counts by the database (one grouped query), the 中/差 projects by a second one."""
    grades = [g for g, _ in DEFAULT_POLICY.grade_bands]
    res = Results(year, grades)
    if year is None:
        return res
    evs = SelfEvaluation.objects.visible_to(user).filter(year=year).exclude(grade="")
    counts = (
        evs.values("unit__name", "unit__parent__name", "grade")
        .annotate(n=Count("id"))
        .order_by("unit__parent__name", "unit__name")
    )
    by_dept: dict[str, Counter[str]] = defaultdict(Counter)
    by_unit: dict[str, Counter[str]] = defaultdict(Counter)
    for c in counts:
        grade = c["grade"]
        if grade not in res.grades:
            res.grades.append(grade)
        dept = c["unit__parent__name"] or c["unit__name"]
        by_dept[dept][grade] += c["n"]
        by_unit[c["unit__name"]][grade] += c["n"]
        res.total += c["n"]
    res.by_department = dict(by_dept)
    res.by_unit = dict(by_unit)
    res.low = list(
        evs.filter(grade__in=LOW_GRADES)
        .select_related("unit", "project")
        .order_by("unit__name", "project__position", "id")[:MAX_LOW]
    )
    return res
