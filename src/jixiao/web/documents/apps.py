from __future__ import annotations

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "jixiao.web.documents"
    label = "documents"
    verbose_name = "批复与公开"

    def ready(self) -> None:
        # Every approval (plan page, API, batch, demo data) records its 批复.
        from jixiao.web.documents.services.replies import record_reply
        from jixiao.web.plans.review.signals import plan_approved

        plan_approved.connect(record_reply, dispatch_uid="documents.record_reply")
