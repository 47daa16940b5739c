"""Monitoring end to end in Debian's chromium (issue 13): the unit imports its ledger
(a bad file is refused naming the row, the good one previewed and confirmed), the round
page shows the core's lamps and the execution chart, a progress row with 有可能 and no
reason is refused and then saved with one, the red and yellow lamps are explained and the
round is submitted; finance opens the overview and drills down from the red list to the
project. With JIXIAO_SCREENSHOTS set, monitoring-round.png, monitoring-progress.png and
monitoring-overview.png are written there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jixiao.web.monitoring.models import MonitoringRound, ProjectStatus
from tests.web.base import PASSWORD, Cast, build_cast
from tests.web.browser.conftest import login, shot
from tests.web.monitoring_support import ledger_bytes, round_a


@pytest.fixture
def live_cast(transactional_db: None, settings: Any) -> Cast:
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return build_cast()


def _as(page: Any, base: str, who: str) -> None:
    page.context.clear_cookies()
    login(page, base, who, PASSWORD)


def test_unit_round_and_finance_overview(page: Any, live_server: Any, live_cast: Cast,
                                         tmp_path: Path) -> None:  # fmt: skip
    cast = live_cast
    rnd = round_a(cast, ledger=False)
    base = live_server.url
    _as(page, base, "editor")
    page.goto(f"{base}/monitoring/rounds/{rnd.pk}/")
    page.click("#import-ledger")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(ledger_bytes(cast) + b"\n2024-02-30,V-9,13052924P005840118481,,,,5.00")
    page.set_input_files("input[type=file]", str(bad))
    page.click("#upload-ledger")
    assert "未导入任何数据" in page.inner_text("#ledger-errors")
    good = tmp_path / "ledger.csv"
    good.write_bytes(ledger_bytes(cast))
    page.set_input_files("input[type=file]", str(good))
    page.click("#upload-ledger")
    assert "13052924P005840118481" in page.inner_text("#ledger-totals")
    page.click("#confirm-ledger")
    page.wait_for_selector(".msg.success")
    # The chart is drawn by ECharts (a canvas inside each project's chart box).
    page.wait_for_selector(".mon-chart canvas")
    assert page.locator(".mon-chart canvas").count() == cast.plan_a.projects.count()
    rnd.refresh_from_db()
    assert page.locator(".panel-head .lamp.red").count() == rnd.red
    shot(page, "monitoring-round")

    project = cast.plan_a.projects.order_by("position").first()
    assert project is not None
    page.goto(f"{base}/monitoring/rounds/{rnd.pk}/projects/{project.pk}/")
    page.fill("#row-1 input[name=current]", "291条")
    page.select_option("#row-1 select[name=likelihood]", "有可能")
    page.click("#form-1 button")
    assert "偏差原因" in page.inner_text(".refused-msg")
    page.fill("#row-1 textarea[name=deviation_reason]", "其他：部分村线路迁改")
    page.fill("#row-1 textarea[name=corrective_measure]", "10月底前完成迁改")
    page.click("#form-1 button")
    page.wait_for_selector(".msg.success")
    shot(page, "monitoring-progress")

    for s in ProjectStatus.objects.filter(round=rnd, lamp__in=["red", "yellow"]):
        page.goto(f"{base}/monitoring/rounds/{rnd.pk}/projects/{s.project_id}/")
        page.fill("#form-0 textarea[name=deviation_reason]", "经费保障：资金下达较晚")
        page.fill("#form-0 textarea[name=corrective_measure]", "四季度前完成支付")
        page.click("#form-0 button")
        page.wait_for_selector(".msg.success")
    page.goto(f"{base}/monitoring/rounds/{rnd.pk}/")
    assert page.inner_text("#error-count").startswith("0")
    page.click("form[data-action=submit] button")
    page.wait_for_selector(".msg.success")
    assert MonitoringRound.objects.get(pk=rnd.pk).status == "submitted"

    _as(page, base, "finance")
    page.goto(f"{base}/monitoring/finance/")
    page.wait_for_selector("#lamp-chart canvas")
    shot(page, "monitoring-overview")
    red = ProjectStatus.objects.filter(round=rnd, lamp="red").first()
    assert red is not None
    page.click(f"#red-list a[href$='/rounds/{rnd.pk}/#project-{red.project_id}']")
    page.wait_for_selector(f"#project-{red.project_id} .lamp.red")
    assert page.url.endswith(f"/monitoring/rounds/{rnd.pk}/#project-{red.project_id}")
