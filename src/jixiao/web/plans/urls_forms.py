"""URLs of the full-page editors (``views_forms``), added to the ``pages`` namespace."""

from __future__ import annotations

from django.urls import path

from jixiao.web.plans import views_forms

urlpatterns = [
    path("plans/<int:plan_id>/targets/edit/", views_forms.targets_edit, name="targets-edit"),
    path(
        "plans/<int:plan_id>/targets/preview/", views_forms.targets_preview, name="targets-preview"
    ),
    path("plans/<int:plan_id>/projects/add/", views_forms.project_add, name="project-add"),
    path(
        "plans/<int:plan_id>/projects/<int:project_id>/edit/",
        views_forms.project_edit,
        name="project-edit",
    ),
    path(
        "plans/<int:plan_id>/projects/<int:project_id>/delete/",
        views_forms.project_delete,
        name="project-delete",
    ),
]
