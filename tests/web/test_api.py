from __future__ import annotations

import json

import pytest
from django.test import Client

from jixiao.web.api.models import Token
from jixiao.web.plans.models import Plan
from tests.web.base import FIXTURE, Cast, small_document

pytestmark = pytest.mark.django_db


def _client(cast: Cast, who: str) -> Client:
    _token, key = Token.issue(cast.users[who], "test")
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_requests_without_a_valid_token_are_refused(cast: Cast) -> None:
    assert Client().get("/api/plans").status_code == 401
    bad = Client(headers={"Authorization": "Bearer jx_nope"})
    assert bad.get(f"/api/plans/{cast.plan_a.pk}").status_code == 401
    # A logged-in browser session is not an API credential.
    c = Client()
    c.force_login(cast.users["editor"])
    assert c.get("/api/plans").status_code == 401


def test_list_shows_only_visible_plans(cast: Cast) -> None:
    ids = {p["id"] for p in _client(cast, "editor").get("/api/plans").json()["items"]}
    assert ids == {cast.plan_a.pk}
    ids = {p["id"] for p in _client(cast, "finance").get("/api/plans").json()["items"]}
    assert ids == {cast.plan_a.pk, cast.plan_b.pk}
    row = next(
        p
        for p in _client(cast, "finance").get("/api/plans?year=2024").json()["items"]
        if p["id"] == cast.plan_a.pk
    )
    assert row["budget_total"] == "105"  # 96 + 4 + 4 + 1
    assert row["project_count"] == 4
    assert _client(cast, "other_region").get("/api/plans").json() == {"items": [], "count": 0}


def test_plan_detail_is_the_format_md_document(cast: Cast) -> None:
    r = _client(cast, "leader").get(f"/api/plans/{cast.plan_a.pk}")
    assert r.status_code == 200
    body = r.json()
    assert body["version"] == cast.plan_a.version
    doc = body["document"]
    assert doc["format"] == "jixiao.plan/1"
    assert doc["projects"][0]["indicators"][3]["parsed"]["unit"] == "万元"


def test_another_units_token_gets_404_for_everything_about_the_plan(cast: Cast) -> None:
    c = _client(cast, "other")
    assert c.get(f"/api/plans/{cast.plan_a.pk}").status_code == 404
    assert c.get(f"/api/plans/{cast.plan_a.pk}/findings").status_code == 404
    r = c.post(
        "/api/plans/import",
        {"unit": cast.units["A"].pk, "year": 2025, "file": _upload()},
    )
    assert r.status_code == 404


def test_findings_endpoint_returns_the_findings_object(cast: Cast) -> None:
    r = _client(cast, "supervisor").get(f"/api/plans/{cast.plan_a.pk}/findings")
    assert r.status_code == 200
    assert isinstance(r.json()["findings"], list)


def _upload(name: str = "plan.json", data: bytes | None = None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    if data is None:
        data = json.dumps(small_document().to_dict(), ensure_ascii=False, default=str).encode()
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_import_creates_then_needs_replace_to_overwrite(cast: Cast) -> None:
    c = _client(cast, "editor")
    unit = cast.units["A"].pk
    r = c.post("/api/plans/import", {"unit": unit, "year": 2025, "file": _upload()})
    assert r.status_code == 201, r.content
    plan = Plan.objects.get(pk=r.json()["plan_id"])
    assert (plan.unit_id, plan.year, plan.projects.count()) == (unit, 2025, 1)
    r = c.post(
        "/api/plans/import",
        {"unit": unit, "year": 2025, "file": _upload("j.json", FIXTURE.read_bytes())},
    )
    assert r.status_code == 409
    assert r.json()["code"] == "exists"
    assert plan.projects.count() == 1
    replace = {"unit": unit, "year": 2025, "replace": "true"}
    # Replacing needs the version the caller saw: none is 422, an old one 409.
    r = c.post("/api/plans/import", {**replace, "file": _upload("j.json", FIXTURE.read_bytes())})
    assert r.status_code == 422
    assert "expected_version" in r.json()["detail"]
    r = c.post(
        "/api/plans/import",
        {
            **replace,
            "expected_version": plan.version + 1,
            "file": _upload("j.json", FIXTURE.read_bytes()),
        },
    )
    assert (r.status_code, r.json()["code"]) == (409, "stale")
    assert plan.projects.count() == 1
    r = c.post(
        "/api/plans/import",
        {
            **replace,
            "expected_version": plan.version,
            "file": _upload("j.json", FIXTURE.read_bytes()),
        },
    )
    assert r.status_code == 200
    assert plan.projects.count() == 4


def test_import_is_refused_to_readers_and_for_bad_files(cast: Cast) -> None:
    unit = cast.units["A"].pk
    r = _client(cast, "leader").post(
        "/api/plans/import", {"unit": unit, "year": 2025, "file": _upload()}
    )
    assert r.status_code == 403
    r = _client(cast, "editor").post(
        "/api/plans/import", {"unit": unit, "year": 2025, "file": _upload("x.json", b'{"format": ')}
    )
    assert r.status_code == 422
    assert "JSON 格式错误" in r.json()["detail"]
    assert r.json()["location"]["file"] == "x.json"
    assert not Plan.objects.filter(unit_id=unit, year=2025).exists()


def test_openapi_schema_lists_the_endpoints() -> None:
    schema = Client().get("/api/openapi.json").json()
    assert {
        "/api/plans",
        "/api/plans/{plan_id}",
        "/api/plans/{plan_id}/findings",
        "/api/plans/import",
    } <= set(schema["paths"])
    assert "BearerToken" in json.dumps(schema["components"])


def test_issue_token_command_prints_a_working_key(cast: Cast) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("issue_token", "finance", "--name", "对接", stdout=out)
    key = out.getvalue().strip()
    assert key.startswith("jx_")
    c = Client(headers={"Authorization": f"Bearer {key}"})
    assert c.get("/api/plans").status_code == 200
    call_command("issue_token", "finance", "--revoke-all", stdout=StringIO(), stderr=StringIO())
    assert c.get("/api/plans").status_code == 401
    assert Token.objects.filter(user=cast.users["finance"]).count() == 1
