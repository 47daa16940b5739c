"""API tokens on a page: each user issues and revokes the tokens of their own account.

The key is shown once, right after it is issued (only its digest is stored); revoking
deletes the token so it stops working at once. Both are recorded with the people app's
account changes. (The pages live beside the ``Token`` model: the people app sits below
the API in the layers and may not import it.)
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.web.api.models import Token
from jixiao.web.orgs.access import get_visible_or_404
from jixiao.web.orgs.models import membership_of
from jixiao.web.people.models import ChangeKind
from jixiao.web.people.services.accounts import record

__all__ = ["token_revoke", "tokens"]

#: Tokens one account may hold (a leaked page of keys is a smaller leak).
MAX_TOKENS = 10


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("用途"),
        max_length=100,
        help_text=gettext_lazy("如“单位财务系统对接”，便于以后识别和吊销"),
    )


def _region(request: HttpRequest) -> object:
    m = membership_of(request.user)
    return m.unit.region if m is not None else None


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    mine = Token.objects.filter(user=request.user).order_by("-created_at")  # type: ignore[misc]
    form = TokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        if mine.count() >= MAX_TOKENS:
            form.add_error(None, _("最多 {n} 个令牌，请先吊销不用的。").format(n=MAX_TOKENS))
        else:
            token, key = Token.issue(request.user, form.cleaned_data["name"])  # type: ignore[arg-type]
            record(
                request.user,
                _region(request),  # type: ignore[arg-type]
                ChangeKind.TOKEN_ISSUED,
                request.user.get_username(),
                f"{token.prefix}… · {token.name}",
            )
            form = TokenForm()
    return render(request, "api/tokens.html", {"tokens": list(mine), "form": form, "key": key})


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_visible_or_404(
        Token.objects.filter(user=request.user),  # type: ignore[misc]
        token_id,
        "令牌不存在",
    )
    label = f"{token.prefix}… · {token.name}"
    token.delete()
    record(
        request.user,
        _region(request),  # type: ignore[arg-type]
        ChangeKind.TOKEN_REVOKED,
        request.user.get_username(),
        label,
    )
    messages.success(request, _("已吊销令牌 {label}，它不能再用于接口。").format(label=label))
    return redirect("tokens:tokens")
