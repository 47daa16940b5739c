"""The department targets editor (部门整体绩效目标) and its promise extraction."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jixiao.web.plans.models import Plan
from jixiao.web.plans.services import editing
from jixiao.web.plans.services.findings import plan_findings
from jixiao.web.plans.services.history import plan_history
from tests.web.base import Cast
from tests.web.formdata import add_rows, form_data, loaded_form
from tests.web.html import by_id

pytestmark = pytest.mark.django_db


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def _url(cast: Cast, action: str = "edit") -> str:
    return f"/plans/{cast.plan_a.pk}/targets/{action}/"


def _plan(cast: Cast) -> Plan:
    return Plan.objects.get(pk=cast.plan_a.pk)


def _loaded(c: Client, url: str, **changes: str) -> dict[str, str]:
    return loaded_form(c, url, "targets-form", **changes)


def _targets(items: list[Any]) -> list[tuple[str | None, str | None]]:
    return [(i["name"], i["target"]) for i in items]


def test_page_shows_the_targets_and_the_promises_found_in_them(cast: Cast) -> None:
    r = _client(cast, "editor").get(_url(cast))
    assert r.status_code == 200
    html = r.content.decode()
    data = form_data(html, "targets-form")
    assert data["goal"].startswith("2024年使群众对社会治安状况满意度达到90%以上")
    assert data["sg-0-title"] == "加快巨鹿县综治工作建设，维护社会稳定，有效防控风险"
    assert data["sg-TOTAL_FORMS"] == "2"
    assert data["ms-0-title"] == "严格执行预算，强化预算约束"
    assert "≥90%" in by_id(html, "overall-promises").text
    assert "≥4.5%" in by_id(html, "sg-0-promises").text


def test_saving_stores_the_texts_and_the_re_extracted_promises(cast: Cast) -> None:
    c = _client(cast, "editor")
    v = _plan(cast).version
    data = _loaded(
        c,
        _url(cast),
        goal="使群众对社会治安状况满意度达到95%以上，网络正常使用不少于365天。",
        **{"sg-0-indicator_text": "矛盾纠纷化解率达到98%以上", "ms-1-text": "优化考评机制。"},
    )
    data["sg-1-DELETE"] = "on"
    add_rows(
        data,
        "sg",
        {
            "title": "加强平安建设宣传",
            "goal": "开展宣传活动",
            "indicator_text": "宣传活动不少于12场",
        },
    )
    add_rows(data, "ms", {"title": "加强督导", "text": "每季度督导一次。"})
    r = c.post(_url(cast), data)
    assert r.status_code == 302
    assert r["Location"] == f"/plans/{cast.plan_a.pk}/#targets"
    plan = _plan(cast)
    assert plan.version == v + 1
    o = plan.overall
    assert o["goal"] == "使群众对社会治安状况满意度达到95%以上，网络正常使用不少于365天。"
    assert _targets(o["indicators"]) == [
        ("群众对社会治安状况满意度", "≥95%"),
        ("网络正常使用", "≥365天"),
    ]
    titles = [s["title"] for s in o["subgoals"]]
    assert titles == ["加快巨鹿县综治工作建设，维护社会稳定，有效防控风险", "加强平安建设宣传"]
    assert ("矛盾纠纷化解率", "≥98%") in _targets(o["subgoals"][0]["indicators"])
    assert _targets(o["subgoals"][1]["indicators"]) == [("宣传活动", "≥12场")]
    assert o["measures"][1]["text"] == "优化考评机制。"
    assert o["measures"][-1] == {"title": "加强督导", "text": "每季度督导一次。"}
    # audited
    history = plan_history(plan)
    entry = next(e for e in history if e.field == "部门整体绩效目标")
    assert (entry.who, entry.action) == ("editor", "修改")
    assert entry.new == "使群众对社会治安状况满意度达到95%以上，网络正常使用不少于365天。"
    # each changed part is its own line, readable as written
    fields = {e.field: (e.old, e.new) for e in history if e.when == entry.when}
    assert fields["分目标2 · 标题"][1] == "加强平安建设宣传"
    assert fields["工作措施2"][1] is not None
    assert fields["工作措施2"][1].endswith("优化考评机制。")
    assert fields[f"工作措施{len(o['measures'])}"] == (None, "加强督导 每季度督导一次。")
    # the plan page shows the promises
    html = c.get(f"/plans/{cast.plan_a.pk}/").content.decode()
    assert "已保存部门整体绩效目标，识别出" in html
    assert "≥95%" in html
    assert "≥12场" in html


def test_a_section_whose_text_is_unchanged_keeps_its_promises(cast: Cast) -> None:
    """Promises carried by an imported file stay until their sub-goal's text is edited."""
    plan = cast.plan_a
    overall = dict(plan.overall)
    overall["subgoals"] = [dict(s) for s in overall["subgoals"]]
    curated = [{"name": "社会安全感", "target": "≥4.5%"}]
    overall["subgoals"][0]["indicators"] = curated
    overall["subgoals"][0]["reviewer_note"] = "县委要求"  # a field this editor does not show
    editing.update_plan(plan, {"overall": overall}, user=None, expected_version=plan.version)
    c = _client(cast, "editor")
    r = c.post(_url(cast), _loaded(c, _url(cast), **{"ms-0-text": "另写的措施。"}))
    assert r.status_code == 302
    sg0 = _plan(cast).overall["subgoals"][0]
    assert _targets(sg0["indicators"]) == [("社会安全感", "≥4.5%")]
    assert sg0["reviewer_note"] == "县委要求"
    # editing the text re-extracts
    r = c.post(_url(cast), _loaded(c, _url(cast), **{"sg-0-indicator_text": "安全感达到80%"}))
    assert r.status_code == 302
    sg0 = _plan(cast).overall["subgoals"][0]
    assert _targets(sg0["indicators"]) == [("安全感", "≥80%")]
    assert sg0["reviewer_note"] == "县委要求"


