"""The demo county's monitoring: two rounds for every plan, a mix of lamps, reviewed
rounds, the model unit's sample ledger and progress; a second run adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from jixiao.web.monitoring.models import LedgerImport, MonitoringRound, ProgressEntry
from jixiao.web.plans.models import Plan

pytestmark = pytest.mark.django_db


def test_demo_has_two_rounds_with_every_lamp_and_reviews() -> None:
    call_command("demo_data", "--no-tokens", stdout=StringIO())
    plans = Plan.objects.current().filter(year=2024, unit__region__name="巨鹿县")
    rounds = MonitoringRound.objects.filter(plan__in=plans)
    assert rounds.count() == 2 * plans.count()
    assert sorted({r.as_of.month for r in rounds}) == [6, 8]
    lamps = rounds.filter(as_of__month=8).aggregate(r=Sum("red"), y=Sum("yellow"), g=Sum("green"))
    assert lamps["r"] > 0
    assert lamps["y"] > 0
    assert lamps["g"] > 0
    june = rounds.filter(as_of__month=6)
    assert june.filter(status="approved").exists()
    assert june.filter(status="supervisor_approved").exists()
    assert LedgerImport.objects.filter(round__in=rounds, status="active").count() == rounds.count()
    model = rounds.get(plan__unit__code="288001", as_of__month=8)
    assert ProgressEntry.objects.filter(round=model).count() > 10
    assert model.status == "draft"
    assert model.actions.filter(kind="key").count() == 1
    assert model.actions.filter(kind="correction", response="").count() == 1
    assert model.statuses.filter(flagged=True).count() == 1
    call_command("demo_data", "--no-tokens", stdout=StringIO())
    assert MonitoringRound.objects.count() == rounds.count()
