"""Next year's plan from this year's: last year's targets and actuals, and the T22 warning."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jixiao.web.plans.models import Indicator, Plan
from jixiao.web.plans.services.findings import plan_findings
from jixiao.web.selfeval.services import editing
from tests.web.base import Cast
from tests.web.selfeval_support import FULL, started

pytestmark = pytest.mark.django_db


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def test_next_year_carries_last_years_targets_and_actuals_and_warns(cast: Cast) -> None:
    ev = started(cast)
    for row, actual in zip(ev.rows.order_by("position"), FULL, strict=True):
        ev.refresh_from_db()
        editing.edit_row(
            row, {"actual": actual}, user=cast.users["editor"], expected_version=ev.version
        )
    c = _client(cast, "editor")
    assert "开始编制2025年绩效目标" in c.get(reverse("selfeval:list")).content.decode()
    r = c.post(reverse("selfeval:next-year", args=[cast.plan_a.pk]))
    new = Plan.objects.get(unit=cast.units["A"], year=2025)
    assert r.status_code == 302
    assert r["Location"] == reverse("pages:plan", args=[new.pk])
    assert new.status == "draft"
    assert new.extra["started_from_plan"] == cast.plan_a.pk
    first = new.projects.order_by("position").first()
    assert first is not None
    rows = list(first.indicators.order_by("position"))
    assert rows[0].extra == {"previous_target": "291条", "previous_actual": "291条"}
    assert rows[1].extra == {"previous_target": "≥95%", "previous_actual": "96%"}
    # A project without a self-evaluation carries last year's targets only.
    second = new.projects.order_by("position")[1]
    assert second.indicators.order_by("position")[0].extra == {"previous_target": "≥100页"}
    # The editor shows both beside the new target.
    page = c.get(reverse("pages:project", args=[new.pk, first.pk])).content.decode()
    assert "上年目标值 ≥95% · 上年实际值 96%" in page

    # 适当性: targets kept at last year's level where last year did better warn (维护质量
    # ≥95% after 96%, …); 291条 after 291条 and 95% after 95% do not.
    def warned() -> list[int | None]:
        return [f.indicator for f in plan_findings(new)
                if f.rule == "below-last-actual" and f.project == first.key]  # fmt: skip

    assert warned() == [2, 6, 7]
    new.refresh_from_db()
    c.post(
        reverse("pages:indicator-update", args=[new.pk, rows[0].pk]),
        {"version": new.version, "level1": "产出指标", "level2": "数量指标", "name": "租用线路",
         "description": "", "target": "≥280条", "basis": ""},
    )  # fmt: skip
    assert Indicator.objects.get(pk=rows[0].pk).target == "≥280条"
    assert warned() == [1, 2, 6, 7]
    [found] = [f for f in plan_findings(new) if f.rule == "below-last-actual" and f.indicator == 1
               and f.project == first.key]  # fmt: skip
    assert found.message == "“租用线路”的指标值“≥280条”低于上年实际完成值“291条”"
    # Only once per unit and year.
    r = c.post(reverse("selfeval:next-year", args=[cast.plan_a.pk]), follow=True)
    assert "已有 2025 年的绩效目标" in r.content.decode()


def test_next_year_refused_for_drafts_readers_and_outsiders(cast: Cast) -> None:
    r = _client(cast, "editor").post(
        reverse("selfeval:next-year", args=[cast.plan_a.pk]), follow=True
    )
    assert "只能从已批复且现行的绩效目标开始" in r.content.decode()
    started(cast)
    assert (
        _client(cast, "leader")
        .post(reverse("selfeval:next-year", args=[cast.plan_a.pk]))
        .status_code
        == 403
    )
    for who in ("other", "other_region"):
        assert (
            _client(cast, who)
            .post(reverse("selfeval:next-year", args=[cast.plan_a.pk]))
            .status_code
            == 404
        )
    assert not Plan.objects.filter(year=2025).exists()
