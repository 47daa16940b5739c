"""Each role's pages say the right thing to it and offer only what it may do.

For every role of the cast: the page it lands on after login (title and heading), the
actions of the region overview and the plan page, and the message after a comment. An
action a page does not offer is also refused by the server (the permission matrix has the
full table; here the pairs page ↔ server are checked side by side).
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.base import Cast
from tests.web.html import by_id, find_all


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def _title(html: str) -> str:
    return find_all(html, "//title")[0].text


#: Where each role lands after login, and the page's title there.
LANDING = {
    "editor": "测试县政法委本级",
    "leader": "测试县政法委本级",
    "other": "测试县第一中学",
    "supervisor": "本部门单位总览",
    "finance": "财政总览",
    "auditor": "财政总览",
    "admin": "财政总览",
    "other_region": "财政总览",
}


@pytest.mark.parametrize("who", sorted(LANDING))
def test_each_role_lands_on_a_page_titled_for_it(cast: Cast, who: str) -> None:
    r = _client(cast, who).get("/", follow=True)
    assert r.status_code == 200
    html = r.content.decode()
    assert _title(html).startswith(LANDING[who])
    nav = find_all(html, "//nav[@class='nav']")[0].text
    if who == "supervisor":
        assert "财政总览" not in html  # neither title, heading nor navigation
        assert "本部门单位总览" in nav
    elif LANDING[who] == "财政总览":
        assert "财政总览" in nav


@pytest.mark.parametrize(
    ("who", "may"),
    [("supervisor", False), ("auditor", False), ("finance", True), ("admin", True)],
)
def test_check_all_is_offered_only_to_who_may_run_it(cast: Cast, who: str, may: bool) -> None:
    c = _client(cast, who)
    html = c.get("/finance/").content.decode()
    assert ("全部重新审核" in html) is may
    r = c.post("/finance/check/")
    assert r.status_code == (302 if may else 403)
    if may:
        assert "已重新审核 2 份绩效目标" in c.get(r["Location"]).content.decode()


@pytest.mark.parametrize(
    ("who", "edits"),
    [
        ("editor", True),
        ("admin", True),
        ("leader", False),
        ("supervisor", False),
        ("finance", False),
        ("auditor", False),
    ],
)
def test_plan_page_links_to_fix_only_for_who_may_edit(cast: Cast, who: str, edits: bool) -> None:
    c = _client(cast, who)
    html = c.get(f"/plans/{cast.plan_a.pk}/").content.decode()
    findings = by_id(html, "plan-findings").text
    assert ("去修改" in findings) is edits
    assert ("查看 →" in findings) is not edits
    project = cast.plan_a.projects.order_by("position")[0]
    r = c.get(f"/plans/{cast.plan_a.pk}/projects/{project.pk}/edit/")
    assert r.status_code == (200 if edits else 403)


def test_submit_blocked_list_offers_fixing_only_to_the_editor(cast: Cast) -> None:
    """The leader may submit but not edit: the errors that block it link to read, not fix."""
    from jixiao.web.plans.models import Plan

    version = Plan.objects.get(pk=cast.plan_a.pk).version
    for who, word in (("editor", "去修改"), ("leader", "查看")):
        c = _client(cast, who)
        r = c.post(
            f"/plans/{cast.plan_a.pk}/transition/",
            {"action": "submit", "version": version},
            follow=True,
        )
        blocked = by_id(r.content.decode(), "submit-blocked").text
        assert word in blocked
        assert ("去修改" in blocked) is (who == "editor")


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("editor", "回复已保存，审核人员可在对应位置看到。"),
        ("leader", "回复已保存，审核人员可在对应位置看到。"),
        ("supervisor", "意见已保存，单位可在对应位置看到。"),
        ("finance", "意见已保存，单位可在对应位置看到。"),
    ],
)
def test_comment_message_fits_who_wrote_it(cast: Cast, who: str, message: str) -> None:
    r = _client(cast, who).post(
        f"/plans/{cast.plan_a.pk}/comments/", {"text": "请核实成本依据"}, follow=True
    )
    assert r.status_code == 200
    assert [str(m) for m in r.context["messages"]] == [message]


@pytest.mark.parametrize("who", ["auditor", "admin"])
def test_readers_are_not_offered_a_comment_box_and_are_refused(cast: Cast, who: str) -> None:
    c = _client(cast, who)
    html = c.get(f"/plans/{cast.plan_a.pk}/").content.decode()
    assert "comment-form" not in html
    r = c.post(f"/plans/{cast.plan_a.pk}/comments/", {"text": "请核实"})
    assert r.status_code == 403


def test_the_charts_bundle_is_loaded_only_with_a_chart(cast: Cast) -> None:
    from jixiao.web.plans.models import Plan

    c = _client(cast, "finance")
    Plan.objects.update(error_count=3, warning_count=1)
    html = c.get("/finance/").content.decode()
    assert 'id="chart"' in html
    assert "echarts.simple.min.js" in html
    Plan.objects.update(error_count=0, warning_count=0)
    html = c.get("/finance/").content.decode()
    assert 'id="chart"' not in html
    assert "echarts" not in html
    for page in ("/todo/", "/finance/deadlines/", f"/plans/{cast.plan_a.pk}/"):
        assert "echarts" not in c.get(page).content.decode()


@pytest.mark.parametrize(("who", "button"), [("editor", "发送回复"), ("supervisor", "发送意见")])
def test_the_comment_button_says_reply_to_the_unit(cast: Cast, who: str, button: str) -> None:
    html = _client(cast, who).get(f"/plans/{cast.plan_a.pk}/").content.decode()
    form = find_all(html, "//form[@class='comment-form']")[0]
    assert form.find_all(".//button")[0].text == button
