"""Each role walks its main pages in the browser, and nothing it is offered is refused.

For every role: the pages of its main path load; every same-site link on them opens
(no 403/404); every form and htmx action on them, sent as the page would send it (its
own fields, CSRF token, session), is not refused by the server (no 403/404: an action
may still answer with a message, e.g. "请填写退回意见", but never "无权"). Pages that a role
may not open are not linked for it. Each role works on a fresh cast (the actions change
data).
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlsplit

import pytest

from jixiao.web.plans.models import Deadline
from tests.web.base import PASSWORD, Cast, build_cast
from tests.web.browser.conftest import login
from tests.web.browser.role_pages import ROLES, main_pages

#: Forms that are about the session, not the role's work.
SESSION_FORMS = ("/accounts/logout/", "/i18n/setlang/")

_FORMS = """() => Array.from(document.querySelectorAll('form')).filter(f =>
  (f.getAttribute('method') || 'get').toLowerCase() === 'post').map(f => {
    const data = {};
    for (const [k, v] of new FormData(f).entries()) { if (typeof v === 'string') data[k] = v; }
    const submit = f.querySelector('button[type=submit][name]');
    if (submit) data[submit.name] = submit.value;
    // not f.action: a field named "action" shadows it
    return {action: new URL(f.getAttribute('action') || '', location.href).href, data};
  })"""

_HTMX = """() => Array.from(document.querySelectorAll('[hx-post]')).map(e => ({
    action: new URL(e.getAttribute('hx-post'), location.href).href,
    version: (document.querySelector('#plan-version input[name=version]') || {}).value || '',
  }))"""

_LINKS = """() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)
  .filter(h => h.startsWith(location.origin))"""


@pytest.fixture
def live_cast(transactional_db: None, settings: Any) -> Cast:
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    cast = build_cast()
    Deadline.objects.create(region=cast.region, year=2024, due=datetime.date(2024, 3, 31))
    return cast


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.parametrize("who", ROLES)
def test_a_role_is_offered_only_what_the_server_accepts(
    live_server: Any, live_cast: Cast, page: Any, who: str
) -> None:
    base = live_server.url
    login(page, base, who, PASSWORD)
    refused: list[str] = []
    links: set[str] = set()
    forms: list[tuple[str, str, dict[str, str]]] = []
    for path in main_pages(live_cast, who):
        response = page.goto(base + path)
        assert response is not None
        assert response.status == 200, f"{who}: {path} → {response.status}"
        links |= {_path(h.split("#")[0]) for h in page.evaluate(_LINKS)}
        for f in page.evaluate(_FORMS):
            if not any(s in f["action"] for s in SESSION_FORMS):
                forms.append((path, _path(f["action"]), f["data"]))
        for h in page.evaluate(_HTMX):
            forms.append((path, _path(h["action"]), {"version": h["version"]}))
    links -= {"", "/accounts/logout/"}
    for link in sorted(links):
        if link.startswith("/admin/"):
            continue
        status = page.request.get(base + link, max_redirects=0).status
        if status in (403, 404):
            refused.append(f"link {link} → {status}")
    token = page.evaluate("() => document.cookie.match(/csrftoken=([^;]+)/)?.[1] || ''")
    seen: set[tuple[str, str]] = set()
    for where, action, data in forms:
        key = (action, data.get("action", ""))
        if key in seen:
            continue
        seen.add(key)
        status = page.request.post(
            base + action,
            form=data,
            headers={"X-CSRFToken": token, "Referer": base + where},
            max_redirects=0,
        ).status
        if status in (403, 404):
            refused.append(f"{where}: form → {action} {data.get('action', '')} → {status}")
    assert forms or who in ("leader", "auditor", "other"), f"{who} was offered nothing"
    assert not refused, f"{who} is offered what the server refuses:\n" + "\n".join(refused)
