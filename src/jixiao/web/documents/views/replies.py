"""批复 documents: one reply (PDF or Word), a batch as one zip, and the finance bureau's
list of approved plans with their replies and publication state."""

from __future__ import annotations

from typing import Literal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from jixiao.core import workflow as wf
from jixiao.core.documents import MEDIA_TYPES, RenderError
from jixiao.web.common.ui import viewer_of
from jixiao.web.documents.models import Reply
from jixiao.web.documents.services.publishing import public_plans
from jixiao.web.documents.services.replies import (
    attachment,
    replies_zip,
    reply_document,
    reply_filename,
)
from jixiao.web.orgs.access import get_visible_or_404
from jixiao.web.plans.models import Plan

__all__ = ["finance_documents", "reply_download", "reply_zip"]

REPLY_FORMATS: dict[str, Literal["pdf", "docx"]] = {"pdf": "pdf", "docx": "docx"}
#: Replies in one zip (a PDF costs about a second each; Word milliseconds).
MAX_ZIP = 500


def _format(fmt: str) -> Literal["pdf", "docx"]:
    if fmt not in REPLY_FORMATS:
        raise Http404("不支持的格式")
    return REPLY_FORMATS[fmt]


def _unprintable(exc: RenderError) -> HttpResponse:
    return HttpResponse(str(exc), status=422, content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def reply_download(request: HttpRequest, reply_id: int, fmt: str) -> HttpResponse:
    """The 绩效目标批复 of one reply: the letter with the approved targets."""
    kind = _format(fmt)
    reply = get_visible_or_404(
        Reply.objects.visible_to(request.user).select_related("plan", "plan__unit"),
        reply_id,
        "批复不存在或无权查看",
    )
    try:
        data = reply_document(reply, kind)
    except RenderError as exc:
        return _unprintable(exc)
    response = HttpResponse(data, content_type=MEDIA_TYPES[kind])
    response["Content-Disposition"] = attachment(
        reply_filename(reply, fmt), f"reply-{reply.pk}.{fmt}"
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def reply_zip(request: HttpRequest) -> HttpResponse:
    """The replies of the chosen plans (``plan=…``, each its newest reply) or the chosen
    replies (``reply=…``) as one zip: one document per unit. Unseen ones are dropped.
    POST is the 批复与公开 page's form (its CSRF token stays out of the URL)."""
    params = request.POST if request.method == "POST" else request.GET
    kind = _format(params.get("format", "docx"))
    plan_ids = [int(x) for x in params.getlist("plan") if x.isdigit()]
    reply_ids = [int(x) for x in params.getlist("reply") if x.isdigit()]
    visible = Reply.objects.visible_to(request.user).select_related("plan", "plan__unit")
    newest: dict[int, Reply] = {}
    for r in visible.filter(plan_id__in=plan_ids).order_by("seq"):
        newest[r.plan_id] = r
    chosen = {r.pk: r for r in [*newest.values(), *visible.filter(pk__in=reply_ids)]}
    replies = sorted(chosen.values(), key=lambda r: (r.region_id, r.year, r.seq))
    if not replies:
        raise Http404("没有可下载的批复")
    if len(replies) > MAX_ZIP:
        return HttpResponse(
            f"一次最多下载 {MAX_ZIP} 份批复", status=400, content_type="text/plain; charset=utf-8"
        )
    try:
        data = replies_zip(replies, kind)
    except RenderError as exc:
        return _unprintable(exc)
    response = HttpResponse(data, content_type="application/zip")
    name = f"绩效目标批复（{len(replies)}份）.zip"
    response["Content-Disposition"] = attachment(name, "replies.zip")
    return response


@login_required
@require_GET
def finance_documents(request: HttpRequest) -> HttpResponse:
    """批复与公开: the region's approved plans of a year, their 文号 and whether public."""
    viewer = viewer_of(request)
    if not viewer.sees_region:
        raise PermissionDenied("仅财政部门可以查看批复与公开")
    approved = Plan.objects.visible_to(request.user).filter(
        status=wf.State.APPROVED.value, cancelled_at__isnull=True
    )
    years = sorted(set(approved.values_list("year", flat=True)), reverse=True)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else (years[0] if years else None)
    plans = list(
        approved.filter(year=year or 0).select_related("unit").order_by("unit__code", "unit__name")
    )
    public = set(public_plans().filter(pk__in=[p.pk for p in plans]).values_list("pk", flat=True))
    replies: dict[int, Reply] = {}
    for r in Reply.objects.filter(plan__in=plans).order_by("seq"):
        replies[r.plan_id] = r
    rows = [{"plan": p, "reply": replies.get(p.pk), "public": p.pk in public} for p in plans]
    return render(
        request,
        "documents/finance_documents.html",
        {
            "rows": rows,
            "years": years,
            "year": year,
            "can_publish": viewer.superuser or viewer.role == wf.Role.FINANCE_REVIEWER,
            "region": viewer.unit.region if viewer.unit else None,
        },
    )
