"""Page URLs of the targets app (namespace ``pages``), included from the root URLconf."""

from __future__ import annotations

from django.urls import path

from jixiao.web.plans.views import (
    batch,
    deadlines,
    department_targets,
    import_wizard,
    indicator_table,
    overview,
    plan,
    project_form,
    review,
    todo,
)

app_name = "pages"

_PLAN = "plans/<int:plan_id>/"
_PROJECT = _PLAN + "projects/<int:project_id>/"
_INDICATOR = _PLAN + "indicators/<int:indicator_id>/"

urlpatterns = [
    path("", overview.dashboard, name="dashboard"),
    path("units/<int:unit_id>/", overview.unit_overview, name="unit"),
    path("finance/", overview.finance_overview, name="finance"),
    path("finance/check/", overview.check_all, name="check-all"),
    path("finance/deadlines/", deadlines.deadlines, name="deadlines"),
    path("finance/deadlines/remind/", deadlines.remind, name="remind"),
    path("review/batch/", batch.batch, name="batch"),
    path("todo/", todo.todo, name="todo"),
    path("todo/read/", todo.mark_read, name="notifications-read"),
    path("plans/import/", import_wizard.import_upload, name="import"),
    path("plans/import/<str:token>/", import_wizard.import_preview, name="import-preview"),
    path("plans/import/<str:token>/confirm/", import_wizard.import_confirm, name="import-confirm"),
    path(_PLAN, plan.plan_detail, name="plan"),
    path(_PLAN + "export.json", plan.export_json, name="export-json"),
    path(_PLAN + "export.xlsx", plan.export_xlsx, name="export-xlsx"),
    path(_PLAN + "transition/", review.plan_transition, name="plan-transition"),
    path(_PLAN + "comments/", review.plan_comment, name="plan-comment"),
    path(_PLAN + "compare/", review.plan_compare, name="plan-compare"),
    path(_PLAN + "targets/edit/", department_targets.targets_edit, name="targets-edit"),
    path(_PLAN + "targets/preview/", department_targets.targets_preview, name="targets-preview"),
    path(_PLAN + "projects/add/", project_form.project_add, name="project-add"),
    path(_PROJECT, indicator_table.project_detail, name="project"),
    path(_PROJECT + "edit/", project_form.project_edit, name="project-edit"),
    path(_PROJECT + "delete/", project_form.project_delete, name="project-delete"),
    path(_PROJECT + "indicators/add/", indicator_table.indicator_add, name="indicator-add"),
    path(_INDICATOR, indicator_table.indicator_update, name="indicator-update"),
    path(_INDICATOR + "delete/", indicator_table.indicator_delete, name="indicator-delete"),
    path(_INDICATOR + "move/", indicator_table.indicator_move, name="indicator-move"),
]
