"""Log in and out through the pages, and the lock-out after repeated failures (django-axes)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.web.base import PASSWORD, Cast


def test_login_page_is_chinese_with_csrf(client: Client, db: None) -> None:
    r = client.get("/accounts/login/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "用户名" in html
    assert "csrfmiddlewaretoken" in html


def test_login_sends_the_user_to_the_dashboard(cast: Cast) -> None:
    c = Client(enforce_csrf_checks=False)
    r = c.post("/accounts/login/", {"username": "editor", "password": PASSWORD}, follow=True)
    assert r.redirect_chain[-1][0] == f"/units/{cast.units['A'].pk}/"


def test_a_wrong_password_is_explained(cast: Cast) -> None:
    r = Client().post("/accounts/login/", {"username": "editor", "password": "wrong"})
    assert r.status_code == 200
    assert "用户名或密码不正确" in r.content.decode()


def test_repeated_failures_lock_the_account(cast: Cast, settings: Any) -> None:
    c = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        c.post("/accounts/login/", {"username": "editor", "password": "wrong"})
    r = c.post("/accounts/login/", {"username": "editor", "password": PASSWORD})
    assert r.status_code == 429
    html = r.content.decode()
    assert "账户已锁定" in html
    assert f"密码连续输错 {settings.AXES_FAILURE_LIMIT} 次" in html


def test_logout_is_post_only(cast: Cast) -> None:
    c = Client()
    c.force_login(cast.users["editor"])
    assert c.get("/accounts/logout/").status_code == 405
    r = c.post("/accounts/logout/")
    assert r.status_code == 302
    assert c.get("/").status_code == 302  # back to the login page
