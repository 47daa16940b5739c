"""Page URLs of the monitoring app (namespace ``monitoring``), under ``/monitoring/``."""

from __future__ import annotations

from django.urls import path

from jixiao.web.monitoring.views import actions, finance, ledger, progress, rounds

app_name = "monitoring"

_ROUND = "rounds/<int:round_id>/"

urlpatterns = [
    path("finance/", finance.finance_overview, name="overview"),
    path("finance/schedule/", finance.schedule, name="schedule"),
    path("units/<int:unit_id>/", rounds.unit_rounds, name="unit-rounds"),
    path(_ROUND, rounds.round_detail, name="round"),
    path(_ROUND + "transition/", rounds.round_transition, name="round-transition"),
    path(_ROUND + "export.xlsx", rounds.export_xlsx, name="export-xlsx"),
    path(_ROUND + "ledger/", ledger.ledger_upload, name="ledger"),
    path(_ROUND + "ledger/<int:ledger_id>/", ledger.ledger_preview, name="ledger-preview"),
    path(_ROUND + "ledger/<int:ledger_id>/confirm/", ledger.ledger_confirm, name="ledger-confirm"),
    path(_ROUND + "projects/<int:project_id>/", progress.project_progress, name="progress"),
    path(_ROUND + "department/", progress.department_progress, name="department-progress"),
    path(
        _ROUND + "projects/<int:project_id>/actions/", actions.action_record, name="action-record"
    ),
    path(_ROUND + "actions/<int:action_id>/answer/", actions.action_answer, name="action-answer"),
]
