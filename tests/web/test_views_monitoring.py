"""The monitoring pages as people use them: a unit's round (lamps, chart data, the
indicator table), the ledger wizard (errors naming rows, preview, confirm), the progress
table (a refused row stays unsaved with the core's message), the review bar, the xlsx
export, the finance overview; and another unit's user refused (404)."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jixiao.web.monitoring.models import LedgerImport, MonitoringRound, ProgressEntry
from tests.web.base import Cast
from tests.web.monitoring_support import ledger_bytes, round_a, round_b

pytestmark = pytest.mark.django_db


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def test_round_page_shows_the_cores_lamps_and_chart(cast: Cast) -> None:
    rnd = round_a(cast)
    r = _client(cast, "editor").get(reverse("monitoring:round", args=[rnd.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    project = cast.plan_a.projects.order_by("position").first()
    assert project is not None
    chart = r.context["projects"][0]["chart"]
    assert chart["as_of"] == 8
    assert len(chart["actual"]) == 9  # months 0…8
    assert chart["time"][12] == 100.0
    assert f'id="chart-{project.pk}"' in html
    assert "echarts.simple.min.js" in html
    assert 'class="lamp red"' in html or 'class="lamp yellow"' in html


def test_unit_rounds_list(cast: Cast) -> None:
    rnd = round_a(cast)
    r = _client(cast, "leader").get(reverse("monitoring:unit-rounds", args=[cast.units["A"].pk]))
    assert r.status_code == 200
    assert reverse("monitoring:round", args=[rnd.pk]) in r.content.decode()


def test_ledger_wizard_errors_preview_confirm(cast: Cast) -> None:
    rnd = round_a(cast, ledger=False)
    c = _client(cast, "editor")
    url = reverse("monitoring:ledger", args=[rnd.pk])
    bad = ledger_bytes(cast) + b"\n2024-13-40,V-X,13052924P005840118481,,,,1.00"
    r = c.post(url, {"file": SimpleUploadedFile("bad.csv", bad)})
    assert r.status_code == 422
    assert "未导入任何数据" in r.content.decode()
    assert "第" in r.context["errors"][0]
    assert not LedgerImport.objects.exists()
    r = c.post(url, {"file": SimpleUploadedFile("ledger.csv", ledger_bytes(cast))})
    entry = LedgerImport.objects.get()
    assert r.status_code == 302
    assert r["Location"] == reverse("monitoring:ledger-preview", args=[rnd.pk, entry.pk])
    preview = c.get(r["Location"])
    assert "13052924P005840118481" in preview.content.decode()
    r = c.post(reverse("monitoring:ledger-confirm", args=[rnd.pk, entry.pk]))
    assert r.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "active"
    assert MonitoringRound.objects.get(pk=rnd.pk).executed > 0


def test_progress_row_refused_then_saved(cast: Cast) -> None:
    rnd = round_a(cast)
    project = cast.plan_a.projects.order_by("position").first()
    assert project is not None
    c = _client(cast, "editor")
    url = reverse("monitoring:progress", args=[rnd.pk, project.pk])
    row = {"version": rnd.version, "index": 1, "current": "200条", "likelihood": "不可能"}
    r = c.post(url, row)
    assert r.status_code == 422
    assert "偏差原因" in r.content.decode()
    assert not ProgressEntry.objects.exists()
    row.update(deviation_reason="其他：线路调整", corrective_measure="四季度补足")
    r = c.post(url, row)
    assert r.status_code == 302
    assert ProgressEntry.objects.get().likelihood == "不可能"
    stale = c.post(url, row)  # the version the page showed is old now
    assert stale.status_code == 302
    assert ProgressEntry.objects.get().history.count() == 1


def test_readers_see_progress_but_cannot_post(cast: Cast) -> None:
    rnd = round_a(cast)
    project = cast.plan_a.projects.order_by("position").first()
    assert project is not None
    url = reverse("monitoring:progress", args=[rnd.pk, project.pk])
    assert _client(cast, "supervisor").get(url).status_code == 200
    assert _client(cast, "supervisor").post(url, {"version": 1, "index": 1}).status_code == 403


def test_export_is_the_monitoring_workbook(cast: Cast) -> None:
    rnd = round_a(cast)
    r = _client(cast, "finance").get(reverse("monitoring:export-xlsx", args=[rnd.pk]))
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert len(wb.sheetnames) >= 1 + cast.plan_a.projects.count()


def test_submit_with_errors_is_refused_with_a_message(cast: Cast) -> None:
    rnd = round_a(cast)
    c = _client(cast, "editor")
    r = c.post(reverse("monitoring:round-transition", args=[rnd.pk]),
               {"action": "submit", "version": rnd.version}, follow=True)  # fmt: skip
    assert "错误" in r.content.decode()
    assert MonitoringRound.objects.get(pk=rnd.pk).status == "draft"
    forged = _client(cast, "auditor").post(
        reverse("monitoring:round-transition", args=[rnd.pk]), {"action": "finance_approve"}
    )
    assert forged.status_code == 403


def test_finance_overview_lists_units_key_and_red(cast: Cast) -> None:
    a, b = round_a(cast), round_b(cast)
    b.refresh_from_db()
    assert b.red == 1  # nothing spent by August: red
    r = _client(cast, "finance").get(reverse("monitoring:overview"))
    assert r.status_code == 200
    assert r.context["totals"]["rounds"] == 2
    assert r.context["totals"]["red"] == a.red + b.red
    data = json.loads(
        r.content.decode()
        .split('id="lamp-chart-data" type="application/json">')[1]
        .split("</script>")[0]
    )
    assert sum(data["red"]) == a.red + b.red
    assert len(r.context["red_list"]) == a.red + b.red
    assert sum(b["n"] for b in r.context["distribution"]) >= 1
    assert _client(cast, "editor").get(reverse("monitoring:overview")).status_code == 403


def test_schedule_by_finance_only(cast: Cast) -> None:
    url = reverse("monitoring:schedule")
    data = {"as_of": "2024-06-30", "due": "2024-07-15"}
    assert _client(cast, "auditor").post(url, data).status_code == 403
    assert _client(cast, "finance").post(url, data).status_code == 302
    assert MonitoringRound.objects.filter(as_of="2024-06-30").count() == 2


def test_another_units_user_is_refused(cast: Cast) -> None:
    rnd = round_a(cast)
    project = cast.plan_a.projects.order_by("position").first()
    assert project is not None
    entry = LedgerImport.objects.filter(round=rnd).first()
    assert entry is not None
    other = _client(cast, "other")
    urls = [
        reverse("monitoring:round", args=[rnd.pk]),
        reverse("monitoring:unit-rounds", args=[cast.units["A"].pk]),
        reverse("monitoring:ledger", args=[rnd.pk]),
        reverse("monitoring:ledger-preview", args=[rnd.pk, entry.pk]),
        reverse("monitoring:progress", args=[rnd.pk, project.pk]),
        reverse("monitoring:export-xlsx", args=[rnd.pk]),
    ]
    for url in urls:
        assert other.get(url).status_code == 404, url
    posts = [
        reverse("monitoring:round-transition", args=[rnd.pk]),
        reverse("monitoring:ledger-confirm", args=[rnd.pk, entry.pk]),
        reverse("monitoring:progress", args=[rnd.pk, project.pk]),
    ]
    for url in posts:
        assert other.post(url, {"action": "submit", "index": 1, "version": 1}).status_code == 404
    assert _client(cast, "other_region").get(urls[0]).status_code == 404


def test_department_promises_are_reported_like_a_project(cast: Cast) -> None:
    rnd = round_a(cast)
    c = _client(cast, "editor")
    url = reverse("monitoring:department-progress", args=[rnd.pk])
    page = c.get(url)
    assert page.status_code == 200
    assert len(page.context["rows"]) == 8  # the fixture's quantified department promises
    row = {"version": rnd.version, "index": 1, "current": "92%", "likelihood": "有可能"}
    assert c.post(url, row).status_code == 422
    row.update(deviation_reason="其他：调查样本偏少", corrective_measure="四季度补充调查")
    assert c.post(url, row).status_code == 302
    entry = ProgressEntry.objects.get(project=None)
    assert entry.index == 1
    assert _client(cast, "other").get(url).status_code == 404


def test_typed_execution_without_a_ledger(cast: Cast) -> None:
    rnd = round_a(cast, ledger=False)
    project = cast.plan_a.projects.order_by("position").first()
    assert project is not None
    c = _client(cast, "editor")
    url = reverse("monitoring:progress", args=[rnd.pk, project.pk])
    assert 'name="executed"' in c.get(url).content.decode()
    # 64 of 96万元 by August: on the time line (66.67%) → ratio 100 → green
    r = c.post(url, {"version": rnd.version, "index": 0, "executed": "64"})
    assert r.status_code == 302
    status = rnd.statuses.get(project=project)
    assert status.executed == 64
    assert status.lamp == "green"
    report = c.get(reverse("monitoring:round", args=[rnd.pk])).context["report"]
    assert report.projects[0].executed == 64
    c.post(reverse("monitoring:ledger", args=[rnd.pk]),
           {"file": SimpleUploadedFile("l.csv", ledger_bytes(cast))})  # fmt: skip
    entry = LedgerImport.objects.get()
    c.post(reverse("monitoring:ledger-confirm", args=[rnd.pk, entry.pk]))
    rnd.refresh_from_db()
    refused = c.post(url, {"version": rnd.version, "index": 0, "executed": "10"})
    assert refused.status_code == 422
    assert "支付明细为准" in refused.content.decode()


def test_overdue_rounds_are_shown_to_the_unit_and_counted_for_finance(cast: Cast) -> None:
    rnd = round_a(cast)  # due 2024-09-15, long past
    page = _client(cast, "editor").get(reverse("monitoring:round", args=[rnd.pk]))
    assert 'id="round-overdue"' in page.content.decode()
    overview = _client(cast, "finance").get(reverse("monitoring:overview"))
    assert overview.context["totals"]["overdue"] == 2  # A's and B's, both due 2024-09-15
    MonitoringRound.objects.filter(plan=cast.plan_b).update(status="submitted")
    listed = _client(cast, "finance").get(reverse("monitoring:overview") + "?lamp=overdue")
    assert [r.pk for r in listed.context["page"]] == [rnd.pk]
