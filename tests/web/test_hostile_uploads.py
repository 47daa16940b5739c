"""Hostile uploads on the web (issue 11 #10, #11): the import page answers 422 with the
reader's Chinese message and the API 422 with it as ``detail``; nothing is changed."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.web.api.models import Token
from tests.web.base import Cast

PLAN = '{"format": "jixiao.plan/1", "projects": [{"name": "甲", "budget": {"total": %s}}]}'
CASES = [
    ("nan.json", (PLAN % "NaN").encode(), "不允许非有限数值"),
    ("inf.json", (PLAN % "1e309").encode(), "数值过大"),
    ("huge.json", (PLAN % ("9" * 5000)).encode(), "数值过大"),
    ("deep.json", b'{"format": "jixiao.plan/1", "x": ' + b"[" * 5000 + b"]" * 5000 + b"}", "嵌套过深"),
    ("laughs.yaml", b"format: jixiao.plan/1\nloop: &l [*l]\n", "limits.max_"),
    ("many.json", json.dumps({"format": "jixiao.plan/1", "projects": [
        {"name": "大", "indicators": [{"name": f"指标{i}"} for i in range(600)]}]},
        ensure_ascii=False).encode(), "指标数超过上限：600 个"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "message"), CASES, ids=[c[0] for c in CASES])
def test_the_import_page_refuses_with_the_readers_message(
    cast: Cast, name: str, data: bytes, message: str
) -> None:
    c = Client()
    c.force_login(cast.users["editor"])
    r = c.post(
        "/plans/import/",
        {"file": SimpleUploadedFile(name, data), "unit": cast.units["A"].pk, "year": 2024},
    )
    assert r.status_code == 422
    assert message in r.content.decode()
    assert cast.plan_a.projects.count() == 4


@pytest.mark.parametrize(("name", "data", "message"), CASES, ids=[c[0] for c in CASES])
def test_the_api_refuses_with_422_and_a_chinese_detail(
    cast: Cast, name: str, data: bytes, message: str
) -> None:
    _token, key = Token.issue(cast.users["editor"], "test")
    c = Client(headers={"Authorization": f"Bearer {key}"})
    r = c.post(
        "/api/plans/import",
        {"file": SimpleUploadedFile(name, data), "unit": cast.units["A"].pk, "year": 2024,
         "replace": "true"},
    )  # fmt: skip
    assert r.status_code == 422, r.content
    assert message in r.json()["detail"]
    assert cast.plan_a.projects.count() == 4
