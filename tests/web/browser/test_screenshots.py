"""Screenshots of the overview pages on the demo region (巨鹿县), for docs/screenshots/."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command

from jixiao.web.demo.management.commands.demo_data import DEMO_PASSWORD
from tests.web.browser.conftest import login, shot


def test_finance_overview_of_the_demo_region(
    live_server: Any, transactional_db: None, page: Any, settings: Any
) -> None:
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    call_command("demo_data", stdout=io.StringIO())
    base = live_server.url
    login(page, base, "czj_jxk", DEMO_PASSWORD)
    assert page.url == f"{base}/finance/"
    rows = page.locator("#overview tbody tr")
    assert rows.count() >= 6
    assert "巨鹿县政法委本级" in page.inner_text("#overview")
    shot(page, "finance-overview")
    page.click("#overview tbody tr >> nth=0 >> a")
    page.wait_for_selector("#plan-findings")
    assert page.locator("#overview").count() == 0


def test_phone_width_people_and_reminders_of_the_demo_region(
    live_server: Any, transactional_db: None, browser: Any, settings: Any
) -> None:
    """A unit's to-do list and plan on a 390 px phone; the administrator's 单位与人员; the
    deadlines page with its 催报 (docs/screenshots/*-390.png, people.png, deadlines.png)."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    call_command("demo_data", stdout=io.StringIO())
    base = live_server.url
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    login(page, base, "zfw_editor", DEMO_PASSWORD)
    page.goto(f"{base}/todo/")
    assert page.locator("header.topbar >> text=退出").is_visible()
    shot(page, "todo-390", full_page=False)
    page.goto(f"{base}/")
    page.click("table.data tbody a >> nth=0")
    page.wait_for_selector("#workflow")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    shot(page, "plan-390", full_page=False)
    phone.close()
    desk = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = desk.new_page()
    login(page, base, "admin", DEMO_PASSWORD)
    page.goto(f"{base}/people/")
    assert "zfw_editor" in page.inner_text("#people-users")
    shot(page, "people")
    page.context.clear_cookies()
    login(page, base, "czj_jxk", DEMO_PASSWORD)
    page.goto(f"{base}/finance/deadlines/?year=2024")
    assert "巨鹿县档案馆" in page.inner_text("#overdue-units")
    shot(page, "deadlines")
    desk.close()
