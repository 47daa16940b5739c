"""The project page and the indicator editor (htmx row saves, add, delete, move)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from jixiao.web.plans.models import Indicator, Plan, Project
from jixiao.web.plans.services.findings import plan_findings
from tests.web.base import Cast
from tests.web.html import by_id

HX = {"HX-Request": "true"}


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def _project(cast: Cast) -> Project:
    return cast.plan_a.projects.order_by("position").first()  # type: ignore[return-value]


def _cost_row(cast: Cast) -> Indicator:
    return _project(cast).indicators.get(name="项目成本")


def _row_data(ind: Indicator, version: int, **changes: str) -> dict[str, Any]:
    data = {
        "version": version,
        "level1": ind.level1 or "",
        "level2": ind.level2 or "",
        "name": ind.name or "",
        "description": ind.description or "",
        "target": ind.target or "",
        "basis": ind.basis or "",
    }
    data.update(changes)
    return data


def _version(cast: Cast) -> int:
    return Plan.objects.get(pk=cast.plan_a.pk).version


def test_project_page_shows_rows_with_parsed_values(cast: Cast) -> None:
    p = _project(cast)
    r = _client(cast, "editor").get(f"/plans/{cast.plan_a.pk}/projects/{p.pk}/")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'value="≥96万元"' in html
    assert (
        by_id(html, f"ind-{_cost_row(cast).pk}-parsed").text == "定量 ≥ 96 万元"
    )  # parsed: kind, operator, number, unit
    assert 'name="version"' in html
    assert f'value="{_version(cast)}"' in html
    # level selects offer the allowed pairs, the stored spelling selected
    assert '<option value="成本指标" data-key="产出" selected>' in html


def test_read_only_roles_see_the_table_without_inputs(cast: Cast) -> None:
    p = _project(cast)
    html = (
        _client(cast, "finance").get(f"/plans/{cast.plan_a.pk}/projects/{p.pk}/").content.decode()
    )
    assert "≥96万元" in html
    assert 'name="target"' not in html
    assert "添加指标" not in html


def test_findings_are_shown_beside_their_row(cast: Cast) -> None:
    p = _project(cast)
    r = _client(cast, "editor").get(f"/plans/{cast.plan_a.pk}/projects/{p.pk}/")
    rows = r.context["rows"]
    cost = next(row for row in rows if row["ind"].name == "项目成本")
    assert "cost-direction" in [f.rule for f in cost["findings"]]
    others = [f.rule for row in rows if row is not cost for f in row["findings"]]
    assert "cost-direction" not in others
    html = r.content.decode()
    assert "成本指标应为反向指标" in by_id(html, f"ind-{cost['ind'].pk}-findings").text


def test_saving_a_row_returns_its_parsed_value_findings_and_new_version(cast: Cast) -> None:
    ind = _cost_row(cast)
    v = _version(cast)
    errors = len([f for f in plan_findings(cast.plan_a) if f.severity == "error"])
    r = _client(cast, "editor").post(
        f"/plans/{cast.plan_a.pk}/indicators/{ind.pk}/",
        _row_data(ind, v, target="≤96万元"),
        headers=HX,
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "已保存" in html
    assert f'id="plan-version" name="version" value="{v + 1}" hx-swap-oob="true"' in html
    assert f'id="ind-{ind.pk}-findings" hx-swap-oob="true"' in html
    assert "成本指标应为反向指标" not in html  # the finding went away
    assert "≤" in html
    assert "96" in html
    ind.refresh_from_db()
    assert ind.target == "≤96万元"
    assert Plan.objects.get(pk=cast.plan_a.pk).error_count == errors - 1


def test_saving_without_htmx_redirects_back(cast: Cast) -> None:
    ind = _cost_row(cast)
    r = _client(cast, "editor").post(
        f"/plans/{cast.plan_a.pk}/indicators/{ind.pk}/", _row_data(ind, _version(cast), name="成本")
    )
    assert r.status_code == 302
    ind.refresh_from_db()
    assert ind.name == "成本"


def test_a_stale_version_is_refused_and_changes_nothing(cast: Cast) -> None:
    ind = _cost_row(cast)
    stale = _version(cast) - 1 if _version(cast) > 1 else _version(cast) + 5
    r = _client(cast, "editor").post(
        f"/plans/{cast.plan_a.pk}/indicators/{ind.pk}/",
        _row_data(ind, stale, target="≤1万元"),
        headers=HX,
    )
    assert r.status_code == 409
    assert "已被他人修改" in r.content.decode()
    ind.refresh_from_db()
    assert ind.target == "≥96万元"


def test_a_level2_outside_its_level1_is_refused(cast: Cast) -> None:
    ind = _cost_row(cast)
    r = _client(cast, "editor").post(
        f"/plans/{cast.plan_a.pk}/indicators/{ind.pk}/",
        _row_data(ind, _version(cast), level2="服务对象满意度指标"),
        headers=HX,
    )
    assert r.status_code == 422
    assert "不属于一级指标" in r.content.decode()
    ind.refresh_from_db()
    assert ind.level2 == "成本指标"


def test_add_delete_and_move_rows(cast: Cast) -> None:
    p = _project(cast)
    c = _client(cast, "editor")
    r = c.post(
        f"/plans/{cast.plan_a.pk}/projects/{p.pk}/indicators/add/",
        {"version": _version(cast)},
        headers=HX,
    )
    assert r.status_code == 200
    assert 'id="editor"' in r.content.decode()
    names = list(p.indicators.order_by("position").values_list("name", flat=True))
    assert len(names) == 8
    assert names[-1] is None
    new = p.indicators.order_by("position").last()
    assert new is not None
    assert new.level1 == "满意度指标"
    r = c.post(
        f"/plans/{cast.plan_a.pk}/indicators/{new.pk}/move/",
        {"version": _version(cast), "direction": "up"},
        headers=HX,
    )
    assert r.status_code == 200
    names = list(p.indicators.order_by("position").values_list("name", flat=True))
    assert names[-2] is None
    assert names[-1] == "满意度"
    r = c.post(
        f"/plans/{cast.plan_a.pk}/indicators/{new.pk}/delete/",
        {"version": _version(cast)},
        headers=HX,
    )
    assert r.status_code == 200
    assert p.indicators.count() == 7


def test_a_stale_move_reports_above_the_table(cast: Cast) -> None:
    ind = _cost_row(cast)
    r = _client(cast, "editor").post(
        f"/plans/{cast.plan_a.pk}/indicators/{ind.pk}/move/",
        {"version": _version(cast) + 3, "direction": "up"},
        headers=HX,
    )
    assert r.status_code == 409
    assert r["HX-Retarget"] == "#editor-message"


def test_edits_appear_in_the_plan_history(cast: Cast) -> None:
    ind = _cost_row(cast)
    c = _client(cast, "editor")
    c.post(
        f"/plans/{cast.plan_a.pk}/indicators/{ind.pk}/",
        _row_data(ind, _version(cast), target="≤96万元"),
        headers=HX,
    )
    html = c.get(f"/plans/{cast.plan_a.pk}/").content.decode()
    history = by_id(html, "history").text
    assert "≥96万元" in history
    assert "≤96万元" in history
    assert "editor" in history


def test_the_real_checker_flags_and_clears_the_cost_row(cast: Cast) -> None:
    ind = _cost_row(cast)
    p = _project(cast)
    c = _client(cast, "editor")
    html = c.get(f"/plans/{cast.plan_a.pk}/projects/{p.pk}/").content.decode()
    row = by_id(html, f"ind-{ind.pk}-findings")
    assert row.find_all(".//*[@data-rule='cost-direction']")
    r = c.post(
        f"/plans/{cast.plan_a.pk}/indicators/{ind.pk}/",
        _row_data(ind, _version(cast), target="≤96万元"),
        headers=HX,
    )
    row = by_id(r.content.decode(), f"ind-{ind.pk}-findings")
    assert not row.find_all(".//*[@data-rule='cost-direction']")
    assert "成本指标应为反向指标" not in row.text


# --- refusals ----------------------------------------------------------------------------


def _write_urls(cast: Cast) -> list[str]:
    ind = _cost_row(cast)
    p = _project(cast)
    base = f"/plans/{cast.plan_a.pk}"
    return [
        f"{base}/indicators/{ind.pk}/",
        f"{base}/indicators/{ind.pk}/delete/",
        f"{base}/indicators/{ind.pk}/move/",
        f"{base}/projects/{p.pk}/indicators/add/",
    ]


def test_it_refuses_other_unit(cast: Cast) -> None:
    p = _project(cast)
    for who in ("other", "other_region"):
        c = _client(cast, who)
        assert c.get(f"/plans/{cast.plan_a.pk}/projects/{p.pk}/").status_code == 404
        for url in _write_urls(cast):
            assert (
                c.post(url, _row_data(_cost_row(cast), _version(cast), direction="up")).status_code
                == 404
            )
    # an indicator addressed through another plan's URL is not found either
    ind = _cost_row(cast)
    r = _client(cast, "editor").post(
        f"/plans/{cast.plan_b.pk}/indicators/{ind.pk}/", _row_data(ind, _version(cast))
    )
    assert r.status_code == 404


@pytest.mark.parametrize("who", ["leader", "supervisor", "finance", "auditor"])
def test_it_requires_write_access(cast: Cast, who: str) -> None:
    c = _client(cast, who)
    for url in _write_urls(cast):
        r = c.post(url, _row_data(_cost_row(cast), _version(cast), direction="up"))
        assert r.status_code == 403, url
    assert _cost_row(cast).target == "≥96万元"


def test_it_rejects_get(cast: Cast) -> None:
    c = _client(cast, "editor")
    for url in _write_urls(cast):
        assert c.get(url).status_code == 405, url


def test_it_requires_the_csrf_token(cast: Cast) -> None:
    c = Client(enforce_csrf_checks=True)
    c.force_login(cast.users["editor"])
    ind = _cost_row(cast)
    r = c.post(
        f"/plans/{cast.plan_a.pk}/indicators/{ind.pk}/",
        _row_data(ind, _version(cast), target="≤96万元"),
        headers=HX,
    )
    assert r.status_code == 403
    assert _cost_row(cast).target == "≥96万元"
    # the page hands htmx the token for every request it makes
    p = _project(cast)
    html = c.get(f"/plans/{cast.plan_a.pk}/projects/{p.pk}/").content.decode()
    m = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', html)
    assert m is not None
    token = m.group(1)
    r = c.post(
        f"/plans/{cast.plan_a.pk}/indicators/{ind.pk}/",
        _row_data(ind, _version(cast), target="≤96万元"),
        headers={**HX, "X-CSRFToken": token},
    )
    assert r.status_code == 200


def test_writes_without_the_version_are_refused(cast: Cast) -> None:
    """Optimistic locking cannot be skipped by leaving the version out."""
    ind = _cost_row(cast)
    p = _project(cast)
    c = _client(cast, "editor")
    base = f"/plans/{cast.plan_a.pk}"
    count, v = p.indicators.count(), _version(cast)
    for url, data in (
        (f"{base}/indicators/{ind.pk}/delete/", {}),
        (f"{base}/indicators/{ind.pk}/move/", {"direction": "down"}),
        (f"{base}/projects/{p.pk}/indicators/add/", {}),
    ):
        r = c.post(url, data, headers=HX)
        assert r.status_code == 409, url
    assert p.indicators.count() == count
    assert Indicator.objects.filter(pk=ind.pk).exists()
    assert _version(cast) == v
