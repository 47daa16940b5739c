"""Every main page of every role, at 1366 px and at a 390 px phone width: no serious or
critical axe-core violation (WCAG 2.1 A/AA, incl. colour contrast), nothing wider than
the screen (tables scroll inside their panel, the header wraps), and the charts bundle
only on the page that shows a chart."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from jixiao.web.plans.models import Deadline
from tests.web.base import PASSWORD, Cast, build_cast
from tests.web.browser.a11y import axe_problems, overflow
from tests.web.browser.conftest import login
from tests.web.browser.role_pages import main_pages

WIDTHS = (1366, 390)


@pytest.fixture
def live_cast(transactional_db: None, settings: Any) -> Cast:
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    cast = build_cast()
    Deadline.objects.create(region=cast.region, year=2024, due=datetime.date(2024, 3, 31))
    return cast


@pytest.mark.parametrize(
    "who", ["editor", "leader", "supervisor", "finance", "auditor", "admin", "other"]
)
def test_main_pages_pass_axe_and_fit_a_phone(
    live_server: Any, live_cast: Cast, browser: Any, who: str
) -> None:
    base = live_server.url
    problems: list[str] = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 860}, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15_000)
        if width == WIDTHS[0]:  # pages before login
            for path in ("/accounts/login/", "/people/welcome/MQ/no-such-link/"):
                page.goto(base + path)
                problems += [f"{width}px {path} {p}" for p in axe_problems(page)]
        login(page, base, who, PASSWORD)
        for path in [*main_pages(live_cast, who), "/plans/999999/"]:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            problems += [f"{width}px {path} {p}" for p in axe_problems(page)]
            if width == 390 and (extra := overflow(page)) > 0:
                problems.append(f"{width}px {path} is {extra}px wider than the screen")
            charts = page.locator("script[src*='echarts']").count()
            shows_chart = page.locator("#chart").count() > 0
            if charts and not shows_chart:
                problems.append(f"{path} loads the charts bundle without a chart")
        context.close()
    assert not problems, "\n".join(problems)
