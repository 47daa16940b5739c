"""The target workflow end to end in Debian's chromium (issue 6).

The unit editor corrects the two errors and submits; the supervising department
approves; finance comments on one indicator and returns the plan; the unit sees the
comment beside that indicator, fixes the row and resubmits; the supervisor and finance
approve; the unit opens an adjustment, changes a target, and the compare page shows the
change. With JIXIAO_SCREENSHOTS set, plan-review.png, plan-returned.png,
indicator-comment.png and compare.png are written there.
"""

from __future__ import annotations

from typing import Any

import pytest

from jixiao.web.plans.models import Indicator, Plan, ReviewComment
from jixiao.web.plans.services import editing
from tests.web.base import PASSWORD, Cast, build_cast
from tests.web.browser.conftest import login, shot


@pytest.fixture
def live_cast(transactional_db: None, settings: Any) -> Cast:
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return build_cast()


def _as(page: Any, base: str, who: str) -> None:
    page.context.clear_cookies()
    login(page, base, who, PASSWORD)


def _save_row(page: Any, ind: Indicator, field: str, value: str) -> None:
    """Type into a row of the editor and leave the field: the row saves (htmx)."""
    page.fill(f"#i{ind.pk}-{field}", value)
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith(f"/indicators/{ind.pk}/")
    ) as saved:
        page.press(f"#i{ind.pk}-{field}", "Tab")
    assert saved.value.status == 200
    page.wait_for_selector(f"#ind-{ind.pk}-state .saved")


def _act(page: Any, action: str, comment: str | None = None) -> str:
    """Click an action of the plan page's bar; return the success message."""
    page.click(f"#wf-open-{action}")  # every state change asks first, saying what it does
    assert page.locator(f"#wf-{action}-consequence").is_visible()
    if comment is not None:
        page.fill(f"#wf-{action}-comment", comment)
    page.click(f"#wf-{action}")
    page.wait_for_selector(".messages")
    text = str(page.inner_text(".messages"))
    assert page.locator(".msg.success").count() == 1, text
    return text


