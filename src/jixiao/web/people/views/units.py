"""Adding a unit to the region."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jixiao.web.people.access import region_or_403
from jixiao.web.people.forms import UnitForm
from jixiao.web.people.services.accounts import AccountError, add_unit

__all__ = ["unit_add"]


@login_required
@require_http_methods(["GET", "POST"])
def unit_add(request: HttpRequest) -> HttpResponse:
    region = region_or_403(request)
    form = UnitForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            unit = add_unit(
                request.user, name=d["name"], code=d["code"], kind=d["kind"], parent=d["parent"]
            )
        except AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已新增单位“{name}”。").format(name=unit.name))
            return redirect("people:people")
    return render(request, "people/unit_form.html", {"form": form, "region": region})
