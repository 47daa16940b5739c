"""Page URLs of the token pages (namespace ``tokens``), included from the root URLconf."""

from __future__ import annotations

from django.urls import path

from jixiao.web.api import tokens

app_name = "tokens"

urlpatterns = [
    path("account/tokens/", tokens.tokens, name="tokens"),
    path("account/tokens/<int:token_id>/revoke/", tokens.token_revoke, name="token-revoke"),
]
