"""公开: the anonymous pages. Only ``services.publishing.public_plans`` reaches plans here,
and only what the published document shows leaves: nothing unapproved or unpublished,
no comments, findings, history or people. An unpublished plan is 404, like a missing one.
"""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from jixiao.core.documents import MEDIA_TYPES, RenderError
from jixiao.core.documents import render as render_document
from jixiao.web.documents.models import Reply
from jixiao.web.documents.services.cache import cached_bytes
from jixiao.web.documents.services.publishing import (
    newest_versions,
    open_data_csv,
    open_data_json,
    public_plans,
)
from jixiao.web.documents.services.replies import attachment
from jixiao.web.orgs.access import get_visible_or_404
from jixiao.web.orgs.models import Region
from jixiao.web.plans.models import Plan
from jixiao.web.plans.services.mapping import plan_to_core

__all__ = ["data_csv", "data_json", "index", "plan_page", "plan_pdf", "region_year"]

NOT_PUBLIC = "绩效目标不存在或未公开"


def _public_plan(plan_id: int) -> Plan:
    return get_visible_or_404(public_plans(), plan_id, NOT_PUBLIC)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Regions and years with published targets."""
    rows = (
        public_plans()
        .values("unit__region_id", "unit__region__name", "year")
        .annotate(n=Count("unit", distinct=True))
        .order_by("unit__region__name", "-year")
    )
    return render(request, "documents/public/index.html", {"rows": list(rows)})


@require_GET
def region_year(request: HttpRequest, region_id: int, year: int) -> HttpResponse:
    """The units of a region with published targets for a year."""
    region = get_object_or_404(Region, pk=region_id)
    plans = newest_versions(public_plans().filter(unit__region=region, year=year))
    numbers = {r.plan_id: r.number for r in Reply.objects.filter(plan__in=plans).order_by("seq")}
    rows = [{"plan": p, "number": numbers.get(p.pk, "")} for p in plans]
    return render(
        request, "documents/public/region_year.html", {"region": region, "year": year, "rows": rows}
    )


@require_GET
def plan_page(request: HttpRequest, plan_id: int) -> HttpResponse:
    """One unit's approved targets, shown as the published document."""
    plan = _public_plan(plan_id)
    try:
        html = render_document(plan_to_core(plan), "html").decode("utf-8")
    except RenderError as exc:
        html = ""
        error = str(exc)
    else:
        error = ""
    reply = Reply.objects.filter(plan=plan).order_by("-seq").first()
    return render(
        request,
        "documents/public/plan.html",
        {"plan": plan, "document": html, "error": error, "number": reply.number if reply else ""},
    )


@require_GET
def plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _public_plan(plan_id)
    try:
        data = cached_bytes(
            f"jixiao:plan-pdf:{plan.pk}:{plan.version}:{plan.updated_at.isoformat()}",
            lambda: render_document(plan_to_core(plan), "pdf"),
        )
    except RenderError as exc:
        return HttpResponse(str(exc), status=422, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=MEDIA_TYPES["pdf"])
    name = f"{plan.unit.name}{plan.year}年部门预算绩效文本.pdf"
    response["Content-Disposition"] = attachment(name, f"plan-{plan.pk}.pdf")
    return response


@require_GET
def data_json(request: HttpRequest, region_id: int, year: int) -> HttpResponse:
    """Open data: the public plans of a region and year in jixiao's JSON format."""
    region = get_object_or_404(Region, pk=region_id)
    response = HttpResponse(
        open_data_json(region, year), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = attachment(
        f"{region.name}{year}年绩效目标公开数据.json", f"public-{region.pk}-{year}.json"
    )
    return response


@require_GET
def data_csv(request: HttpRequest, region_id: int, year: int) -> HttpResponse:
    """Open data: one line per indicator of the public plans (CSV, UTF-8 with BOM)."""
    region = get_object_or_404(Region, pk=region_id)
    response = HttpResponse(open_data_csv(region, year), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment(
        f"{region.name}{year}年绩效目标公开数据.csv", f"public-{region.pk}-{year}.csv"
    )
    return response
