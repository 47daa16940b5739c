"""复核 of published tables in bulk: upload, the results list, the Excel exports.

For the finance bureau (and the region's auditors, read only): no unit fills anything;
each uploaded table is scored by the rules and its departures listed.
"""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from jixiao.core.workflow import Role
from jixiao.core.writers.excel_selfeval import write_selfeval_xlsx
from jixiao.web.orgs.access import get_visible_or_404
from jixiao.web.orgs.models import REGION_ROLES, Membership, membership_of
from jixiao.web.plans.services.audit import ServiceError
from jixiao.web.selfeval.models import RecheckBatch
from jixiao.web.selfeval.services.batch import (
    MAX_FILES,
    Upload,
    create_batch,
    score_table,
    summary_xlsx,
)

__all__ = ["batch_detail", "batch_export", "batch_table_export", "batches"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _region_member(request: HttpRequest) -> Membership:
    m = membership_of(request.user)
    if m is None or m.role not in REGION_ROLES:
        raise PermissionDenied("只有财政部门可以批量复核自评表")
    return m


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def batches(request: HttpRequest) -> HttpResponse:
    m = _region_member(request)
    can_upload = m.role in (Role.FINANCE_REVIEWER, Role.ADMIN)
    if request.method == "POST":
        if not can_upload:
            raise PermissionDenied("只读用户不能上传")
        uploads = [Upload(f.name or "", f.read()) for f in request.FILES.getlist("files")]
        try:
            batch = create_batch(m.unit, request.POST.get("name", ""), uploads, user=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("selfeval:batches")
        return redirect("selfeval:batch", batch.pk)
    listed = RecheckBatch.objects.visible_to(request.user).select_related("created_by")
    return render(
        request,
        "selfeval/batches.html",
        {"batches": listed[:200], "can_upload": can_upload, "max_files": MAX_FILES},
    )


def _batch(request: HttpRequest, batch_id: int) -> RecheckBatch:
    return get_visible_or_404(
        RecheckBatch.objects.visible_to(request.user), batch_id, "批次不存在或无权查看"
    )


@login_required
@require_GET
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(request, batch_id)
    tables = []
    for t in batch.tables.order_by("position", "id"):
        doc, report = score_table(t.document)
        tables.append({"t": t, "doc": doc, "report": report})
    return render(request, "selfeval/batch_detail.html", {"batch": batch, "tables": tables})


@login_required
@require_GET
def batch_export(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(request, batch_id)
    return _xlsx(summary_xlsx(batch), f"{batch.name}-复核结果.xlsx")


@login_required
@require_GET
def batch_table_export(request: HttpRequest, batch_id: int, table_id: int) -> HttpResponse:
    """One table re-scored by the rules, with its 复核 sheet (the core writer)."""
    batch = _batch(request, batch_id)
    table = get_visible_or_404(batch.tables.all(), table_id, "自评表不存在或无权查看")
    doc, report = score_table(table.document)
    out = BytesIO()
    write_selfeval_xlsx(doc, report, out)
    return _xlsx(out.getvalue(), f"{table.project or table.filename}-复核.xlsx")