def test_submit_review_return_resubmit_approve_adjust_compare(
    live_server: Any, live_cast: Cast, page: Any
) -> None:
    base = live_server.url
    cast = live_cast
    plan = cast.plan_a
    cost = Indicator.objects.get(project__plan=plan, target="≥96万元")
    placeholder = Indicator.objects.get(project__plan=plan, name="1")
    plan_url = f"{base}/plans/{plan.pk}/"
    cost_url = f"{base}/plans/{plan.pk}/projects/{cost.project_id}/"

    # --- the unit: a submit with errors is refused and says why --------------------------
    login(page, base, "editor", PASSWORD)
    page.goto(plan_url)
    page.click("#wf-open-submit")
    assert "提交后本单位不能修改" in page.inner_text("#wf-submit-consequence")
    page.click("#wf-submit")
    page.wait_for_selector("#submit-blocked")
    assert "还有 2 个错误" in page.inner_text("#submit-blocked")
    assert page.inner_text("#plan-status") == "草稿"
    # the link of the cost error leads to its row
    page.click(f"#submit-blocked a[href$='#ind-{cost.pk}']")
    page.wait_for_selector(f"#ind-{cost.pk}")
    _save_row(page, cost, "target", "≤96万元")
    page.goto(f"{base}/plans/{plan.pk}/projects/{placeholder.project_id}/")
    _save_row(page, placeholder, "name", "群众满意度")
    _save_row(page, placeholder, "description", "服务对象对综治工作的满意程度")
    page.goto(plan_url)
    assert "已提交" in _act(page, "submit")
    assert page.inner_text("#plan-status") == "已提交"
    page.goto(cost_url)
    assert page.locator(f"#i{cost.pk}-target").count() == 0  # locked: read-only table
    assert "审核期间锁定" in page.inner_text("#read-only-note")

    # --- the supervising department approves ------------------------------------------------
    _as(page, base, "supervisor")
    page.goto(plan_url)
    assert "主管部门审核通过" in page.inner_text("#wf-actions")
    _act(page, "supervisor_approve")
    assert page.inner_text("#plan-status") == "主管部门已审"

    # --- finance comments on the cost indicator and returns ---------------------------------
    _as(page, base, "finance")
    page.goto(cost_url)
    page.click(f"#comment-{cost.pk}-open")
    form = f"#ind-{cost.pk}-comment-form"
    page.wait_for_selector(f"{form} textarea", state="visible")
    page.fill(f"{form} textarea", "96万元请附租赁合同与维护费测算，依据写明合同价。")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector(".msg.success")
    assert "96万元请附租赁合同" in page.inner_text(f"#ind-{cost.pk}-comments")
    page.goto(plan_url)
    page.click("#wf-open-return")
    page.fill("#wf-return-comment", "成本指标依据不足，详见指标意见；修改后重新提交。")
    shot(page, "plan-review")
    page.click("#wf-return")
    page.wait_for_selector(".msg.success")
    assert page.inner_text("#plan-status") == "草稿"

    # --- the unit sees the comment beside the indicator, fixes, resubmits ------------------
    _as(page, base, "editor")
    page.goto(plan_url)
    assert "成本指标依据不足" in page.inner_text("#returned-note")
    shot(page, "plan-returned", full_page=False)
    page.goto(cost_url)
    beside = page.locator(f"#ind-{cost.pk}-comments")
    assert beside.is_visible()
    assert "96万元请附租赁合同" in beside.inner_text()
    assert "finance" in beside.inner_text()
    _save_row(page, cost, "basis", "租赁合同价 80 万元 + 维护费 16 万元")
    shot(page, "indicator-comment")
    page.goto(plan_url)
    _act(page, "submit")

    _as(page, base, "supervisor")
    page.goto(plan_url)
    _act(page, "supervisor_approve")
    _as(page, base, "finance")
    page.goto(plan_url)
    assert "已批复" in _act(page, "finance_approve", "")  # 批复意见 is optional
    assert page.inner_text("#plan-status") == "已批复"

    # --- the unit adjusts the approved plan -------------------------------------------------
    _as(page, base, "editor")
    page.goto(plan_url)
    message = _act(page, "adjust", "县级财政追加维护经费，调整成本指标")
    assert "已生成第2版" in message
    new = Plan.objects.current().get(unit=plan.unit, year=plan.year)
    assert new.pk != plan.pk
    assert page.url == f"{base}/plans/{new.pk}/"
    assert "第2版" in page.inner_text("#plan-version-no")
    assert "县级财政追加维护经费" in page.inner_text("#adjustment-note")
    new_cost = Indicator.objects.get(project__plan=new, target="≤96万元")
    # The pages have no budget editor yet: the 10万元 added to the budget is stored through
    # the service, as an import of the adjusted table would.
    editing.update_project(
        new_cost.project,
        {"budget_total": "106.00", "budget_fiscal": "106.00"},
        user=cast.users["editor"],
        expected_version=new.version,
    )
    page.goto(f"{base}/plans/{new.pk}/projects/{new_cost.project_id}/")
    _save_row(page, new_cost, "target", "≤106万元")
    rows = page.locator("tbody.ind").count()
    page.click("#add-indicator")
    page.wait_for_function(f"document.querySelectorAll('tbody.ind').length === {rows + 1}")
    added = new_cost.project.indicators.order_by("-position")[0]
    _save_row(page, added, "name", "线路故障修复及时率")
    _save_row(page, added, "target", "≥98%")

    # --- compare the versions ---------------------------------------------------------------
    page.goto(f"{base}/plans/{new.pk}/")
    page.click(f"#versions a[href='/plans/{new.pk}/compare/?with={plan.pk}']")
    page.wait_for_selector("#compare-diff")
    diff = page.inner_text("#compare-diff")
    assert "≤96万元" in diff
    assert "≤106万元" in diff
    assert "新增指标" in diff
    assert "线路故障修复及时率" in diff
    assert page.inner_text("#budget-delta").startswith("+10.00")
    assert "第1版 → 第2版" in page.inner_text(".page-head")
    shot(page, "compare")

    # the comment trail stayed with version 1
    assert ReviewComment.objects.filter(plan=plan).count() == 2
