"""The reviewers' pages in chromium on the demo region: the to-do list with its bell, and
finance's batch approval from the overview (confirmation with findings, then results).
Screenshots todo.png, finance-batch.png and deadlines.png for docs/screenshots/."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.models import User
from django.core.management import call_command

from jixiao.web.demo.management.commands.demo_data import DEMO_PASSWORD
from jixiao.web.plans.models import Plan
from jixiao.web.plans.review.notifications import unread_count
from tests.web.browser.conftest import login, shot


def _demo(settings: Any) -> None:
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    call_command("demo_data", "--no-tokens", stdout=io.StringIO())


def test_supervisor_todo_and_batch_approval(
    live_server: Any, transactional_db: None, page: Any, settings: Any
) -> None:
    _demo(settings)
    base = live_server.url
    login(page, base, "zfw_reviewer", DEMO_PASSWORD)
    # The bell counts the reviewer's unread notifications: the two submitted plans and
    # whatever else the demo sent them (monitoring rounds, self-evaluations).
    reviewer = User.objects.get(username="zfw_reviewer")
    unread = unread_count(reviewer)
    assert unread >= 2
    assert page.inner_text(".bell .bell-count") == str(unread)
    page.click(".bell")
    page.wait_for_selector("#todo-review")
    assert page.locator("#todo-review tbody tr").count() == 2
    shot(page, "todo")
    page.check("#todo-review .check-all")
    page.click("#todo-review button[value=approve]")
    page.wait_for_selector("#batch-confirm")
    assert page.locator("tbody.batch-plan").count() == 2
    page.click("#batch-confirm button[type=submit]")
    page.wait_for_selector("#batch-results")
    assert page.locator("#batch-results tr.ok").count() == 2
    assert Plan.objects.current().filter(status="supervisor_approved").count() == 3


def test_finance_batch_from_the_overview(
    live_server: Any, transactional_db: None, page: Any, settings: Any
) -> None:
    _demo(settings)
    base = live_server.url
    login(page, base, "czj_jxk", DEMO_PASSWORD)
    assert page.url == f"{base}/finance/"
    boxes = page.locator("#overview tbody input[name=plan]")
    assert boxes.count() == 3  # 第二中学, 人民医院, 文化广电和旅游局（第2版）
    assert "第2版" in page.inner_text("#overview")
    approve = page.locator("#batch-form .batch-bar button[value=approve]")
    assert approve.is_disabled()
    page.check("#overview thead .check-all")
    assert page.inner_text("#batch-form .selected-count") == "3"
    approve.click()
    page.wait_for_selector("#batch-confirm")
    assert page.locator("#batch-confirm .finding").count() > 0  # findings shown first
    shot(page, "finance-batch")
    page.click("#batch-confirm button[type=submit]")
    page.wait_for_selector("#batch-results")
    assert page.locator("#batch-results tr.ok").count() == 3
    assert Plan.objects.current().filter(status="approved").count() == 5
    page.goto(f"{base}/finance/deadlines/")
    page.wait_for_selector("#overdue-units")
    assert page.locator("#overdue-units tbody tr").count() == 3
    shot(page, "deadlines")
