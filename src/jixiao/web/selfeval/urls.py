"""Page URLs of the self-evaluation app (namespace ``selfeval``), under ``selfeval/``."""

from __future__ import annotations

from django.urls import path

from jixiao.web.selfeval.views import batch, evaluation, evidence, next_year, results, review

app_name = "selfeval"

_EV = "<int:selfeval_id>/"

urlpatterns = [
    path("", evaluation.evaluation_list, name="list"),
    path("start/<int:project_id>/", evaluation.start, name="start"),
    path("results/", results.results, name="results"),
    path("next-year/<int:plan_id>/", next_year.next_year, name="next-year"),
    path("batches/", batch.batches, name="batches"),
    path("batches/<int:batch_id>/", batch.batch_detail, name="batch"),
    path("batches/<int:batch_id>/export.xlsx", batch.batch_export, name="batch-export"),
    path(
        "batches/<int:batch_id>/tables/<int:table_id>/export.xlsx",
        batch.batch_table_export,
        name="batch-table-export",
    ),
    path(_EV, evaluation.evaluation_detail, name="detail"),
    path(_EV + "funds/", evaluation.funds_update, name="funds"),
    path(_EV + "rows/<int:row_id>/", evaluation.row_update, name="row"),
    path(_EV + "transition/", review.evaluation_transition, name="transition"),
    path(_EV + "recheck/", review.recheck, name="recheck"),
    path(_EV + "export.xlsx", review.export_xlsx, name="export-xlsx"),
    path(_EV + "evidence/", evidence.evidence_upload, name="evidence-upload"),
    path(_EV + "evidence/<int:evidence_id>/", evidence.evidence_download, name="evidence-download"),
]
