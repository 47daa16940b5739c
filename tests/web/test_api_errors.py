"""The API's answers as its schema and docs/api.md say: one error shape in Chinese for
every refusal (400, 401, 403, 404, 409, 413, 422, 500), the version required on every
write, pages on every list, and real files imported with answers the schema describes."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from werkzeug.datastructures import FileStorage
from werkzeug.test import Client as WsgiClient

from jixiao.core.writers.excel_plan import write_plan_workbook
from jixiao.web.api.api import api
from jixiao.web.api.models import Token
from jixiao.web.plans.models import Plan, ReviewComment
from tests.web.api_support import APP, schema
from tests.web.base import Cast, fixture_document
from tests.web.workflow_support import clean_plan

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"


def _client(cast: Cast, who: str) -> Client:
    _token, key = Token.issue(cast.users[who], "test")
    return Client(headers={"Authorization": f"Bearer {key}"})


def _post(c: Client, url: str, body: Any) -> Any:
    text = body if isinstance(body, str) else json.dumps(body)
    return c.post(url, text, content_type="application/json")


def _is_error(r: Any, status: int, code: str) -> dict[str, Any]:
    """The one error shape: JSON, a Chinese detail, the stable code."""
    assert r.status_code == status, r.content
    assert r["Content-Type"].startswith("application/json")
    body: dict[str, Any] = r.json()
    assert body["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["detail"]), body["detail"]
    assert isinstance(body["errors"], list)
    return body


# --- 404 for what no operation matches ------------------------------------------------------


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(
    "path",
    [
        "/api/plans/abc",
        "/api/plans/abc/findings",
        "/api/plans/1.5",
        "/api/plans/%0A/transitions",
        "/api/plans/1%0A",
        "/api/nothing",
        "/api/",
    ],
)
def test_a_path_no_operation_matches_is_a_json_404_even_in_debug(
    cast: Cast, settings: Any, path: str, debug: bool
) -> None:
    settings.DEBUG = debug
    for client in (Client(), _client(cast, "editor")):
        body = _is_error(client.get(path), 404, "not-found")
        assert "urlpatterns" not in json.dumps(body)


def test_a_method_a_path_does_not_have_is_a_json_405(cast: Cast) -> None:
    r = _client(cast, "editor").delete(f"/api/plans/{cast.plan_a.pk}")
    body = _is_error(r, 405, "method-not-allowed")
    assert r["Allow"] == "GET"
    assert "GET" in body["detail"]


def test_an_id_too_large_for_a_row_is_422_not_a_database_error(cast: Cast) -> None:
    body = _is_error(_client(cast, "editor").get("/api/plans/99999999999999999999"), 422, "invalid")
    assert body["errors"] == [{"field": "path.plan_id", "message": "不能大于 2147483647"}]


# --- 401, 400, 422 ----------------------------------------------------------------------------


def test_401_says_in_chinese_how_to_get_a_token(cast: Cast) -> None:
    r = Client().get("/api/plans")
    body = _is_error(r, 401, "unauthorized")
    assert "issue_token" in body["detail"]
    assert r["WWW-Authenticate"] == "Bearer"
    r = Client(headers={"Authorization": "Bearer jx_nope"}).get(f"/api/plans/{cast.plan_a.pk}")
    _is_error(r, 401, "unauthorized")


def test_malformed_json_is_400(cast: Cast) -> None:
    r = _post(_client(cast, "editor"), f"/api/plans/{cast.plan_a.pk}/comments", '{"text": ')
    body = _is_error(r, 400, "bad-request")
    assert "JSON" in body["detail"]
    assert "Expecting" not in body["detail"]


def test_a_multipart_body_without_boundary_is_400(cast: Cast) -> None:
    r = _client(cast, "editor").post("/api/plans/import", b"x", content_type="multipart/form-data")
    body = _is_error(r, 400, "bad-request")
    assert "boundary" in body["detail"]


def test_validation_errors_name_each_field_in_chinese(cast: Cast) -> None:
    c = _client(cast, "supervisor")
    url = f"/api/plans/{cast.plan_a.pk}/comments"
    body = _is_error(_post(c, url, {"text": "", "project_id": True}), 422, "invalid")
    assert body["errors"] == [
        {"field": "body.text", "message": "不能为空"},
        {"field": "body.project_id", "message": "应为整数"},
        {"field": "body.expected_version", "message": "必填"},
    ]
    assert body["detail"].startswith("请求数据有误：body.text：不能为空")
    _is_error(_post(c, url, {"text": " \n", "expected_version": 1}), 422, "invalid")
    _is_error(_post(c, url, {"text": "a\x00b", "expected_version": 1}), 422, "invalid")
    _is_error(_post(c, url, {"text": "x", "expected_version": "1"}), 422, "invalid")
    _is_error(_post(c, url, {"text": "x", "expected_version": 1, "extra": 1}), 422, "invalid")
    _is_error(_post(c, url, ["x"]), 422, "invalid")
    assert not ReviewComment.objects.exists()
    body = _is_error(c.get("/api/plans?year=0"), 422, "invalid")
    assert body["errors"] == [{"field": "query.year", "message": "不能小于 1990"}]
    _is_error(c.get("/api/plans?year=abc"), 422, "invalid")
    body = _is_error(c.get("/api/plans?yaer=2024&limit=1"), 422, "invalid")
    assert body["errors"] == [{"field": "query.yaer", "message": "不认识此参数（拼写是否有误？）"}]
    _is_error(c.get("/api/todo?x=1"), 422, "invalid")
    assert c.get("/api/plans?year=2024&unit=1&limit=5&offset=0").status_code == 200


# --- versions on every write ------------------------------------------------------------------


def test_every_api_write_needs_the_version_and_a_stale_one_is_409(cast: Cast) -> None:
    plan = clean_plan(cast)
    editor = _client(cast, "editor")
    transitions = f"/api/plans/{plan.pk}/transitions"
    comments = f"/api/plans/{plan.pk}/comments"
    body = _is_error(_post(editor, transitions, {"action": "submit"}), 422, "invalid")
    assert body["errors"] == [{"field": "body.expected_version", "message": "必填"}]
    _is_error(_post(editor, comments, {"text": "答复"}), 422, "invalid")
    stale = plan.version + 1
    _is_error(
        _post(editor, transitions, {"action": "submit", "expected_version": stale}), 409, "stale"
    )
    _is_error(_post(editor, comments, {"text": "答复", "expected_version": stale}), 409, "stale")
    assert Plan.objects.get(pk=plan.pk).status == "draft"
    assert not ReviewComment.objects.exists()
    r = _post(editor, comments, {"text": "答复", "expected_version": 1.0 * plan.version})
    assert r.status_code == 201, r.get_data(as_text=True)


# --- 403, 413, 500 ----------------------------------------------------------------------------


def test_403_is_the_one_shape(cast: Cast) -> None:
    r = _post(
        _client(cast, "auditor"),
        f"/api/plans/{cast.plan_a.pk}/comments",
        {"text": "看过", "expected_version": cast.plan_a.version},
    )
    _is_error(r, 403, "forbidden")


def test_an_upload_over_the_limit_is_413_saying_both_sizes(cast: Cast, settings: Any) -> None:
    settings.JIXIAO_MAX_UPLOAD_BYTES = 1024 * 1024
    data = b"x" * (1024 * 1024 + 300 * 1024)
    r = _client(cast, "editor").post(
        "/api/plans/import",
        {"unit": cast.units["A"].pk, "year": 2025, "file": SimpleUploadedFile("big.txt", data)},
    )
    body = _is_error(r, 413, "too-large")
    assert "1.3 MB" in body["detail"]
    assert "1.0 MB" in body["detail"]


def test_a_crash_is_a_json_500_and_is_logged(caplog: Any) -> None:
    request = RequestFactory().get("/api/plans")
    response = api.on_exception(request, RuntimeError("boom"))
    assert response.status_code == 500
    body = json.loads(response.content)
    assert body["code"] == "server-error"
    assert "boom" not in body["detail"]
    assert "服务器内部错误" in body["detail"]
    assert "boom" in caplog.text


def test_a_crash_outside_the_operations_is_json_under_api_only() -> None:
    from django.urls import get_resolver

    handler = get_resolver().resolve_error_handler(500)
    r = handler(RequestFactory().get("/api/plans"))
    assert (r.status_code, json.loads(r.content)["code"]) == (500, "server-error")
    page = handler(RequestFactory().get("/plans/"))
    assert page.status_code == 500
    assert not page["Content-Type"].startswith("application/json")


# --- the schema -------------------------------------------------------------------------------


def test_every_operation_declares_its_errors_with_the_one_shape() -> None:
    doc = Client().get("/api/openapi.json").json()
    assert "issue_token" in doc["info"]["description"]
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            statuses = set(op["responses"])
            assert {"401", "422", "500"} <= statuses, (method, path)
            if "requestBody" in op:
                assert "413" in statuses, (method, path)
            for status, answer in op["responses"].items():
                if int(status) >= 400:
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/ErrorOut", (method, path, status)
    bodies = [
        op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        for ops in doc["paths"].values()
        for op in ops.values()
        if "application/json" in op.get("requestBody", {}).get("content", {})
    ]
    for name in bodies:
        assert "example" in doc["components"]["schemas"][name], name


def test_the_docs_page_opens() -> None:
    assert Client().get("/api/docs").status_code == 200


# --- pages ----------------------------------------------------------------------------------


def test_lists_are_pages_with_a_count(cast: Cast) -> None:
    c = _client(cast, "finance")
    first = c.get("/api/plans?limit=1").json()
    second = c.get("/api/plans?limit=1&offset=1").json()
    assert first["count"] == second["count"] == 2
    assert len(first["items"]) == len(second["items"]) == 1
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert c.get("/api/plans?offset=50").json() == {"items": [], "count": 2}
    _is_error(c.get("/api/plans?limit=501"), 422, "invalid")
    units = c.get("/api/units?limit=2").json()
    assert (len(units["items"]), units["count"]) == (2, len(cast.units) - 1)  # not region 2's


def test_the_list_costs_the_same_queries_for_one_page_of_any_size(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    c = _client(cast, "finance")
    with django_assert_max_num_queries(6):
        assert len(c.get("/api/plans").json()["items"]) == 2


# --- imports of real files, answers as the schema says ---------------------------------------


def _import(cast: Cast, name: str, data: bytes, **form: Any) -> Any:
    """Import a named file by API (through the WSGI application, as Schemathesis calls it)
    and let Schemathesis check the answer against the schema."""
    fields = {"unit": cast.units["A"].pk, "year": 2025, **form}
    _t, key = Token.issue(cast.users["editor"], "import")
    response = WsgiClient(APP).post(
        "/api/plans/import",
        data={**{k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in fields.items()},
              "file": FileStorage(BytesIO(data), filename=name)},
        headers={"Authorization": f"Bearer {key}"},
    )  # fmt: skip
    body: dict[str, Any] = {**fields, "file": data}
    case = schema["/api/plans/import"]["POST"].Case(
        body=body,
        media_type="multipart/form-data",
        headers={"Authorization": f"Bearer {key}"},
    )
    case.validate_response(response)
    return response


@pytest.mark.usefixtures("inside_the_test_transaction")
def test_importing_the_sample_text_and_an_excel_export_by_api(cast: Cast) -> None:
    r = _import(cast, "renxian.txt", (DATA / "renxian-jiaoyu-2025.txt").read_bytes())
    assert r.status_code == 201, r.get_data(as_text=True)
    plan = Plan.objects.get(pk=r.json["plan_id"])
    assert (plan.unit_id, plan.year) == (cast.units["A"].pk, 2025)
    assert plan.projects.count() > 0
    document = fixture_document()
    workbook = write_plan_workbook(document)
    r = _import(cast, "plan.xlsx", workbook, replace=True)
    assert r.status_code == 422  # replacing needs the version seen
    r = _import(cast, "plan.xlsx", workbook, replace=True, expected_version=plan.version)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.json["plan_id"] == plan.pk
    assert plan.projects.count() == len(document.projects)
