"""The full-page editors in Debian's chromium: a project's budget, spending plan and goals,
a department sub-goal with its live promise preview, and deleting a project.

Screenshots project-edit.png and targets-edit.png go to docs/screenshots/ when
JIXIAO_SCREENSHOTS says so (see conftest).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jixiao.web.plans.models import Plan, Project
from tests.web.base import PASSWORD, Cast, build_cast
from tests.web.browser.conftest import login, shot


@pytest.fixture
def live_cast(transactional_db: None, settings: Any) -> Cast:
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return build_cast()


def test_editor_changes_a_project_budget_and_plan(
    live_server: Any, live_cast: Cast, page: Any
) -> None:
    base = live_server.url
    plan = live_cast.plan_a
    project = plan.projects.order_by("position")[0]
    login(page, base, "editor", PASSWORD)
    page.goto(f"{base}/plans/{plan.pk}/projects/{project.pk}/")
    page.click("#edit-project")
    page.wait_for_selector("#project-form")
    assert page.input_value("#id_budget_total") == "96.00"

    # the sum hint follows the typing (the checker decides after saving)
    page.fill("#id_budget_total", "100")
    page.fill("#id_budget_fiscal", "70")
    page.fill("#id_budget_other", "20")
    assert "不符" in page.inner_text("#budget-sum")
    page.fill("#id_budget_fiscal", "80")
    assert "一致" in page.inner_text("#budget-sum")
    assert page.input_value("#id_budget_total") == "100.00"  # shown in 万元, two decimals

    # one more period, one goal less, one goal more
    page.click("[data-add-row=sp]")
    page.select_option("#id_sp-4-month", "9")
    page.fill("#id_sp-4-percent", "70")
    page.check("#id_goal-1-DELETE")
    page.click("[data-add-row=goal]")
    assert page.evaluate("document.activeElement.id") == "id_goal-3-text"
    page.keyboard.type("线路故障24小时内修复")
    page.fill("#id_purpose", "支付线路租赁费和设备维护费")
    shot(page, "project-edit")
    page.focus("#id_goal-3-text")
    page.keyboard.press("Enter")  # a new line, not a half-typed save; left blank, it is ignored
    assert page.evaluate("document.activeElement.id") == "id_goal-4-text"

    page.click("#save-project")
    page.wait_for_selector(".msg.success")
    assert page.url == f"{base}/plans/{plan.pk}/projects/{project.pk}/"
    assert "已保存项目信息" in page.inner_text(".msg.success")
    project.refresh_from_db()
    assert (project.budget_total, project.budget_fiscal, project.budget_other) == (
        Decimal(100),
        Decimal(80),
        Decimal(20),
    )
    assert [p["month"] for p in project.spending_plan] == [3, 6, 9, 10, 12]
    assert project.goals == ["租用线路291条", "保障维护质量", "线路故障24小时内修复"]
    assert "100.00" in page.inner_text("dl.kv")

    # a mistyped amount is refused beside its field; the other inputs stay
    page.click("#edit-project")
    page.fill("#id_budget_other", "二十")
    page.fill("#id_name", "改过的名称")
    page.click("#save-project")
    page.wait_for_selector("#form-error")
    assert "不是金额" in page.inner_text("#budget")
    assert page.input_value("#id_name") == "改过的名称"
    project.refresh_from_db()
    assert project.name == "村级综治视联网线路租赁费和设备维护费"


def test_editor_edits_a_sub_goal_and_sees_its_promises(
    live_server: Any, live_cast: Cast, page: Any
) -> None:
    base = live_server.url
    plan = live_cast.plan_a
    login(page, base, "editor", PASSWORD)
    page.goto(f"{base}/plans/{plan.pk}/")
    page.click("#edit-targets")
    page.wait_for_selector("#targets-form")
    assert "≥4.5%" in page.inner_text("#sg-0-promises")

    # typing updates the preview of the promises (htmx)
    with page.expect_response(lambda r: r.url.endswith("/targets/preview/")):
        page.fill(
            "#id_sg-0-indicator_text", "社会安全感增长率达到5%以上，群众对治安状况满意度达到92%以上"
        )
    page.wait_for_function("document.getElementById('sg-0-promises').innerText.includes('≥92%')")
    assert "≥5%" in page.inner_text("#sg-0-promises")

    # a new sub-goal, previewed as well
    page.click("[data-add-row=sg]")
    page.fill("#id_sg-2-title", "加强平安建设宣传")
    with page.expect_response(lambda r: r.url.endswith("/targets/preview/")):
        page.fill("#id_sg-2-indicator_text", "开展宣传活动不少于12场")
    page.wait_for_function("document.getElementById('sg-2-promises').innerText.includes('≥12场')")
    page.check("#id_ms-1-DELETE")
    page.wait_for_load_state("networkidle")
    shot(page, "targets-edit")

    page.click("#save-targets")
    page.wait_for_selector(".msg.success")
    assert page.url.startswith(f"{base}/plans/{plan.pk}/")
    targets = page.inner_text("#targets")
    assert "≥92%" in targets
    assert "加强平安建设宣传" in targets
    overall = Plan.objects.get(pk=plan.pk).overall
    assert [s["title"] for s in overall["subgoals"]][-1] == "加强平安建设宣传"
    assert len(overall["measures"]) == 1
    assert [i["target"] for i in overall["subgoals"][0]["indicators"]] == ["≥5%", "≥92%"]


def test_editor_deletes_a_project_after_confirming(
    live_server: Any, live_cast: Cast, page: Any
) -> None:
    base = live_server.url
    plan = live_cast.plan_a
    project = plan.projects.order_by("position")[1]
    n = plan.projects.count()
    login(page, base, "editor", PASSWORD)
    page.goto(f"{base}/plans/{plan.pk}/")
    page.click(f"a[href='/plans/{plan.pk}/projects/{project.pk}/delete/']")
    page.wait_for_selector("#confirm-delete")
    assert Project.objects.filter(pk=project.pk).exists()
    page.click("#confirm-delete")
    page.wait_for_selector(".msg.success")
    assert page.url == f"{base}/plans/{plan.pk}/"
    assert not Project.objects.filter(pk=project.pk).exists()
    assert plan.projects.count() == n - 1
