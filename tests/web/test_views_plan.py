"""The plan page: department targets, projects, findings summary, history; exports."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client

from jixiao.web.plans.models import Indicator
from jixiao.web.plans.services import editing
from jixiao.web.plans.services.findings import plan_findings
from jixiao.web.plans.services.history import plan_history
from tests.web.base import Cast


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


@pytest.mark.parametrize("who", ["editor", "leader", "supervisor", "finance", "auditor", "admin"])
def test_plan_page_shows_projects_and_targets_to_every_reader(cast: Cast, who: str) -> None:
    r = _client(cast, who).get(f"/plans/{cast.plan_a.pk}/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "村级综治视联网线路租赁费和设备维护费" in html
    assert "105.00" in html  # budget total in 万元
    assert "部门整体绩效目标" in html
    assert "加快巨鹿县综治工作建设" in html  # a sub-goal title of the seed


def test_plan_page_lists_the_findings_of_the_checker(cast: Cast) -> None:

    findings = plan_findings(cast.plan_a)
    r = _client(cast, "editor").get(f"/plans/{cast.plan_a.pk}/")
    html = r.content.decode()
    assert r.context["counts"]["error"] == sum(1 for f in findings if f.severity == "error")
    for f in findings:
        assert f.message in html


def test_plan_page_shows_history_old_and_new(cast: Cast) -> None:

    plan = cast.plan_a
    ind = Indicator.objects.get(project__plan=plan, target="≥96万元")
    editing.update_indicator(
        ind, {"target": "≤96万元"}, user=cast.users["editor"], expected_version=plan.version
    )
    html = _client(cast, "finance").get(f"/plans/{plan.pk}/").content.decode()
    assert "≥96万元" in html
    assert "≤96万元" in html
    assert "editor" in html


def test_export_json_is_the_plan_format(cast: Cast) -> None:
    r = _client(cast, "leader").get(f"/plans/{cast.plan_a.pk}/export.json")
    assert r.status_code == 200
    assert "attachment" in r["Content-Disposition"]
    data = json.loads(r.content)
    assert data["format"] == "jixiao.plan/1"
    assert data["year"] == 2024
    assert next(p["name"] for p in data["projects"]) == "村级综治视联网线路租赁费和设备维护费"


def test_export_xlsx_has_one_sheet_per_project(cast: Cast) -> None:
    import openpyxl

    r = _client(cast, "finance").get(f"/plans/{cast.plan_a.pk}/export.xlsx")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert len(wb.worksheets) == cast.plan_a.projects.count() + 1  # and 部门整体绩效目标
    values = {
        str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value
    }
    assert "≥96万元" in values


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "export.json", "export.xlsx"])
def test_it_refuses_other_unit(cast: Cast, suffix: str) -> None:
    for who in ("other", "other_region"):
        assert _client(cast, who).get(f"/plans/{cast.plan_a.pk}/{suffix}").status_code == 404


def test_it_refuses_anonymous(cast: Cast) -> None:
    r = Client().get(f"/plans/{cast.plan_a.pk}/")
    assert r.status_code == 302
    assert "/accounts/login/" in r["Location"]


def test_it_requires_write_access(cast: Cast) -> None:
    """The plan page offers no edit actions to read-only roles."""
    html = _client(cast, "leader").get(f"/plans/{cast.plan_a.pk}/").content.decode()
    assert "重新导入" not in html


def test_it_rejects_post(cast: Cast) -> None:
    """The plan page and exports are read-only URLs."""
    c = _client(cast, "editor")
    for suffix in ("", "export.json", "export.xlsx"):
        assert c.post(f"/plans/{cast.plan_a.pk}/{suffix}").status_code == 405


def test_history_folds_the_rows_an_import_added_into_one_line(cast: Cast) -> None:
    r = _client(cast, "auditor").get(f"/plans/{cast.plan_a.pk}/")
    rows = r.context["history"]
    added = [h for h in rows if h.action == "新增" and h.reason == "导入"]
    n = cast.plan_a.projects.count() + Indicator.objects.filter(project__plan=cast.plan_a).count()
    assert len(added) == 1
    assert added[0].label.startswith(f"{n} 项")


def test_refusals_are_explained_in_the_page_layout(cast: Cast) -> None:
    r = _client(cast, "other").get(f"/plans/{cast.plan_a.pk}/")
    assert r.status_code == 404
    assert "此页面不存在，或您无权查看" in r.content.decode()
    r = _client(cast, "editor").get("/finance/")
    assert r.status_code == 403
    assert "仅财政部门和主管部门可查看总览" in r.content.decode()


def test_the_whole_history_is_shown_paged_down_to_the_creation(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.web.plans.views import plan as plan_view

    monkeypatch.setattr(plan_view, "HISTORY_PAGE", 50)
    plan = cast.plan_a
    ind = Indicator.objects.filter(project__plan=plan).order_by("pk").first()
    assert ind is not None
    for i in range(205):  # more than the 200 lines the history used to stop at
        plan.refresh_from_db()
        editing.update_indicator(
            ind, {"basis": f"依据{i}"}, user=cast.users["editor"], expected_version=plan.version
        )
    c = _client(cast, "finance")
    first = c.get(f"/plans/{plan.pk}/?history=all")
    page = first.context["history_page"]
    assert page.paginator.num_pages >= 5
    last = c.get(f"/plans/{plan.pk}/?history=all&page={page.paginator.num_pages}")
    labels = [(h.action, h.label) for h in last.context["history"]]
    assert ("新增", f"{plan.year}年绩效目标") in labels  # the plan's creation is reachable


def test_row_numbers_in_the_history_are_one_based(cast: Cast) -> None:
    plan = cast.plan_a
    project = plan.projects.order_by("position").first()
    assert project is not None
    first = project.indicators.order_by("position").first()
    assert first is not None
    editing.move_indicator(first, "down", user=cast.users["editor"], expected_version=plan.version)
    moves = [(e.old, e.new) for e in plan_history(plan) if e.field == "序号"]
    assert ("1", "2") in moves
    assert ("2", "1") in moves
