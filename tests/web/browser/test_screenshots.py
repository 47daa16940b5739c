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
