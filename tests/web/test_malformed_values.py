"""A broken indicator value (issue 11 #12) in the editor: saved as typed, shown inline
with its reason as an error finding, counted so the plan cannot be submitted."""

from __future__ import annotations

import pytest
from django.test import Client

from jixiao.web.plans.models import Plan
from jixiao.web.plans.services.findings import plan_findings
from tests.web.base import Cast
from tests.web.html import by_id
from tests.web.test_views_editor import HX, _cost_row, _row_data, _version


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("≥abc%", "比较符号后应为数值"),
        ("≥95%%", "单位重复"),
        ("2024年13月底前", "日期不存在：13月"),
        ("≥ %", "只有单位"),
    ],
)
def test_a_broken_value_is_an_inline_error_finding(cast: Cast, target: str, reason: str) -> None:
    ind = _cost_row(cast)
    c = Client()
    c.force_login(cast.users["editor"])
    r = c.post(
        f"/plans/{cast.plan_a.pk}/indicators/{ind.pk}/",
        _row_data(ind, _version(cast), name="资料印制数量", level2="数量指标", target=target),
        headers=HX,
    )
    assert r.status_code == 200
    html = r.content.decode()
    findings = by_id(html, f"ind-{ind.pk}-findings").text
    assert "格式错误" in findings
    assert reason in findings
    assert 'data-kind="malformed"' in html
    plan = Plan.objects.get(pk=cast.plan_a.pk)
    broken = [f for f in plan_findings(plan) if f.rule == "malformed-value"]
    assert [f.severity for f in broken] == ["error"]
    assert plan.error_count >= 1


def test_genuine_qualitative_text_is_not_an_error(cast: Cast) -> None:
    ind = _cost_row(cast)
    c = Client()
    c.force_login(cast.users["editor"])
    r = c.post(
        f"/plans/{cast.plan_a.pk}/indicators/{ind.pk}/",
        _row_data(
            ind,
            _version(cast),
            level1="效益指标",
            level2="社会效益指标",
            name="群众安全感",
            target="逐步提高",
        ),
        headers=HX,
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-kind="qualitative"' in html
    assert "格式错误" not in by_id(html, f"ind-{ind.pk}-findings").text