def test_saving_without_changes_writes_nothing(cast: Cast) -> None:
    c = _client(cast, "editor")
    v = _plan(cast).version
    r = c.post(_url(cast), _loaded(c, _url(cast)), follow=True)
    assert "没有需要保存的修改" in r.content.decode()
    assert _plan(cast).version == v


def test_targets_can_be_written_for_a_plan_that_had_none(cast: Cast) -> None:
    plan = cast.plan_b
    assert plan.overall is None
    c = _client(cast, "other")
    url = f"/plans/{plan.pk}/targets/edit/"
    data = _loaded(c, url, goal="教学质量稳步提升，学生满意度达到90%以上。")
    add_rows(data, "sg", {"title": "提升教学质量", "goal": "", "indicator_text": "合格率达到95%"})
    r = c.post(url, data)
    assert r.status_code == 302
    saved = Plan.objects.get(pk=plan.pk).overall
    assert _targets(saved["indicators"]) == [("教学质量", "稳步提升"), ("学生满意度", "≥90%")]
    assert _targets(saved["subgoals"][0]["indicators"]) == [("合格率", "≥95%")]


def test_invalid_input_is_refused_and_nothing_is_saved(cast: Cast) -> None:
    c = _client(cast, "editor")
    v = _plan(cast).version
    r = c.post(_url(cast), _loaded(c, _url(cast), goal="新的总目标", **{"sg-0-title": "长" * 501}))
    assert r.status_code == 200
    html = r.content.decode()
    assert "未保存：请按标出的提示修改后再保存" in html
    assert "500" in html  # Django's max_length message names the limit
    assert form_data(html, "targets-form")["goal"] == "新的总目标"
    assert _plan(cast).version == v


def test_a_stale_form_is_refused_and_keeps_the_input(cast: Cast) -> None:
    c = _client(cast, "editor")
    data = _loaded(c, _url(cast), goal="我写的总目标：满意度达到97%以上。")
    plan = cast.plan_a
    overall = dict(plan.overall)
    overall["goal"] = "他人写的总目标"
    editing.update_plan(
        plan, {"overall": overall}, user=cast.users["admin"], expected_version=plan.version
    )
    v = _plan(cast).version
    r = c.post(_url(cast), data)
    assert r.status_code == 409
    html = r.content.decode()
    assert "计划已被他人修改" in html
    assert "他人写的总目标" in html  # what was saved meanwhile, for comparison
    shown = form_data(html, "targets-form")
    assert shown["goal"] == "我写的总目标：满意度达到97%以上。"
    assert shown["version"] == str(v)
    assert _plan(cast).overall["goal"] == "他人写的总目标"
    # the promise preview reflects the typed text
    assert "≥97%" in by_id(html, "overall-promises").text


def test_preview_returns_the_promises_of_the_typed_text(cast: Cast) -> None:
    c = _client(cast, "editor")
    r = c.post(
        _url(cast, "preview"),
        {"prefix": "sg-4", "sg-4-goal": "调解成功率达到96%以上", "sg-4-indicator_text": ""},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "调解成功率" in html
    assert "≥96%" in html
    assert "<html" not in html  # a fragment
    r = c.post(_url(cast, "preview"), {"prefix": "", "goal": "没有数字的目标"})
    assert "未识别到量化承诺" in r.content.decode()


def test_findings_on_promises_are_shown_beside_them(cast: Cast) -> None:
    """A trend without a number (逐步增加) is reported by the checker next to its promise."""
    c = _client(cast, "editor")
    r = c.post(_url(cast), _loaded(c, _url(cast), goal="群众安全感逐步增加。"))
    assert r.status_code == 302
    findings = [f for f in plan_findings(_plan(cast)) if f.project is None]
    overall = [f for f in findings if f.extra.get("section") == "overall"]
    assert overall, "the checker reports the unmeasurable promise"
    html = c.get(_url(cast)).content.decode()
    box = by_id(html, "overall-promises")
    assert box.find_all(f".//*[@data-rule='{overall[0].rule}']")


def test_it_refuses_other_unit(cast: Cast) -> None:
    c = _client(cast, "other")
    assert c.get(_url(cast)).status_code == 404
    assert c.post(_url(cast), {"version": 1, "goal": "x"}).status_code == 404
    assert c.post(_url(cast, "preview"), {"goal": "x"}).status_code == 404


@pytest.mark.parametrize("who", ["auditor", "finance", "leader", "supervisor"])
def test_it_requires_write_access(cast: Cast, who: str) -> None:
    data = _loaded(_client(cast, "editor"), _url(cast), goal="改写")
    c = _client(cast, who)
    assert c.get(_url(cast)).status_code == 403
    assert c.post(_url(cast), data).status_code == 403
    assert c.post(_url(cast, "preview"), {"goal": "x"}).status_code == 403
    assert _plan(cast).overall["goal"] != "改写"


def test_it_rejects_get_for_the_preview(cast: Cast) -> None:
    assert _client(cast, "editor").get(_url(cast, "preview")).status_code == 405


def test_clearing_everything_leaves_no_department_targets(cast: Cast) -> None:
    c = _client(cast, "editor")
    data = _loaded(c, _url(cast), goal="")
    for key in list(data):
        if key.endswith("-title"):
            data[key.replace("-title", "-DELETE")] = "on"
    r = c.post(_url(cast), data)
    assert r.status_code == 302
    assert _plan(cast).overall is None
    assert "未填写部门整体绩效目标" in c.get(f"/plans/{cast.plan_a.pk}/").content.decode()
