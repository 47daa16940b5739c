"""The county results page: grades by department (ECharts) and unit, the 中/差 projects."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jixiao.core.workflow import Role
from jixiao.web.common.ui import viewer_of
from jixiao.web.selfeval.services.results import county_results, years_of

__all__ = ["results"]


@login_required
@require_GET
def results(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    if not viewer.sees_overview:
        raise PermissionDenied("只有财政部门和主管部门可以查看评价结果")
    years = years_of(request.user)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else (years[0] if years else None)
    res = county_results(request.user, year)
    return render(
        request,
        "selfeval/results.html",
        {
            "res": res,
            "years": years,
            "year": year,
            "chart": res.chart(),
            "can_rectify": viewer.role in (Role.FINANCE_REVIEWER, Role.ADMIN),
        },
    )
