"""The self-evaluation API: the same scores as jixiao score, writes, review, permissions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jixiao.core.model import SelfEvaluation as Doc
from jixiao.core.scoring import policy_for, score_selfeval
from jixiao.web.api.models import Token
from tests.web.base import Cast
from tests.web.selfeval_support import FULL, started

pytestmark = pytest.mark.django_db


def _api(cast: Cast, who: str) -> Client:
    _t, key = Token.issue(cast.users[who], "test")
    return Client(headers={"Authorization": f"Bearer {key}"})


def _post(c: Client, url: str, data: dict[str, Any]) -> Any:
    return c.post(url, json.dumps(data), content_type="application/json")


def test_detail_scores_are_the_cores(cast: Cast) -> None:
    ev = started(cast)
    body = _api(cast, "auditor").get(f"/api/selfevals/{ev.pk}").json()
    doc = Doc.from_dict(body["document"])
    assert body["scores"] == json.loads(json.dumps(score_selfeval(doc, policy_for(doc)).to_dict()))
    assert body["actions"] == []
    listed = _api(cast, "finance").get("/api/selfevals", {"year": 2024}).json()
    assert [x["id"] for x in listed] == [ev.pk]


def test_fill_submit_and_review_through_the_api(cast: Cast) -> None:
    ev = started(cast)
    editor = _api(cast, "editor")
    body = editor.get(f"/api/selfevals/{ev.pk}").json()
    for row, actual in zip(body["rows"], FULL, strict=True):
        r = _post(editor, f"/api/selfevals/{ev.pk}/rows/{row['id']}", {"actual": actual})
        assert r.status_code == 200, r.content
    r = _post(editor, f"/api/selfevals/{ev.pk}/rows/{body['rows'][0]['id']}",
              {"actual": "1", "expected_version": 1})  # fmt: skip
    assert r.status_code == 409
    r = _post(editor, f"/api/selfevals/{ev.pk}/rows/{body['rows'][0]['id']}", {"score": "x"})
    assert r.status_code == 422
    r = _post(editor, f"/api/selfevals/{ev.pk}/transitions", {"action": "submit"})
    assert r.status_code == 200
    assert r.json()["status"] == "submitted"
    r = _post(
        _api(cast, "finance"), f"/api/selfevals/{ev.pk}/transitions", {"action": "finance_approve"}
    )
    assert r.status_code == 403
    r = _post(_api(cast, "supervisor"), f"/api/selfevals/{ev.pk}/transitions",
              {"action": "supervisor_approve"})  # fmt: skip
    assert r.json()["status"] == "supervisor_approved"
    results = _api(cast, "finance").get("/api/selfeval-results", {"year": 2024}).json()
    assert results["by_department"] == {"测试县政法委": {"优": 1}}
    assert results["by_unit"] == {"测试县政法委本级": {"优": 1}}
    assert results["low"] == []


def test_other_units_are_refused(cast: Cast) -> None:
    ev = started(cast)
    row = ev.rows.first()
    assert row is not None
    for who in ("other", "other_region"):
        c = _api(cast, who)
        assert c.get(f"/api/selfevals/{ev.pk}").status_code == 404
        assert _post(c, f"/api/selfevals/{ev.pk}/rows/{row.pk}", {"actual": "1"}).status_code == 404
        assert (
            _post(c, f"/api/selfevals/{ev.pk}/transitions", {"action": "submit"}).status_code == 404
        )
        assert c.get("/api/selfevals").json() == []
        assert c.get("/api/selfeval-results", {"year": 2024}).json()["by_unit"] == {}
    assert (
        _post(
            _api(cast, "leader"), f"/api/selfevals/{ev.pk}/rows/{row.pk}", {"actual": "1"}
        ).status_code
        == 403
    )
