"""The project header editor (budget, spending plan, goals), adding and deleting projects."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from jixiao.web.plans.models import Plan, Project
from jixiao.web.plans.services import editing
from jixiao.web.plans.services.history import plan_history
from tests.web.base import Cast
from tests.web.formdata import add_rows, form_data, loaded_form
from tests.web.html import by_id

pytestmark = pytest.mark.django_db


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def _project(cast: Cast) -> Project:
    project = cast.plan_a.projects.order_by("position").first()
    assert project is not None
    return project


def _url(cast: Cast, project: Project, action: str = "edit") -> str:
    return f"/plans/{cast.plan_a.pk}/projects/{project.pk}/{action}/"


def _version(cast: Cast) -> int:
    return Plan.objects.get(pk=cast.plan_a.pk).version


def _loaded(c: Client, url: str, **changes: str) -> dict[str, str]:
    return loaded_form(c, url, "project-form", **changes)


# --- the edit page -----------------------------------------------------------------------


def test_edit_page_shows_the_stored_header_in_wanyuan(cast: Cast) -> None:
    p = _project(cast)
    r = _client(cast, "editor").get(_url(cast, p))
    assert r.status_code == 200
    data = form_data(r.content.decode(), "project-form")
    assert data["code"] == "13052924P005840118481"
    assert data["name"] == "村级综治视联网线路租赁费和设备维护费"
    assert (data["budget_total"], data["budget_fiscal"], data["budget_other"]) == (
        "96.00",
        "96.00",
        "",
    )
    assert data["purpose"] == "支付租赁费维护费项目尾款"
    months = [(data[f"sp-{i}-month"], data[f"sp-{i}-percent"]) for i in range(4)]
    assert months == [("3", "25"), ("6", "50"), ("10", "75"), ("12", "100")]
    assert [data[f"goal-{i}-text"] for i in range(3)] == [
        "租用线路291条",
        "保障按时维护",
        "保障维护质量",
    ]
    assert data["version"] == str(_version(cast))


def test_saving_changes_budget_spending_plan_and_goals_with_history(cast: Cast) -> None:
    p = _project(cast)
    c = _client(cast, "editor")
    v = _version(cast)
    data = _loaded(c, _url(cast, p), budget_total="100", budget_fiscal="80.00", budget_other="20")
    data["sp-2-DELETE"] = "on"  # drop the 10月 row
    add_rows(data, "sp", {"month": "9", "percent": "70%"})
    data["goal-1-DELETE"] = "on"
    add_rows(data, "goal", {"text": "线路故障24小时内修复"})
    r = c.post(_url(cast, p), data)
    assert r.status_code == 302
    assert r["Location"] == f"/plans/{cast.plan_a.pk}/projects/{p.pk}/"
    p.refresh_from_db()
    assert (p.budget_total, p.budget_fiscal, p.budget_other) == (
        Decimal(100),
        Decimal(80),
        Decimal(20),
    )
    assert p.written["fiscal"] == "80.00"  # the digits as typed
    assert p.spending_plan == [
        {"month": 3, "percent": "25"},
        {"month": 6, "percent": "50"},
        {"month": 9, "percent": "70"},
        {"month": 12, "percent": "100"},
    ]
    assert p.goals == ["租用线路291条", "保障维护质量", "线路故障24小时内修复"]
    assert _version(cast) == v + 1
    # audited: one project history row by the editor, field-level lines in the plan history
    last = p.history.order_by("-history_id").first()
    assert last is not None
    assert last.history_user == cast.users["editor"]
    entries = plan_history(cast.plan_a)
    changed = {e.field: (e.old, e.new, e.who) for e in entries if e.action == "修改"}
    assert changed["预算数"] == ("96", "100", "editor")
    assert changed["财政资金"] == ("96", "80", "editor")
    assert changed["其他资金"] == (None, "20", "editor")
    # JSON columns are shown as written, part by part
    assert changed["资金支出计划"][0] == "3月25%，6月50%，10月75%，12月100%"
    assert changed["绩效目标2"] == ("保障按时维护", "保障维护质量", "editor")
    assert changed["绩效目标3"] == ("保障维护质量", "线路故障24小时内修复", "editor")


def test_unchanged_fields_keep_their_written_digits(cast: Cast) -> None:
    """Only what was changed is saved: 96.00 stays "96.00" when the name is edited."""
    p = _project(cast)
    c = _client(cast, "editor")
    Project.objects.filter(pk=p.pk).update(written={"total": "96", "fiscal": "96.0"})
    r = c.post(_url(cast, p), _loaded(c, _url(cast, p), name="村级综治视联网线路租赁及维护"))
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.name == "村级综治视联网线路租赁及维护"
    assert p.written == {"total": "96", "fiscal": "96.0"}
    assert [e.field for e in plan_history(cast.plan_a) if e.action == "修改"] == ["项目名称"]


def test_saving_without_changes_writes_nothing(cast: Cast) -> None:
    p = _project(cast)
    c = _client(cast, "editor")
    v = _version(cast)
    n = p.history.count()
    r = c.post(_url(cast, p), _loaded(c, _url(cast, p)), follow=True)
    assert "没有需要保存的修改" in r.content.decode()
    assert _version(cast) == v
    assert p.history.count() == n


def test_budget_that_does_not_add_up_is_saved_and_flagged_beside_the_budget(cast: Cast) -> None:
    p = _project(cast)
    c = _client(cast, "editor")
    r = c.post(_url(cast, p), _loaded(c, _url(cast, p), budget_fiscal="90", budget_other="1"))
    # saved, but back to the form: the checker objects to what was just typed
    assert r.status_code == 302
    assert r["Location"] == _url(cast, p)
    p.refresh_from_db()
    assert p.budget_fiscal == Decimal(90)
    r = c.get(r["Location"])
    html = r.content.decode()
    assert "审核发现" in html
    budget = by_id(html, "budget")
    assert budget.find_all(".//*[@data-rule='budget-sum']")
    assert "与预算数 96.00 不符" in budget.text


def test_spending_plan_problems_are_shown_beside_the_spending_plan(cast: Cast) -> None:
    p = _project(cast)
    c = _client(cast, "editor")
    r = c.post(_url(cast, p), _loaded(c, _url(cast, p), **{"sp-3-percent": "90"}), follow=True)
    html = r.content.decode()
    spending = by_id(html, "spending")
    assert spending.find_all(".//*[@data-rule='spending-plan']")
    assert "未达到100%" in spending.text


@pytest.mark.parametrize(
    ("changes", "field_error"),
    [
        ({"budget_total": "九十六"}, "“九十六”不是金额"),
        ({"budget_fiscal": "-5"}, "金额不能为负数"),
        ({"budget_total": "960000元"}, "本计划金额单位为万元"),
        ({"budget_other": "1.1234567"}, "小数位数过多"),
        ({"sp-0-percent": "二成"}, "请填写百分比数字"),
        ({"sp-1-month": "3"}, "3月重复出现"),
        ({"sp-1-percent": ""}, "请填写截至该月底的累计支出比例"),
        ({"code": "", "name": ""}, "请填写项目名称"),
    ],
)
def test_invalid_input_is_refused_next_to_the_field_and_nothing_is_saved(
    cast: Cast, changes: dict[str, str], field_error: str
) -> None:
    p = _project(cast)
    c = _client(cast, "editor")
    v = _version(cast)
    data = _loaded(c, _url(cast, p), **changes)
    r = c.post(_url(cast, p), data)
    assert r.status_code == 200
    html = r.content.decode()
    assert "未保存：请按标出的提示修改后再保存" in html
    assert field_error in html
    assert 'class="errorlist' in html
    # what was typed is still in the form
    shown = form_data(html, "project-form")
    for key, value in changes.items():
        assert shown.get(key, "") == value
    assert _version(cast) == v
    p.refresh_from_db()
    assert p.budget_total == Decimal(96)


def test_a_code_used_by_another_project_is_refused(cast: Cast) -> None:
    first, second = cast.plan_a.projects.order_by("position")[:2]
    c = _client(cast, "editor")
    r = c.post(_url(cast, second), _loaded(c, _url(cast, second), code=first.code or ""))
    assert r.status_code == 200
    assert f"项目编码已被本计划的项目“{first.name}”使用" in r.content.decode()


def test_a_stale_form_is_refused_keeps_the_input_and_shows_what_was_saved(cast: Cast) -> None:
    p = _project(cast)
    c = _client(cast, "editor")
    data = _loaded(c, _url(cast, p), budget_total="99", purpose="我的修改")
    # meanwhile the admin changes the budget
    editing.update_project(
        p, {"budget_total": "97"}, user=cast.users["admin"], expected_version=_version(cast)
    )
    v = _version(cast)
    r = c.post(_url(cast, p), data)
    assert r.status_code == 409
    html = r.content.decode()
    assert "计划已被他人修改" in html
    shown = form_data(html, "project-form")
    assert shown["budget_total"] == "99"
    assert shown["purpose"] == "我的修改"
    assert shown["version"] == str(v)  # saving again is a deliberate overwrite
    assert "他人已保存为：97.00" in html
    p.refresh_from_db()
    assert p.budget_total == Decimal(97)
    assert p.purpose == "支付租赁费维护费项目尾款"
    # the user checks and saves again: now it goes through
    r = c.post(_url(cast, p), shown)
    assert r.status_code == 302
    p.refresh_from_db()
    assert (p.budget_total, p.purpose) == (Decimal(99), "我的修改")


def test_unknown_fields_of_spending_points_survive_an_edit(cast: Cast) -> None:
    p = _project(cast)
    points = [dict(pt) for pt in p.spending_plan]
    points[0]["note"] = "一季度"
    Project.objects.filter(pk=p.pk).update(spending_plan=points)
    c = _client(cast, "editor")
    r = c.post(_url(cast, p), _loaded(c, _url(cast, p), **{"sp-0-percent": "20"}))
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.spending_plan[0] == {"month": 3, "percent": "20", "note": "一季度"}


# --- links -------------------------------------------------------------------------------


def test_editors_see_the_links_and_readers_do_not(cast: Cast) -> None:
    p = _project(cast)
    plan_url = f"/plans/{cast.plan_a.pk}/"
    project_url = f"/plans/{cast.plan_a.pk}/projects/{p.pk}/"
    for who in ("editor", "admin"):
        c = _client(cast, who)
        html = c.get(plan_url).content.decode()
        assert 'id="add-project"' in html
        assert 'id="edit-targets"' in html
        assert _url(cast, p, "delete") in html
        assert 'id="edit-project"' in c.get(project_url).content.decode()
    for who in ("leader", "supervisor", "finance", "auditor"):
        c = _client(cast, who)
        html = c.get(plan_url).content.decode()
        assert 'id="add-project"' not in html
        assert 'id="edit-targets"' not in html
        assert _url(cast, p, "edit") not in html
        assert 'id="edit-project"' not in c.get(project_url).content.decode()


def test_links_disappear_when_the_plan_is_no_longer_editable(cast: Cast) -> None:
    Plan.objects.filter(pk=cast.plan_a.pk).update(status="submitted")
    html = _client(cast, "editor").get(f"/plans/{cast.plan_a.pk}/").content.decode()
    assert 'id="add-project"' not in html
    assert 'id="edit-targets"' not in html


# --- add ---------------------------------------------------------------------------------


def test_adding_a_project_appends_it_and_opens_its_page(cast: Cast) -> None:
    c = _client(cast, "editor")
    url = f"/plans/{cast.plan_a.pk}/projects/add/"
    data = _loaded(c, url, code="P-NEW", name="矛盾纠纷调解经费", budget_total="12.5")
    data["budget_fiscal"] = "12.5"
    add_rows(data, "sp", {"month": "6", "percent": "50"}, {"month": "12", "percent": "100"})
    add_rows(data, "goal", {"text": "调解纠纷300件"})
    n = cast.plan_a.projects.count()
    r = c.post(url, data)
    assert r.status_code == 302
    new = cast.plan_a.projects.get(code="P-NEW")
    assert r["Location"] == f"/plans/{cast.plan_a.pk}/projects/{new.pk}/"
    assert new.position == n
    assert new.budget_total == Decimal("12.5")
    assert new.spending_plan == [{"month": 6, "percent": "50"}, {"month": 12, "percent": "100"}]
    assert new.goals == ["调解纠纷300件"]
    record = new.history.get()
    assert (record.history_type, record.history_user) == ("+", cast.users["editor"])
    page = c.get(r["Location"]).content.decode()
    assert "已添加项目“矛盾纠纷调解经费”" in page


def test_a_new_project_needs_a_name_or_code(cast: Cast) -> None:
    c = _client(cast, "editor")
    url = f"/plans/{cast.plan_a.pk}/projects/add/"
    n = cast.plan_a.projects.count()
    r = c.post(url, _loaded(c, url, budget_total="3"))
    assert r.status_code == 200
    assert "请填写项目名称" in r.content.decode()
    assert cast.plan_a.projects.count() == n


def test_adding_from_a_stale_page_is_refused(cast: Cast) -> None:
    c = _client(cast, "editor")
    url = f"/plans/{cast.plan_a.pk}/projects/add/"
    data = _loaded(c, url, name="新项目")
    editing.update_project(
        _project(cast), {"purpose": "x"}, user=cast.users["admin"], expected_version=_version(cast)
    )
    n = cast.plan_a.projects.count()
    r = c.post(url, data)
    assert r.status_code == 409
    assert form_data(r.content.decode(), "project-form")["name"] == "新项目"
    assert cast.plan_a.projects.count() == n


# --- delete ------------------------------------------------------------------------------


def test_delete_asks_first_then_deletes_on_post_with_history(cast: Cast) -> None:
    p = _project(cast)
    c = _client(cast, "editor")
    n = cast.plan_a.projects.count()
    r = c.get(_url(cast, p, "delete"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "删除项目“村级综治视联网线路租赁费和设备维护费”？" in html
    assert "7 条绩效指标" in html
    assert cast.plan_a.projects.count() == n  # GET deletes nothing
    r = c.post(_url(cast, p, "delete"), {"version": _version(cast)})
    assert r.status_code == 302
    assert r["Location"] == f"/plans/{cast.plan_a.pk}/"
    assert cast.plan_a.projects.count() == n - 1
    assert [q.position for q in cast.plan_a.projects.order_by("position")] == list(range(n - 1))
    removed = Project.history.filter(id=p.pk, history_type="-").get()
    assert removed.history_user == cast.users["editor"]
    html = c.get(r["Location"]).content.decode()
    assert "已删除项目“村级综治视联网线路租赁费和设备维护费”" in html


def test_delete_from_a_stale_page_is_refused(cast: Cast) -> None:
    p = _project(cast)
    c = _client(cast, "editor")
    v = _version(cast)
    editing.update_project(p, {"purpose": "x"}, user=cast.users["admin"], expected_version=v)
    r = c.post(_url(cast, p, "delete"), {"version": v})
    assert r.status_code == 409
    assert "计划已被他人修改" in r.content.decode()
    assert Project.objects.filter(pk=p.pk).exists()


def test_delete_without_a_version_is_refused(cast: Cast) -> None:
    p = _project(cast)
    r = _client(cast, "editor").post(_url(cast, p, "delete"), {})
    assert r.status_code == 400
    assert Project.objects.filter(pk=p.pk).exists()


# --- access ------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_it_refuses_other_unit(cast: Cast, action: str) -> None:
    p = _project(cast)
    c = _client(cast, "other")
    assert c.get(_url(cast, p, action)).status_code == 404
    assert c.post(_url(cast, p, action), {"version": _version(cast)}).status_code == 404
    assert c.get(f"/plans/{cast.plan_a.pk}/projects/add/").status_code == 404


@pytest.mark.parametrize("who", ["auditor", "finance", "leader", "supervisor"])
def test_it_requires_write_access(cast: Cast, who: str) -> None:
    p = _project(cast)
    c = _client(cast, who)
    data = _loaded(_client(cast, "editor"), _url(cast, p), budget_total="1")
    assert c.get(_url(cast, p)).status_code == 403
    assert c.post(_url(cast, p), data).status_code == 403
    assert c.post(_url(cast, p, "delete"), {"version": _version(cast)}).status_code == 403
    assert c.get(f"/plans/{cast.plan_a.pk}/projects/add/").status_code == 403
    assert c.post(f"/plans/{cast.plan_a.pk}/projects/add/", data).status_code == 403
    p.refresh_from_db()
    assert p.budget_total == Decimal(96)


def test_a_plan_that_is_no_longer_editable_cannot_be_edited(cast: Cast) -> None:
    p = _project(cast)
    c = _client(cast, "editor")
    data = _loaded(c, _url(cast, p), budget_total="1")
    Plan.objects.filter(pk=cast.plan_a.pk).update(status="submitted")
    assert c.get(_url(cast, p)).status_code == 403
    assert c.post(_url(cast, p), data).status_code == 403
    p.refresh_from_db()
    assert p.budget_total == Decimal(96)


def test_a_project_of_another_plan_is_not_found_under_this_plan(cast: Cast) -> None:
    other = cast.plan_b.projects.get()
    c = _client(cast, "editor")
    assert c.get(f"/plans/{cast.plan_a.pk}/projects/{other.pk}/edit/").status_code == 404


def test_it_rejects_other_methods(cast: Cast) -> None:
    p = _project(cast)
    c = _client(cast, "editor")
    assert c.put(_url(cast, p)).status_code == 405
    assert c.delete(_url(cast, p, "delete")).status_code == 405


def test_the_editors_speak_english_when_asked(cast: Cast) -> None:
    p = _project(cast)
    c = _client(cast, "editor")
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = c.get(_url(cast, p)).content.decode()
    assert "Edit project details" in html
    assert "Add period" in html
    r = c.post(_url(cast, p), _loaded(c, _url(cast, p), budget_total="九十六"))
    assert "is not an amount" in r.content.decode()
    html = c.get(f"/plans/{cast.plan_a.pk}/targets/edit/").content.decode()
    assert "Edit department targets" in html
    assert "Quantified promises found" in html
