"""The self-evaluation pages: the list, start, the fill-in page with live scores, 复核."""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jixiao.web.selfeval.models import SelfEvaluation
from jixiao.web.selfeval.services.scoring import scored
from tests.web.base import Cast
from tests.web.selfeval_support import FULL, approve, first_project, started

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def client_for(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def test_list_offers_approved_projects_and_start_prefills(cast: Cast) -> None:
    approve(cast.plan_a)
    c = client_for(cast, "editor")
    page = c.get(reverse("selfeval:list")).content.decode()
    project = first_project(cast.plan_a)
    assert "开始自评" in page
    assert str(project) in page
    r = c.post(reverse("selfeval:start", args=[project.pk]))
    ev = SelfEvaluation.objects.get(project=project)
    assert r.status_code == 302
    assert r["Location"] == reverse("selfeval:detail", args=[ev.pk])
    page = c.get(r["Location"]).content.decode()
    assert "291条" in page
    assert "按规则得分" in page


def test_start_refused_for_a_draft_plan_and_for_readers(cast: Cast) -> None:
    project = first_project(cast.plan_a)
    r = client_for(cast, "editor").post(reverse("selfeval:start", args=[project.pk]), follow=True)
    assert "只能对已批复且现行的绩效目标开展自评" in r.content.decode()
    approve(cast.plan_a)
    assert (
        client_for(cast, "leader").post(reverse("selfeval:start", args=[project.pk])).status_code
        == 403
    )
    assert (
        client_for(cast, "other").post(reverse("selfeval:start", args=[project.pk])).status_code
        == 404
    )
    assert not SelfEvaluation.objects.exists()


def test_typing_an_actual_updates_score_explanation_and_total(cast: Cast) -> None:
    ev = started(cast)
    row = ev.rows.order_by("position").first()
    assert row is not None
    c = client_for(cast, "editor")
    r = c.post(
        reverse("selfeval:row", args=[ev.pk, row.pk]),
        {"actual": "280", "score": "", "reason": "", "version": ev.version},
        headers=HX,
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "已保存" in html
    ev.refresh_from_db()
    result = scored(ev)
    first = result.report.indicators[0]
    # The row's rules' score and the core's explanation, swapped in out of band.
    calc = re.search(rf'id="row-{row.pk}-calc"[^>]*>(.*?)</td>', html, re.S)
    assert calc is not None
    assert str(first.score) in calc.group(1)
    assert first.explanation in calc.group(1)
    assert "须填写未完成原因及改进措施" in calc.group(1)
    assert f'id="total">{result.report.total}<' in html
    assert f'value="{ev.version}"' in html


def test_qualitative_rows_offer_the_policys_bands(cast: Cast) -> None:
    approve(cast.plan_a)
    project = cast.plan_a.projects.order_by("position")[2]  # 维稳: 提高效率 逐步提高
    from jixiao.web.selfeval.services import editing

    ev = editing.start(project, user=cast.users["editor"])
    page = client_for(cast, "editor").get(reverse("selfeval:detail", args=[ev.pk])).content.decode()
    assert "部分达成年度指标并具有一定效果" in page
    assert "定性指标档次" in page
    assert "达成 [" in page


def test_stale_and_invalid_edits_are_refused_with_a_message(cast: Cast) -> None:
    ev = started(cast)
    row = ev.rows.order_by("position").first()
    assert row is not None
    c = client_for(cast, "editor")
    url = reverse("selfeval:row", args=[ev.pk, row.pk])
    r = c.post(url, {"actual": "1", "version": ev.version - 1}, headers=HX)
    assert r.status_code == 409
    assert "已被他人修改" in r.content.decode()
    r = c.post(url, {"score": "abc", "version": ev.version}, headers=HX)
    assert r.status_code == 422
    assert "不是有效的数字" in r.content.decode()


def test_readers_see_it_read_only_and_cannot_post(cast: Cast) -> None:
    ev = started(cast)
    row = ev.rows.first()
    assert row is not None
    for who in ("leader", "supervisor", "finance", "auditor"):
        c = client_for(cast, who)
        page = c.get(reverse("selfeval:detail", args=[ev.pk])).content.decode()
        assert "read-only-note" in page
        assert 'name="actual"' not in page
        assert (
            c.post(reverse("selfeval:row", args=[ev.pk, row.pk]), {"actual": "1"}).status_code
            == 403
        )


def test_another_units_user_is_refused_everywhere(cast: Cast) -> None:
    ev = started(cast)
    row = ev.rows.first()
    assert row is not None
    for who in ("other", "other_region"):
        c = client_for(cast, who)
        assert c.get(reverse("selfeval:detail", args=[ev.pk])).status_code == 404
        assert c.get(reverse("selfeval:recheck", args=[ev.pk])).status_code == 404
        assert c.get(reverse("selfeval:export-xlsx", args=[ev.pk])).status_code == 404
        assert (
            c.post(reverse("selfeval:row", args=[ev.pk, row.pk]), {"actual": "1"}).status_code
            == 404
        )
        assert (
            c.post(reverse("selfeval:funds", args=[ev.pk]), {"funds_executed": "1"}).status_code
            == 404
        )
        assert (
            c.post(reverse("selfeval:transition", args=[ev.pk]), {"action": "submit"}).status_code
            == 404
        )
        assert str(ev.project) not in c.get(reverse("selfeval:list")).content.decode()


def _fill_full(c: Client, ev: SelfEvaluation) -> None:
    for row, actual in zip(ev.rows.order_by("position"), FULL, strict=True):
        ev.refresh_from_db()
        c.post(
            reverse("selfeval:row", args=[ev.pk, row.pk]), {"actual": actual, "version": ev.version}
        )
    ev.refresh_from_db()
    c.post(reverse("selfeval:funds", args=[ev.pk]), {"funds_executed": "96", "version": ev.version})


def test_submit_recheck_with_departure_return_fix_approve(cast: Cast) -> None:
    ev = started(cast)
    editor = client_for(cast, "editor")
    _fill_full(editor, ev)
    row = ev.rows.order_by("position").first()
    assert row is not None
    ev.refresh_from_db()
    # The unit claims full points for 280 of 291 lines.
    editor.post(reverse("selfeval:row", args=[ev.pk, row.pk]),
                {"actual": "280条", "score": "1000", "version": ev.version})  # fmt: skip
    ev.refresh_from_db()
    assert ev.rows.get(pk=row.pk).score is None  # above points: refused
    editor.post(reverse("selfeval:row", args=[ev.pk, row.pk]),
                {"actual": "280条", "score": str(row.points), "reason": "线路撤并", "version": ev.version})  # fmt: skip
    r = editor.post(reverse("selfeval:transition", args=[ev.pk]), {"action": "submit"})
    assert r.status_code == 302
    ev.refresh_from_db()
    assert ev.status == "submitted"
    client_for(cast, "supervisor").post(
        reverse("selfeval:transition", args=[ev.pk]), {"action": "supervisor_approve"}
    )
    finance = client_for(cast, "finance")
    page = finance.get(reverse("selfeval:recheck", args=[ev.pk])).content.decode()
    assert "score-mismatch" in page
    assert 'id="action-return"' in page
    finance.post(
        reverse("selfeval:transition", args=[ev.pk]),
        {"action": "return", "comment": "第1行得分不符"},
    )
    ev.refresh_from_db()
    assert ev.status == "draft"
    page = editor.get(reverse("selfeval:detail", args=[ev.pk])).content.decode()
    assert "第1行得分不符" in page
    editor.post(reverse("selfeval:row", args=[ev.pk, row.pk]),
                {"actual": "280条", "score": "", "reason": "线路撤并", "version": ev.version})  # fmt: skip
    ev.refresh_from_db()
    row.refresh_from_db()
    assert row.score is None
    editor.post(reverse("selfeval:transition", args=[ev.pk]), {"action": "submit"})
    client_for(cast, "supervisor").post(
        reverse("selfeval:transition", args=[ev.pk]), {"action": "supervisor_approve"}
    )
    finance.post(reverse("selfeval:transition", args=[ev.pk]), {"action": "finance_approve"})
    ev.refresh_from_db()
    assert ev.status == "approved"
    assert ev.departures == 0


def test_export_is_the_cores_selfeval_table(cast: Cast) -> None:
    ev = started(cast)
    r = client_for(cast, "auditor").get(reverse("selfeval:export-xlsx", args=[ev.pk]))
    assert r.status_code == 200
    wb = load_workbook(BytesIO(r.content))
    assert wb.active is not None
    assert wb.active.title == "项目支出绩效自评表"
    texts = {str(c.value) for row in wb.active.iter_rows() for c in row if c.value is not None}
    assert "291条" in texts


def test_recheck_page_shows_the_scores_of_jixiao_score(cast: Cast, tmp_path: Any) -> None:
    """The numbers on the page are `jixiao score --format json` on the exported document."""
    import json

    from typer.testing import CliRunner

    from jixiao.cli import app
    from jixiao.web.selfeval.services.mapping import to_document

    ev = started(cast)
    actuals = ["280条", "96%", "2025年1月10日", "100万元", "部分达成", "90%", "92%"]
    c = client_for(cast, "editor")
    for row, actual in zip(ev.rows.order_by("position"), actuals, strict=True):
        ev.refresh_from_db()
        c.post(
            reverse("selfeval:row", args=[ev.pk, row.pk]), {"actual": actual, "version": ev.version}
        )
    ev.refresh_from_db()
    path = tmp_path / "ev.json"
    path.write_text(json.dumps(to_document(ev).to_dict(), ensure_ascii=False), encoding="utf-8")
    out = CliRunner().invoke(app, ["score", str(path), "--format", "json"])
    cli = json.loads(out.output)
    page = (
        client_for(cast, "finance").get(reverse("selfeval:recheck", args=[ev.pk])).content.decode()
    )
    shown = re.findall(r'class="num rule-score">([^<]*)<', page)
    assert shown == [i["score"] or "—" for i in cli["indicators"]]
    assert f'id="execution-score">{cli["execution"]["score"] or "—"}<' in page
    assert f'id="total">{cli["total"]}<' in page
    assert f'id="grade" class="badge">{cli["grade"]}<' in page
