"""Root URLs: admin, accounts (login/logout), the API, and each app's pages."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from jixiao.web.api.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("monitoring/", include("jixiao.web.monitoring.urls")),
    path("", include("jixiao.web.api.token_urls")),
    path("", include("jixiao.web.people.urls")),
    path("public/", include("jixiao.web.documents.public_urls")),
    path("", include("jixiao.web.documents.urls")),
    path("", include("jixiao.web.plans.urls")),
]

# A crash outside the API's operations is still JSON under /api/ (docs/api.md).
handler500 = "jixiao.web.api.errors.server_error"
