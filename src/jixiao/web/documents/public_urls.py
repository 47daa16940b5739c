"""Anonymous pages of public disclosure (namespace ``public``, under ``/public/``)."""

from __future__ import annotations

from django.urls import path

from jixiao.web.documents.views import public

app_name = "public"

urlpatterns = [
    path("", public.index, name="index"),
    path("<int:region_id>/<int:year>/", public.region_year, name="region-year"),
    path("<int:region_id>/<int:year>/data.json", public.data_json, name="data-json"),
    path("<int:region_id>/<int:year>/data.csv", public.data_csv, name="data-csv"),
    path("plans/<int:plan_id>/", public.plan_page, name="plan"),
    path("plans/<int:plan_id>/document.pdf", public.plan_pdf, name="plan-pdf"),
]
