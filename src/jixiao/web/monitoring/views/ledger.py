"""Ledger import: upload → preview (what was read, per-project totals, duplicates) →
confirm. The read is the core's, all or nothing: a file with a bad row is refused with
every row named and nothing is stored. The preview is a pending import row of the
round, so nothing travels through the browser between the steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jixiao.core.findings import ReadError
from jixiao.core.monitoring import LedgerError
from jixiao.web.monitoring.access import get_ledger_for_user, get_round_for_user
from jixiao.web.monitoring.forms.monitoring import LedgerForm
from jixiao.web.monitoring.models.ledger import LedgerStatus
from jixiao.web.monitoring.services.ledger import ACCEPTED_SUFFIXES, confirm_ledger, upload_ledger
from jixiao.web.plans.services.audit import ServiceError

__all__ = ["ledger_confirm", "ledger_preview", "ledger_upload"]


@login_required
@require_http_methods(["GET", "POST"])
def ledger_upload(request: HttpRequest, round_id: int) -> HttpResponse:
    rnd = get_round_for_user(request, round_id, write=True)
    errors: list[str] = []
    summary = ""
    if request.method == "POST":
        form = LedgerForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                entry = upload_ledger(rnd, upload.read(), upload.name, user=request.user)
            except LedgerError as exc:
                summary = _("支付明细有 {n} 处错误，未导入任何数据：").format(n=len(exc.errors))
                errors = [str(e) for e in exc.errors[:200]]
            except (ReadError, ServiceError) as exc:
                summary = str(getattr(exc, "message", exc))
            else:
                return redirect("monitoring:ledger-preview", rnd.pk, entry.pk)
    else:
        form = LedgerForm()
    return render(
        request,
        "monitoring/ledger_upload.html",
        {"rnd": rnd, "form": form, "summary": summary, "errors": errors,
         "accepted": ACCEPTED_SUFFIXES},
        status=422 if summary else 200,
    )  # fmt: skip


@login_required
@require_GET
def ledger_preview(request: HttpRequest, round_id: int, ledger_id: int) -> HttpResponse:
    rnd = get_round_for_user(request, round_id, write=True)
    entry = get_ledger_for_user(request, rnd, ledger_id)
    names = {p.key: p for p in rnd.plan.projects.all()}
    totals = [{**t, "name": getattr(names.get(t["project"]), "name", "")}
              for t in entry.summary.get("totals", [])]  # fmt: skip
    return render(
        request,
        "monitoring/ledger_preview.html",
        {"rnd": rnd, "entry": entry, "totals": totals,
         "pending": entry.status == LedgerStatus.PENDING},
    )  # fmt: skip


@login_required
@require_POST
def ledger_confirm(request: HttpRequest, round_id: int, ledger_id: int) -> HttpResponse:
    rnd = get_round_for_user(request, round_id, write=True)
    entry = get_ledger_for_user(request, rnd, ledger_id)
    try:
        confirm_ledger(entry, user=request.user)
    except ServiceError as exc:
        messages.error(request, _("未导入：{reason}").format(reason=exc.message))
        return redirect("monitoring:ledger-preview", rnd.pk, entry.pk)
    messages.success(
        request,
        _("已导入支付明细 {name}（{n} 笔）。").format(name=entry.filename, n=entry.payment_count),
    )
    return redirect("monitoring:round", rnd.pk)
