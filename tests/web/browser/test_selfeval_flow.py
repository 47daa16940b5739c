"""A unit's self-evaluation end to end in Debian's chromium (issue 14).

The editor starts the self-evaluation from the list, types the actuals (each row saves and
its rules' score and explanation update in place), claims full points for a shortfall
with a reason and submits; the supervisor approves; finance sees the departure on the
复核 page and returns it; the editor leaves the score to the rules and resubmits; the
supervisor and finance approve. With JIXIAO_SCREENSHOTS set, selfeval-fill.png,
selfeval-recheck.png and selfeval-results.png are written there.
"""

from __future__ import annotations

from typing import Any

import pytest

from jixiao.web.selfeval.models import EvalRow, SelfEvaluation
from tests.web.base import PASSWORD, Cast, build_cast
from tests.web.browser.conftest import login, shot
from tests.web.selfeval_support import FULL, approve, first_project


@pytest.fixture
def live_cast(transactional_db: None, settings: Any) -> Cast:
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return build_cast()


def _as(page: Any, base: str, who: str) -> None:
    page.context.clear_cookies()
    login(page, base, who, PASSWORD)


def _save(page: Any, row: EvalRow, field: str, value: str) -> None:
    page.fill(f"#r{row.pk}-{field}", value)
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith(f"/rows/{row.pk}/")
    ) as saved:
        page.press(f"#r{row.pk}-{field}", "Tab")
    assert saved.value.status == 200
    page.wait_for_selector(f"#row-{row.pk}-state .saved")


def _act(page: Any, action: str, comment: str = "") -> None:
    if comment:
        page.fill("#transition-comment", comment)
    page.click(f"#action-{action}")
    page.wait_for_selector(".messages")
    assert page.locator(".msg.success").count() == 1, page.inner_text(".messages")


def test_fill_submit_recheck_return_fix_approve(
    live_server: Any, live_cast: Cast, page: Any
) -> None:
    base = live_server.url
    approve(live_cast.plan_a)
    project = first_project(live_cast.plan_a)
    _as(page, base, "editor")
    page.goto(f"{base}/selfeval/")
    page.click("#startable button[type=submit]")
    page.wait_for_selector("#se-table")
    ev = SelfEvaluation.objects.get(project=project)
    rows = list(ev.rows.order_by("position"))
    for row, actual in zip(rows, FULL, strict=True):
        _save(page, row, "actual", actual)
    # The first row falls short: its rules' score and the core's explanation update live.
    _save(page, rows[0], "actual", "280条")
    calc = page.inner_text(f"#row-{rows[0].pk}-calc")
    assert "280/291" in calc
    assert "须填写未完成原因" in calc
    _save(page, rows[0], "score", str(rows[0].points.normalize()))
    _save(page, rows[0], "reason", "部分线路撤并，已调整租用计划")
    page.fill("#funds-executed", "96")
    with page.expect_response(lambda r: r.url.endswith("/funds/")):
        page.press("#funds-executed", "Tab")
    page.wait_for_selector("#funds-state .saved")
    assert page.inner_text("#grade") == "优"
    shot(page, "selfeval-fill")
    _act(page, "submit")
    _as(page, base, "supervisor")
    page.goto(f"{base}/selfeval/{ev.pk}/")
    _act(page, "supervisor_approve")
    _as(page, base, "finance")
    page.goto(f"{base}/selfeval/{ev.pk}/recheck/")
    assert page.locator("#recheck-1.departure").count() == 1
    assert "score-mismatch" in page.inner_text("#recheck-1")
    shot(page, "selfeval-recheck")
    _act(page, "return", "第1行：实际280条，得分应按规则计算")
    _as(page, base, "editor")
    page.goto(f"{base}/selfeval/{ev.pk}/")
    assert "得分应按规则计算" in page.inner_text("#transitions")
    _save(page, rows[0], "score", "")
    _act(page, "submit")
    _as(page, base, "supervisor")
    page.goto(f"{base}/selfeval/{ev.pk}/")
    _act(page, "supervisor_approve")
    _as(page, base, "finance")
    page.goto(f"{base}/selfeval/{ev.pk}/recheck/")
    assert page.locator(".departure").count() == 0
    _act(page, "finance_approve")
    ev.refresh_from_db()
    assert ev.status == "approved"
    assert ev.departures == 0
    page.goto(f"{base}/selfeval/results/")
    page.wait_for_selector("#grade-chart canvas, #grade-chart svg")
    shot(page, "selfeval-results")
