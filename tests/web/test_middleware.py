"""Requests refused before any view: a busy database (503) and oversized uploads (413)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from jixiao.web.common.middleware import BusyDatabaseMiddleware


def _real_lock_error(tmp_path: Path) -> OperationalError:
    """SQLite's own error for a database another connection holds for writing."""
    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        waiter.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        return OperationalError(*exc.args)
    finally:
        holder.rollback()
        holder.close()
        waiter.close()
    raise AssertionError("the second writer got the lock")


def _middleware() -> BusyDatabaseMiddleware:
    return BusyDatabaseMiddleware(HttpResponse)


@pytest.mark.parametrize(("path", "kind"), [("/plans/1/", "text/html"), ("/api/plans", "json")])
def test_a_locked_database_answers_503_in_chinese(
    tmp_path: Path, path: str, kind: str, db: None
) -> None:
    exc = _real_lock_error(tmp_path)
    request = RequestFactory().post(path)
    request.user = AnonymousUser()
    response = _middleware().process_exception(request, exc)
    assert response is not None
    assert response.status_code == 503
    assert kind in response["Content-Type"]
    assert "请稍后重试" in response.content.decode()
    assert response["Retry-After"] == "5"


def test_other_database_errors_are_not_hidden(tmp_path: Path) -> None:
    request = RequestFactory().get("/")
    assert _middleware().process_exception(request, OperationalError("no such table: x")) is None


@pytest.mark.parametrize(
    ("path", "kind"), [("/plans/import/", "text/html"), ("/api/plans/import", "json")]
)
def test_an_oversized_upload_is_refused_before_its_body_is_read(
    path: str, kind: str, settings: object, db: None
) -> None:
    from jixiao.web.common.middleware import UploadLimitMiddleware

    settings.JIXIAO_MAX_UPLOAD_BYTES = 1024 * 1024  # type: ignore[attr-defined]
    request = RequestFactory().post(path, data=b"x", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = str(50 * 1024 * 1024)
    request.user = AnonymousUser()

    def view(r: object) -> HttpResponse:
        raise AssertionError("the view must not run")

    response = UploadLimitMiddleware(view)(request)
    assert response.status_code == 413
    assert kind in response["Content-Type"]
    text = response.content.decode()
    assert "上传的内容过大（50.0 MB），上限为 1.0 MB" in text
