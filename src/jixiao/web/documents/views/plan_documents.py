"""A plan's documents: its 绩效文本 (PDF, Word), its 批复 and whether it is public."""

from __future__ import annotations

from typing import Literal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jixiao.core.documents import MEDIA_TYPES, RenderError
from jixiao.core.documents import render as render_document
from jixiao.web.documents.models import Publication, Reply
from jixiao.web.documents.services.cache import cached_bytes
from jixiao.web.documents.services.publishing import can_publish, is_public
from jixiao.web.documents.services.replies import attachment
from jixiao.web.plans.access import get_plan_for_user
from jixiao.web.plans.services.mapping import plan_to_core

__all__ = ["plan_document", "plan_documents"]

DOCUMENT_FORMATS = ("pdf", "docx")


@login_required
@require_GET
def plan_documents(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Downloads of the plan's documents, its replies, and its publication record."""
    plan = get_plan_for_user(request, plan_id)
    versions = [plan.pk, *plan.adjustments.values_list("pk", flat=True)]
    if plan.previous_id is not None:
        versions.append(plan.previous_id)
    return render(
        request,
        "documents/plan_documents.html",
        {
            "plan": plan,
            "replies": Reply.objects.visible_to(request.user)
            .filter(plan_id__in=versions)
            .select_related("plan")
            .order_by("seq"),
            "publications": Publication.objects.filter(plan=plan).select_related("user"),
            "public": is_public(plan),
            "can_publish": can_publish(request.user, plan),
        },
    )


@login_required
@require_GET
def plan_document(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    """The plan's 部门预算绩效文本 in the published layout (PDF or Word)."""
    if fmt not in DOCUMENT_FORMATS:
        raise Http404("不支持的格式")
    plan = get_plan_for_user(request, plan_id)
    kind: Literal["pdf", "docx"] = "pdf" if fmt == "pdf" else "docx"
    try:
        data = cached_bytes(
            f"jixiao:plan-{kind}:{plan.pk}:{plan.version}:{plan.updated_at.isoformat()}",
            lambda: render_document(plan_to_core(plan), kind),
        )
    except RenderError as exc:
        return HttpResponse(str(exc), status=422, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=MEDIA_TYPES[kind])
    name = f"{plan.unit.name}{plan.year}年部门预算绩效文本.{fmt}"
    response["Content-Disposition"] = attachment(name, f"plan-{plan.pk}.{fmt}")
    return response
