"""Helpers shared by the self-evaluation tests: an approved plan and a started 自评."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jixiao.web.plans.models import Plan, Project
from jixiao.web.rectification.models import Rectification
from jixiao.web.rectification.services.items import open_item
from jixiao.web.selfeval.models import RecheckBatch, SelfEvaluation
from jixiao.web.selfeval.services import editing
from jixiao.web.selfeval.services.batch import Upload, create_batch
from tests.web.base import Cast


def approve(plan: Plan) -> Plan:
    """Mark ``plan`` approved (the review itself is tested with the targets)."""
    Plan.objects.filter(pk=plan.pk).update(status="approved")
    plan.refresh_from_db()
    return plan


def first_project(plan: Plan) -> Project:
    project = plan.projects.order_by("position", "id").first()
    assert project is not None
    return project


def started(cast: Cast) -> SelfEvaluation:
    """Unit A's self-evaluation of its first project (租赁费和设备维护费, 7 rows)."""
    approve(cast.plan_a)
    return editing.start(first_project(cast.plan_a), user=cast.users["editor"])


#: Actual values for the first project's rows that score full points by mof-2020.
FULL = ["291条", "96%", "2024年12月20日", "96万元", "95%", "97%", "92%"]


def batch_of_finance(cast: Cast) -> RecheckBatch:
    """One published table uploaded by finance bureau F for 复核."""
    data = (Path(__file__).resolve().parents[1] / "data" / "selfeval-typical.yaml").read_bytes()
    return create_batch(
        cast.units["F"], "公开自评表", [Upload("typical.yaml", data)], user=cast.users["finance"]
    )


def rectification_of_a(cast: Cast) -> Rectification:
    """An open 整改 item for unit A's first project, by finance bureau F."""
    return open_item(
        first_project(cast.plan_a),
        source="自评等级：中",
        requirement="补充满意度调查材料",
        deadline=date(2030, 6, 30),
        user=cast.users["finance"],
    )
