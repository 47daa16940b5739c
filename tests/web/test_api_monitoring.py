"""The monitoring API with bearer tokens: results as jixiao.monitor/1, ledger upload all
or nothing, progress all or nothing with M4 enforced, transitions; outsiders 404."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.core.monitoring import MONITOR_FORMAT
from jixiao.web.api.models import Token
from jixiao.web.monitoring.models import LedgerImport, ProgressEntry
from tests.web.base import Cast
from tests.web.monitoring_support import ledger_bytes, round_a

pytestmark = pytest.mark.django_db


def _api(cast: Cast, who: str) -> tuple[Client, dict[str, str]]:
    _t, key = Token.issue(cast.users[who], "test")
    return Client(), {"Authorization": f"Bearer {key}"}


def _json(client: Client, method: str, url: str, headers: dict[str, str], body: Any) -> Any:
    send = client.put if method == "PUT" else client.post
    return send(url, json.dumps(body), content_type="application/json", headers=headers)


def test_result_is_the_monitor_format(cast: Cast) -> None:
    rnd = round_a(cast)
    c, h = _api(cast, "supervisor")
    r = c.get(f"/api/monitoring/rounds/{rnd.pk}", headers=h)
    assert r.status_code == 200
    body = r.json()
    assert body["report"]["format"] == MONITOR_FORMAT
    assert body["report"]["month"] == 8
    assert body["round"]["lamps"]["red"] == rnd.red
    listed = c.get("/api/monitoring/rounds?as_of=2024-08-31", headers=h).json()
    assert [x["id"] for x in listed] == [rnd.pk]  # the supervisor of A sees A, not B


def test_ledger_upload_all_or_nothing(cast: Cast) -> None:
    rnd = round_a(cast, ledger=False)
    c, h = _api(cast, "editor")
    url = f"/api/monitoring/rounds/{rnd.pk}/ledger"
    bad = ledger_bytes(cast) + b"\n2024-05-01,V-1,NOPE,,,,1.00"
    r = c.post(url, {"file": SimpleUploadedFile("bad.csv", bad)}, headers=h)
    assert r.status_code == 422
    assert "NOPE" in r.json()["detail"]
    assert not LedgerImport.objects.exists()
    r = c.post(url, {"file": SimpleUploadedFile("l.csv", ledger_bytes(cast))}, headers=h)
    assert r.status_code == 201
    assert LedgerImport.objects.get().status == "active"


def test_progress_rows_all_or_nothing(cast: Cast) -> None:
    rnd = round_a(cast)
    project = cast.plan_a.projects.order_by("position").first()
    assert project is not None
    c, h = _api(cast, "editor")
    url = f"/api/monitoring/rounds/{rnd.pk}/progress"
    rows = [
        {"project_id": project.pk, "index": 1, "current": "291条", "likelihood": "确定能"},
        {"project_id": project.pk, "index": 2, "current": "90%", "likelihood": "有可能"},
    ]
    r = _json(c, "PUT", url, h, {"rows": rows})
    assert r.status_code == 409  # well formed, refused by the round's rules (M4)
    assert r.json()["detail"].startswith("第2行")
    assert not ProgressEntry.objects.exists()
    rows[1].update(deviation_reason="人员保障：维护人员不足", corrective_measure="增派人员")
    r = _json(c, "PUT", url, h, {"rows": rows, "expected_version": rnd.version})
    assert r.status_code == 200
    assert ProgressEntry.objects.count() == 2
    stale = _json(c, "PUT", url, h, {"rows": rows, "expected_version": rnd.version})
    assert stale.status_code == 409


def test_transition_and_outsiders(cast: Cast) -> None:
    rnd = round_a(cast)
    c, h = _api(cast, "editor")
    r = _json(c, "POST", f"/api/monitoring/rounds/{rnd.pk}/transitions", h, {"action": "submit"})
    assert r.status_code == 422
    assert "错误" in r.json()["detail"]
    o, oh = _api(cast, "other")
    assert o.get(f"/api/monitoring/rounds/{rnd.pk}", headers=oh).status_code == 404
    assert [x["unit"] for x in o.get("/api/monitoring/rounds", headers=oh).json()] == [
        cast.units["B"].name
    ]
    r = _json(o, "PUT", f"/api/monitoring/rounds/{rnd.pk}/progress", oh, {"rows": []})
    assert r.status_code == 404
