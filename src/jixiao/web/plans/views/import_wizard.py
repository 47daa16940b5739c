"""Import wizard: upload → preview (what was read, the findings, the diff) → confirm.

Reading, diffing and saving are ``importing``'s job; this module only moves the document
from the preview to the confirmation. It travels in the session under a random token
(never in a hidden form field the user could alter), together with the version of the
stored plan the preview was compared with, so a plan changed in between is refused.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.core.checks import check_plan
from jixiao.core.diff import diff_plans
from jixiao.core.findings import ReadError
from jixiao.web.common.ui import count_severities, findings_by_project
from jixiao.web.orgs.models import Unit
from jixiao.web.plans.access import can_import_for_unit
from jixiao.web.plans.forms.importing import ImportForm
from jixiao.web.plans.models import Plan
from jixiao.web.plans.services import importing
from jixiao.web.plans.services.audit import ServiceError, StaleEditError
from jixiao.web.plans.services.mapping import plan_to_core

__all__ = ["import_confirm", "import_preview", "import_upload"]

SESSION_KEY = "jixiao-imports"
#: Pending previews kept per session (older ones are dropped).
MAX_PENDING = 3


def _writable_units(request: HttpRequest) -> Any:
    units = Unit.objects.writable_by(request.user).select_related("region").order_by("name")
    if not units.exists():
        raise PermissionDenied(_("您的角色不能导入绩效目标。"))
    return units


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: choose the file, the unit and the year."""
    units = _writable_units(request)
    read_error: ReadError | None = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, units=units)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            unit: Unit = form.cleaned_data["unit"]
            data = upload.read()
            try:
                year = form.cleaned_data["year"] or _year_of(data, upload.name)
                preview = importing.preview_import(unit, year, data, upload.name)
            except ReadError as exc:
                read_error = exc
            else:
                token = _store(request, preview)
                return redirect("pages:import-preview", token)
    else:
        initial: dict[str, Any] = {}
        if (u := request.GET.get("unit", "")).isdigit() and units.filter(pk=int(u)).exists():
            initial["unit"] = int(u)
        if (y := request.GET.get("year", "")).isdigit():
            initial["year"] = int(y)
        form = ImportForm(units=units, initial=initial)
    return render(
        request,
        "plans/import_upload.html",
        {"form": form, "read_error": read_error, "accepted": importing.ACCEPTED_SUFFIXES},
        status=422 if read_error else 200,
    )


def _year_of(data: bytes, filename: str) -> int:
    document, _warnings = importing.read_upload(data, filename)
    if document.year is None:
        raise ReadError(_("文件中没有找到年度，请在“年度”中填写。"))
    return document.year


def _store(request: HttpRequest, preview: importing.ImportPreview) -> str:
    token = secrets.token_urlsafe(12)
    pending: dict[str, Any] = dict(request.session.get(SESSION_KEY, {}))
    while len(pending) >= MAX_PENDING:
        pending.pop(next(iter(pending)))
    pending[token] = {
        "unit": preview.unit.pk,
        "year": preview.year,
        "filename": preview.filename,
        "document": importing.serialize_document(preview.document),
        "expected_version": preview.expected_version,
        "warnings": [
            {"message": w.message, "location": str(w.location) if w.location else ""}
            for w in preview.warnings
        ],
    }
    request.session[SESSION_KEY] = pending
    return token


def _load(request: HttpRequest, token: str) -> tuple[dict[str, Any], Unit]:
    """The pending import of this session, re-checking that the user may still import."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if entry is None:
        raise Http404(_("导入预览已过期，请重新上传。"))
    unit = Unit.objects.select_related("region").get(pk=entry["unit"])
    if not can_import_for_unit(request.user, unit):
        raise PermissionDenied(_("您不能为此单位导入绩效目标。"))
    return entry, unit


@login_required
@require_http_methods(["GET"])
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    """Step 2: what was read, what the checks say, and what would change."""
    entry, unit = _load(request, token)
    document = importing.deserialize_document(entry["document"])
    existing = Plan.objects.current().filter(unit=unit, year=entry["year"]).first()
    findings = check_plan(document)
    diff = diff_plans(None if existing is None else plan_to_core(existing), document)
    stale = (existing.version if existing else None) != entry["expected_version"]
    by_project = findings_by_project(findings)
    projects = [
        {
            "p": p,
            "counts": count_severities(by_project.get(p.key, [])),
            "findings": by_project.get(p.key, []),
        }
        for p in document.projects
    ]
    return render(
        request,
        "plans/import_preview.html",
        {
            "token": token,
            "entry": entry,
            "unit": unit,
            "document": document,
            "projects": projects,
            "general": by_project.get(None, []),
            "counts": count_severities(findings),
            "diff": diff,
            "existing": existing,
            "stale": stale,
            "locked": existing is not None and not existing.is_editable,
            "problems": importing.storage_problems(document),
        },
    )


@login_required
@require_POST
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Step 3: save everything in one transaction, or nothing."""
    entry, unit = _load(request, token)
    try:
        document = importing.deserialize_document(entry["document"])
        plan = importing.confirm_import(
            unit,
            entry["year"],
            document,
            user=request.user,
            expected_version=entry["expected_version"],
        )
    except StaleEditError:
        messages.error(
            request,
            _("未导入：此单位该年度的绩效目标在预览之后被修改过。请重新上传，核对差异后再确认。"),
        )
        return redirect("pages:import-preview", token)
    except (ServiceError, ReadError) as exc:
        messages.error(request, _("未导入：{reason}").format(reason=getattr(exc, "message", exc)))
        return redirect("pages:import-preview", token)
    pending = dict(request.session.get(SESSION_KEY, {}))
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    messages.success(
        request,
        _("已导入 {unit} {year} 年度绩效目标（{n} 个项目）。").format(
            unit=unit.name, year=plan.year, n=len(document.projects)
        ),
    )
    return redirect("pages:plan", plan.pk)
