"""Signed-in pages of the documents app (namespace ``documents``)."""

from __future__ import annotations

from django.urls import path

from jixiao.web.documents.views import plan_documents, publishing, replies

app_name = "documents"

urlpatterns = [
    path("plans/<int:plan_id>/documents/", plan_documents.plan_documents, name="plan"),
    path(
        "plans/<int:plan_id>/documents/<str:fmt>/",
        plan_documents.plan_document,
        name="plan-document",
    ),
    path("replies/<int:reply_id>/<str:fmt>/", replies.reply_download, name="reply"),
    path("replies/zip/", replies.reply_zip, name="reply-zip"),
    path("finance/documents/", replies.finance_documents, name="approved"),
    path("finance/publish/", publishing.publish, name="publish"),
]
