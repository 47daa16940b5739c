"""Page URLs (namespace ``pages``), included from the root URLconf."""

from __future__ import annotations

from django.urls import path

from jixiao.web.plans import (
    urls_forms,
    views,
    views_editor,
    views_import,
    views_review,
    views_todo,
    views_workflow,
)

app_name = "pages"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("units/<int:unit_id>/", views.unit_overview, name="unit"),
    path("finance/", views.finance_overview, name="finance"),
    path("finance/check/", views.check_all, name="check-all"),
    path("finance/deadlines/", views_review.deadlines, name="deadlines"),
    path("review/batch/", views_review.batch, name="batch"),
    path("todo/", views_todo.todo, name="todo"),
    path("todo/read/", views_todo.mark_read, name="notifications-read"),
    path("plans/import/", views_import.import_upload, name="import"),
    path("plans/import/<str:token>/", views_import.import_preview, name="import-preview"),
    path("plans/import/<str:token>/confirm/", views_import.import_confirm, name="import-confirm"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path(
        "plans/<int:plan_id>/transition/",
        views_workflow.plan_transition,
        name="plan-transition",
    ),
    path("plans/<int:plan_id>/comments/", views_workflow.plan_comment, name="plan-comment"),
    path("plans/<int:plan_id>/compare/", views_workflow.plan_compare, name="plan-compare"),
    path("plans/<int:plan_id>/export.json", views.export_json, name="export-json"),
    path("plans/<int:plan_id>/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path(
        "plans/<int:plan_id>/projects/<int:project_id>/",
        views_editor.project_detail,
        name="project",
    ),
    path(
        "plans/<int:plan_id>/projects/<int:project_id>/indicators/add/",
        views_editor.indicator_add,
        name="indicator-add",
    ),
    path(
        "plans/<int:plan_id>/indicators/<int:indicator_id>/",
        views_editor.indicator_update,
        name="indicator-update",
    ),
    path(
        "plans/<int:plan_id>/indicators/<int:indicator_id>/delete/",
        views_editor.indicator_delete,
        name="indicator-delete",
    ),
    path(
        "plans/<int:plan_id>/indicators/<int:indicator_id>/move/",
        views_editor.indicator_move,
        name="indicator-move",
    ),
]

urlpatterns += urls_forms.urlpatterns
