"""Security settings that the issue asks for, checked on the running configuration."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import Client

from jixiao.web import settings as web_settings
from tests.web.base import PASSWORD, Cast


def test_env_helpers_fail_loudly_on_malformed_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        web_settings.env_bool("X_FLAG", False)
    monkeypatch.setenv("X_FLAG", "off")
    assert web_settings.env_bool("X_FLAG", True) is False
    monkeypatch.setenv("X_NUM", "8h")
    with pytest.raises(ImproperlyConfigured):
        web_settings.env_int("X_NUM", 1)
    monkeypatch.setenv("X_LIST", "a.example, b.example,")
    assert web_settings.env_list("X_LIST", []) == ["a.example", "b.example"]


def test_language_sessions_and_passwords_are_configured() -> None:
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    with pytest.raises(ValidationError):
        validate_password("12345678")
    validate_password("jixiao-长一点的-口令-2024")


@pytest.mark.django_db
def test_login_locks_out_after_five_failures(cast: Cast) -> None:
    client = Client()
    for _ in range(4):
        r = client.post("/accounts/login/", {"username": "editor", "password": "wrong"})
        assert r.status_code == 200  # the form again, with an error
    r = client.post("/accounts/login/", {"username": "editor", "password": "wrong"})
    assert r.status_code == 429  # the fifth failure locks the account out
    r = client.post("/accounts/login/", {"username": "editor", "password": PASSWORD})
    assert r.status_code == 429  # locked out, even with the right password
    other = Client().post("/accounts/login/", {"username": "leader", "password": PASSWORD})
    assert other.status_code == 302  # a different account is not affected


@pytest.mark.django_db
def test_login_works_and_csrf_is_enforced(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    r = client.post("/accounts/login/", {"username": "editor", "password": PASSWORD})
    assert r.status_code == 403  # no CSRF token
    page = client.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    r = client.post(
        "/accounts/login/",
        {"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert r.status_code == 302
