from __future__ import annotations

import json

import pytest

from jixiao.core.model import Plan as CorePlan
from jixiao.core.money import plain_decimal
from jixiao.web.orgs.models import Region, Unit
from jixiao.web.plans.services import editing
from jixiao.web.plans.services.mapping import plan_to_core
from tests.web.base import FIXTURE, small_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit() -> Unit:
    region = Region.objects.create(name="巨鹿县")
    return Unit.objects.create(region=region, code="288001", name="巨鹿县政法委本级")


def test_a_stored_plan_converts_back_to_an_equal_document(unit: Unit) -> None:
    source = json.loads(FIXTURE.read_text(encoding="utf-8"))
    plan = editing.create_plan(unit, 2024, user=None, document=CorePlan.from_dict(source))
    plan.refresh_from_db()
    assert plan_to_core(plan).to_dict() == CorePlan.from_dict(source).to_dict()
    # The money keeps its published digits, not the column's six decimals.
    assert plan_to_core(plan).projects[0].budget.total is not None
    assert str(plan_to_core(plan).projects[0].budget.total) == "96.00"


def test_unknown_fields_and_odd_values_survive_the_round_trip(unit: Unit) -> None:
    doc = small_document().to_dict()
    doc["source_note"] = {"page": 3}
    doc["projects"][0]["budget"] = {
        "total": "1234567.891",
        "fiscal": "0",
        "other": None,
        "memo": "x",
    }
    doc["projects"][0]["indicators"][0]["points"] = "10"
    doc["projects"][0]["indicators"][0]["weight_note"] = "自定义"
    doc["projects"][0]["spending_plan"] = [{"month": 6, "percent": "40.5"}]
    doc["overall"] = None
    expected = CorePlan.from_dict(doc).to_dict()
    plan = editing.create_plan(unit, 2024, user=None, document=CorePlan.from_dict(doc))
    plan.refresh_from_db()
    assert plan_to_core(plan).to_dict() == expected


def test_an_edited_amount_is_written_as_entered(unit: Unit) -> None:
    plan = editing.create_plan(unit, 2024, user=None, document=small_document())
    project = plan.projects.get()
    editing.update_project(
        project, {"budget_total": "12.5"}, user=None, expected_version=plan.version
    )
    plan.refresh_from_db()
    assert plan_to_core(plan).projects[0].budget.to_dict()["total"] == "12.5"


def test_plain_decimal_never_uses_exponents() -> None:
    from decimal import Decimal

    assert str(plain_decimal(Decimal("100.000000"))) == "100"
    assert str(plain_decimal(Decimal("0.500000"))) == "0.5"
