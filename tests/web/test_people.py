"""Units and people without /admin/: the region's 管理员 adds units, invites users,
assigns roles and deactivates accounts, scoped to the region and recorded; every user
issues and revokes API tokens of their own account."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from jixiao.core.workflow import Role
from jixiao.web.api.models import Token
from jixiao.web.orgs.models import Membership, Unit, UnitKind
from jixiao.web.people.models import AccountChange
from tests.web.base import PASSWORD, Cast
from tests.web.html import by_id


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def _can_log_in(username: str, password: str) -> bool:
    """Through the login page, as a person would (the lock-out backend needs a request)."""
    r = Client().post("/accounts/login/", {"username": username, "password": password})
    return r.status_code == 302


def _messages(r: Any) -> list[str]:
    return [str(m) for m in r.context["messages"]]


def test_the_admin_adds_a_unit_under_a_supervisor(cast: Cast) -> None:
    c = _client(cast, "admin")
    page = c.get("/people/").content.decode()
    assert "测试县政法委本级" in by_id(page, "people-units").text
    r = c.post(
        "/people/units/add/",
        {"name": "测试县司法局", "code": "A3", "kind": "unit", "parent": cast.units["S"].pk},
        follow=True,
    )
    assert _messages(r) == ["已新增单位“测试县司法局”。"]
    unit = Unit.objects.get(name="测试县司法局")
    assert (unit.region, unit.parent, unit.kind) == (cast.region, cast.units["S"], "unit")
    change = AccountChange.objects.get()
    assert (change.kind, change.subject, change.actor) == (
        "unit_added",
        "测试县司法局",
        cast.users["admin"],
    )
    assert "测试县司法局" in by_id(r.content.decode(), "people-changes").text


def test_a_duplicate_unit_name_is_refused_with_a_reason(cast: Cast) -> None:
    r = _client(cast, "admin").post(
        "/people/units/add/", {"name": "测试县法学会", "code": "", "kind": "unit"}
    )
    assert r.status_code == 200
    assert "本地区已有名为“测试县法学会”的单位" in by_id(r.content.decode(), "form-error").text
    assert not AccountChange.objects.exists()


def test_invite_creates_an_account_that_sets_its_password_by_the_link(
    cast: Cast, settings: Any
) -> None:
    settings.JIXIAO_SEND_EMAIL = True
    c = _client(cast, "admin")
    r = c.post(
        "/people/users/invite/",
        {"username": "fxh_editor", "full_name": "法学会 填报员", "email": "fxh@example.gov.cn",
         "unit": cast.units["A2"].pk, "role": "unit_editor"},
    )  # fmt: skip
    assert r.status_code == 200
    link = by_id(r.content.decode(), "invite-link").attr("value")
    assert link is not None
    assert "/people/welcome/" in link
    new = User.objects.get(username="fxh_editor")
    assert not new.has_usable_password()
    assert (new.membership.unit, new.membership.role) == (cast.units["A2"], "unit_editor")
    assert len(mail.outbox) == 1
    assert link in mail.outbox[0].body
    assert AccountChange.objects.get().kind == "user_invited"
    # the invited person opens the link and sets a password, then logs in
    anon = Client()
    form = anon.get(link, follow=True)
    assert "设置您的登录密码" in form.content.decode()
    done = anon.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": "Fa-xue-hui-2025", "new_password2": "Fa-xue-hui-2025"},
    )
    assert done.status_code == 302
    assert _can_log_in("fxh_editor", "Fa-xue-hui-2025")
    # the link works once
    again = Client().get(link, follow=True).content.decode()
    assert "此链接无效或已使用" in again


@pytest.mark.parametrize(
    ("unit", "role"),
    [("A", "finance_reviewer"), ("S", "unit_editor"), ("F", "supervisor_reviewer")],
)
def test_a_role_must_fit_the_unit(cast: Cast, unit: str, role: str) -> None:
    r = _client(cast, "admin").post(
        "/people/users/invite/",
        {"username": "x1", "unit": cast.units[unit].pk, "role": role},
    )
    assert "的人员只能是" in by_id(r.content.decode(), "form-error").text
    assert not User.objects.filter(username="x1").exists()


def test_the_admin_assigns_a_role_and_it_takes_effect(cast: Cast) -> None:
    leader = cast.users["leader"]
    r = _client(cast, "admin").post(
        f"/people/users/{leader.pk}/",
        {"unit": cast.units["A"].pk, "role": "unit_editor"},
        follow=True,
    )
    assert _messages(r) == ["已更新“leader”的单位和角色。"]
    assert Membership.objects.get(user=leader).role == Role.UNIT_EDITOR
    change = AccountChange.objects.get()
    assert change.detail == "测试县政法委本级 · 单位负责人 → 测试县政法委本级 · 单位填报"


def test_the_admin_cannot_demote_or_deactivate_themself(cast: Cast) -> None:
    admin = cast.users["admin"]
    c = _client(cast, "admin")
    r = c.post(f"/people/users/{admin.pk}/", {"unit": cast.units["F"].pk, "role": "auditor"})
    assert "不能修改自己的角色" in r.content.decode()
    r = c.post(f"/people/users/{admin.pk}/active/", {"active": "0"}, follow=True)
    assert _messages(r) == ["未修改：不能停用自己的账号"]
    admin.refresh_from_db()
    assert admin.is_active
    assert admin.membership.role == "admin"


def test_a_deactivated_user_can_neither_log_in_nor_use_a_token(cast: Cast) -> None:
    editor = cast.users["editor"]
    _token, key = Token.issue(editor, "对接")
    assert Client().get("/api/plans", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    r = _client(cast, "admin").post(
        f"/people/users/{editor.pk}/active/", {"active": "0"}, follow=True
    )
    assert "已停用账号“editor”" in _messages(r)[0]
    assert not _can_log_in("editor", PASSWORD)
    assert Client().get("/api/plans", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    _client(cast, "admin").post(f"/people/users/{editor.pk}/active/", {"active": "1"})
    assert _can_log_in("editor", PASSWORD)
    kinds = list(AccountChange.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["user_deactivated", "user_reactivated"]


def test_another_regions_admin_gets_404_for_this_regions_users(cast: Cast) -> None:
    other_admin = User.objects.create_user("admin2", password=PASSWORD)
    Membership.objects.create(user=other_admin, unit=cast.units["F2"], role=Role.ADMIN)
    c = Client()
    c.force_login(other_admin)
    editor = cast.users["editor"]
    assert c.get(f"/people/users/{editor.pk}/").status_code == 404
    assert c.post(f"/people/users/{editor.pk}/active/", {"active": "0"}).status_code == 404
    page = c.get("/people/").content.decode()
    assert "editor" not in by_id(page, "people-users").text
    # nor can it invite into, or add a unit under, this region's units
    r = c.post(
        "/people/users/invite/",
        {"username": "x2", "unit": cast.units["A"].pk, "role": "unit_editor"},
    )
    assert "unit" in r.context["form"].errors  # not a choice: outside its region
    r = c.post(
        "/people/units/add/",
        {"name": "新单位", "kind": "unit", "parent": cast.units["S"].pk},
    )
    assert "parent" in r.context["form"].errors
    editor.refresh_from_db()
    assert editor.is_active
    assert not User.objects.filter(username="x2").exists()


@pytest.mark.parametrize("who", ["editor", "supervisor", "finance", "auditor", "other_region"])
def test_nobody_else_manages_people_nor_sees_the_link(cast: Cast, who: str) -> None:
    c = _client(cast, who)
    assert c.get("/people/").status_code == 403
    assert c.post("/people/units/add/", {"name": "x", "kind": "unit"}).status_code == 403
    assert not Unit.objects.filter(name="x").exists()
    assert "/people/" not in c.get("/todo/").content.decode()


def test_the_admin_sees_the_people_link(cast: Cast) -> None:
    assert 'href="/people/"' in _client(cast, "admin").get("/todo/").content.decode()


def test_a_user_issues_and_revokes_own_tokens_recorded(cast: Cast) -> None:
    c = _client(cast, "finance")
    r = c.post("/account/tokens/", {"name": "财务系统对接"})
    key = by_id(r.content.decode(), "new-token-key").attr("value")
    assert key is not None
    assert re.fullmatch(r"jx_[\w-]{30,}", key)
    assert c.get("/api/plans", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    assert key not in c.get("/account/tokens/").content.decode()  # shown once
    token = Token.objects.get(user=cast.users["finance"])
    # another user cannot revoke it
    assert _client(cast, "admin").post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    r = c.post(f"/account/tokens/{token.pk}/revoke/", follow=True)
    assert "已吊销令牌" in _messages(r)[0]
    assert Client().get("/api/plans", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    kinds = list(AccountChange.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["token_issued", "token_revoked"]
    assert set(AccountChange.objects.values_list("region", flat=True)) == {cast.region.pk}


def test_unit_kinds_offered_match_the_model() -> None:
    assert {k for k, _l in UnitKind.choices} == {"finance", "supervisor", "unit"}
