"""Evidence files of a self-evaluation: upload (while editable), download (whoever sees it)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from jixiao.web.orgs.access import get_visible_or_404
from jixiao.web.plans.services.audit import ServiceError
from jixiao.web.selfeval.access import get_selfeval_for_user
from jixiao.web.selfeval.models import Evidence
from jixiao.web.selfeval.services.evidence import attach

__all__ = ["evidence_download", "evidence_upload"]


@login_required
@require_POST
def evidence_upload(request: HttpRequest, selfeval_id: int) -> HttpResponse:
    ev = get_selfeval_for_user(request, selfeval_id, write=True)
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, "请选择要上传的佐证材料")
        return redirect("selfeval:detail", ev.pk)
    version = request.POST.get("version", "")
    expected = int(version) if version.isdigit() else None
    try:
        for f in files:
            attach(ev, f.name or "", f.read(), user=request.user, note=request.POST.get("note", ""),
                   expected_version=expected)  # fmt: skip
            expected = None  # the first file bumped the version; the rest follow it
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已上传 {len(files)} 个佐证材料")
    return redirect("selfeval:detail", ev.pk)


@login_required
@require_GET
def evidence_download(request: HttpRequest, selfeval_id: int, evidence_id: int) -> HttpResponse:
    ev = get_selfeval_for_user(request, selfeval_id)
    item = get_visible_or_404(
        Evidence.objects.filter(evaluation=ev), evidence_id, "佐证材料不存在或无权查看"
    )
    response = HttpResponse(bytes(item.data), content_type=item.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(item.filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
