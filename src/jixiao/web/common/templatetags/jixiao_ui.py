"""Template tags for the pages: money in 万元, parsed values, severity badges, sorting links."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import template
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jixiao.core.money import format_wanyuan
from jixiao.core.values import ParsedValue, parse_value
from jixiao.web.common.ui import Viewer, viewer_of
from jixiao.web.orgs.models import display_name

register = template.Library()


@register.simple_tag(takes_context=True)
def current_membership(context: template.Context) -> Viewer | None:
    request: HttpRequest | None = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    return viewer_of(request)


@register.filter
def wanyuan(amount: Decimal | None, money_unit: str | None = "万元") -> str:
    """An amount shown in 万元 with two decimals; absent → "—"."""
    return format_wanyuan(amount, money_unit or "万元")


@register.filter
def minutes(value: timedelta | None) -> int:
    return 0 if value is None else int(value.total_seconds() // 60)


def severity_label(severity: str) -> str:
    labels = {
        "error": pgettext("severity", "错误"),
        "warning": pgettext("severity", "警告"),
        "info": pgettext("severity", "提示"),
    }
    return labels.get(severity, severity)


@register.simple_tag
def severity_badge(severity: str) -> SafeString:
    return format_html('<span class="badge {}">{}</span>', severity, severity_label(severity))


@register.simple_tag
def count_cell(n: int | None, severity: str) -> SafeString:
    """A finding count coloured by severity; zero in grey."""
    n = n or 0
    css = severity if n else "zero"
    return format_html('<span class="count {}">{}</span>', css, n)


def kind_label(kind: str) -> str:
    labels = {
        "quantity": _("定量"),
        "deadline": _("时限"),
        "qualitative": _("定性"),
        "empty": _("未填"),
        "malformed": _("格式错误"),
    }
    return labels.get(kind, kind)


@register.inclusion_tag("htmx/parsed_value.html")
def parsed_value(target: str | None) -> dict[str, Any]:
    """How the checker reads a typed value: kind, operator, number, unit or date."""
    pv: ParsedValue = parse_value(target)
    return {"pv": pv, "kind_label": kind_label(pv.kind)}


@register.simple_tag(takes_context=True)
def sort_link(context: template.Context, key: str, label: str) -> SafeString:
    """A column header that sorts by ``key`` (click again to reverse), keeping the filters."""
    request: HttpRequest = context["request"]
    current = request.GET.get("sort", "")
    params = request.GET.copy()
    params.pop("page", None)  # a new order starts on its first page
    desc = current == key
    params["sort"] = f"-{key}" if desc else key
    arrow = ""
    if current.lstrip("-") == key:
        arrow = " ▼" if current.startswith("-") else " ▲"
    css = "sorted" if arrow else ""
    return format_html(
        '<a class="{}" href="?{}">{}{}</a>', css, urlencode(sorted(params.items())), label, arrow
    )


@register.simple_tag
def person(user: Any) -> str:
    """A user as comments and history name them: name, and unit and role when known.

    Load comments with ``select_related("author__membership__unit")`` (no query per line).
    """
    name = display_name(user)
    if name is None:
        return _("系统")
    m = getattr(user, "membership", None)  # RelatedObjectDoesNotExist is an AttributeError
    if m is None:
        return str(name)
    return f"{name}（{m.unit.name} · {m.get_role_display()}）"
