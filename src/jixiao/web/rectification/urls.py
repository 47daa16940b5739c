"""Page URLs of the 整改 app (namespace ``rectification``), under ``rectification/``."""

from __future__ import annotations

from django.urls import path

from jixiao.web.rectification.views import items

app_name = "rectification"

urlpatterns = [
    path("", items.item_list, name="list"),
    path("open/<int:project_id>/", items.item_open, name="open"),
    path("<int:item_id>/", items.item_detail, name="detail"),
    path("<int:item_id>/action/", items.item_action, name="action"),
]
