"""The review workflow on the pages: action bar, transitions per role, comments, versions.

Plan A (unit A, supervised by S) starts as a draft with two error findings; ``_fix``
corrects them through the service, as the unit would in the editor, so it can be
submitted. States are reached through ``transition`` (tested on its own in
``test_workflow``); the pages are tested here through the views, each action as every
role of the cast.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jixiao.core.workflow import Action, Role
from jixiao.web.orgs.models import Membership, Unit
from jixiao.web.plans.models import Indicator, Plan, ReviewComment, Transition
from jixiao.web.plans.review.comments import add_comment
from jixiao.web.plans.review.transitions import transition
from jixiao.web.plans.services import editing
from tests.web.base import CAST, PASSWORD, Cast, fixture_document
from tests.web.html import by_id, find_all

ACTIONS = [a.value for a in Action]


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def _fresh(plan: Plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


def _fix(cast: Cast, plan: Plan | None = None, editor: User | None = None) -> None:
    """Correct the fixture's two errors (cost written as a floor, an indicator named "1")."""
    plan = plan or cast.plan_a
    editor = editor or cast.users["editor"]
    cost = Indicator.objects.get(project__plan=plan, target="≥96万元")
    editing.update_indicator(
        cost, {"target": "≤96万元"}, user=editor, expected_version=_fresh(plan).version
    )
    placeholder = Indicator.objects.get(project__plan=plan, name="1")
    editing.update_indicator(
        placeholder,
        {"name": "群众满意度", "description": "服务对象对综治工作的满意程度"},
        user=editor,
        expected_version=_fresh(plan).version,
    )
    assert _fresh(plan).error_count == 0


def _step(cast: Cast, action: Action, who: str, comment: str = "") -> Plan:
    return transition(_fresh(cast.plan_a), action, user=cast.users[who], comment=comment)


def _reach(cast: Cast, state: str) -> None:
    """Bring plan A to ``state`` the way the workflow does."""
    _fix(cast)
    if state == "draft":
        return
    _step(cast, Action.SUBMIT, "editor")
    if state == "submitted":
        return
    _step(cast, Action.SUPERVISOR_APPROVE, "supervisor")
    if state == "supervisor_approved":
        return
    _step(cast, Action.FINANCE_APPROVE, "finance")
    assert state == "approved"


def _post(c: Client, plan: Plan, action: str, comment: str = "", version: int | None = None) -> Any:
    data = {
        "action": action,
        "version": _fresh(plan).version if version is None else version,
        "comment": comment,
    }
    return c.post(f"/plans/{plan.pk}/transition/", data)


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- every action as every role, in every state ----------------------------------------------

#: (state, role) → the actions offered (the buttons) and the state each one leads to.
ALLOWED: dict[str, dict[str, dict[str, str]]] = {
    "draft": {"editor": {"submit": "submitted"}, "leader": {"submit": "submitted"}},
    "submitted": {
        "editor": {"withdraw": "draft"},
        "leader": {"withdraw": "draft"},
        "supervisor": {"supervisor_approve": "supervisor_approved", "return": "draft"},
    },
    "supervisor_approved": {"finance": {"finance_approve": "approved", "return": "draft"}},
    "approved": {"editor": {"adjust": "draft"}, "leader": {"adjust": "draft"}},
}
OUTSIDERS = {"other", "other_region"}


@pytest.mark.parametrize("state", list(ALLOWED))
def test_every_action_as_every_role(cast: Cast, state: str) -> None:
    """Allowed: the button is shown and the POST moves the plan. Anything else: 403 (404
    for outsiders) and nothing changes: status, version, transitions."""
    _reach(cast, state)
    plan = _fresh(cast.plan_a)
    wrong: list[str] = []
    for role in CAST:
        client = _client(cast, role)
        allowed = ALLOWED[state].get(role, {})
        page = client.get(f"/plans/{plan.pk}/")
        if role in OUTSIDERS:
            assert page.status_code == 404
        else:
            shown = re.findall(r'data-action="(\w+)"', page.content.decode())
            if sorted(shown) != sorted(allowed):
                wrong.append(f"{state} {role}: buttons {shown}, expected {sorted(allowed)}")
        for action in ACTIONS:
            with transaction.atomic():
                before = (
                    plan.status,
                    plan.version,
                    Transition.objects.count(),
                    Plan.objects.count(),
                )
                r = _post(client, plan, action, comment="请补充测算依据")
                after = _fresh(plan)
                if action in allowed:
                    target = Plan.objects.current().get(unit=plan.unit, year=plan.year)
                    if r.status_code != 302 or target.status != allowed[action]:
                        wrong.append(f"{state} {role} {action}: {r.status_code} {target.status}")
                else:
                    expected = 404 if role in OUTSIDERS else 403
                    now = (
                        after.status,
                        after.version,
                        Transition.objects.count(),
                        Plan.objects.count(),
                    )
                    if r.status_code != expected or now != before:
                        wrong.append(
                            f"{state} {role} {action}: {r.status_code}, changed={now != before}"
                        )
                transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


def test_a_unit_without_supervisor_goes_straight_to_finance(cast: Cast) -> None:
    unit = Unit.objects.create(region=cast.region, code="C", name="测试县档案馆")
    user = User.objects.create_user("archive", password=PASSWORD)
    Membership.objects.create(user=user, unit=unit, role=Role.UNIT_EDITOR)
    plan = editing.create_plan(unit, 2024, user=user, document=fixture_document())
    _fix(cast, plan, user)
    c = Client()
    c.force_login(user)
    r = _post(c, plan, "submit")
    assert r.status_code == 302
    assert _fresh(plan).status == "submitted"
    html = _client(cast, "finance").get(f"/plans/{plan.pk}/").content.decode()
    assert 'data-action="finance_approve"' in html
    assert 'data-action="return"' in html
    assert _client(cast, "supervisor").get(f"/plans/{plan.pk}/").status_code == 404
    assert _post(_client(cast, "finance"), plan, "finance_approve").status_code == 302
    assert _fresh(plan).status == "approved"


# --- the action bar -----------------------------------------------------------------------------


def test_submit_refused_for_errors_shows_the_errors_with_links(cast: Cast) -> None:
    plan = cast.plan_a
    c = _client(cast, "editor")
    r = _post(c, plan, "submit")
    assert r.status_code == 302
    assert r["Location"].endswith(f"/plans/{plan.pk}/?blocked=submit#submit-blocked")
    assert any("修改后才能提交" in m for m in _messages(r))
    assert _fresh(plan).status == "draft"
    assert not Transition.objects.filter(plan=plan).exists()
    page = c.get(r["Location"]).content.decode()
    blocked = page[page.index('id="submit-blocked"') :]
    cost = Indicator.objects.get(project__plan=plan, target="≥96万元")
    placeholder = Indicator.objects.get(project__plan=plan, name="1")
    assert "未能提交：还有 2 个错误须先改正" in blocked
    assert f"/plans/{plan.pk}/projects/{cost.project_id}/#ind-{cost.pk}" in blocked
    assert f"/plans/{plan.pk}/projects/{placeholder.project_id}/#ind-{placeholder.pk}" in blocked
    assert "成本指标应为反向指标" in blocked


def test_the_whole_path_through_the_views(cast: Cast) -> None:
    _fix(cast)
    plan = cast.plan_a
    editor, supervisor, finance = (_client(cast, w) for w in ("editor", "supervisor", "finance"))
    r = _post(editor, plan, "submit")
    assert "已提交" in _messages(r)[0]
    assert _fresh(plan).status == "submitted"
    _post(supervisor, plan, "supervisor_approve")
    assert _fresh(plan).status == "supervisor_approved"
    r = _post(finance, plan, "return", comment="满意度指标的确定依据不充分")
    assert _fresh(plan).status == "draft"
    page = editor.get(f"/plans/{plan.pk}/").content.decode()
    returned = page[page.index('id="returned-note"') :]
    assert "满意度指标的确定依据不充分" in returned[: returned.index("</div>")]
    assert 'data-action="submit"' in page
    _post(editor, plan, "submit")
    _post(supervisor, plan, "supervisor_approve")
    r = _post(finance, plan, "finance_approve")
    assert _messages(r)[-1] == "已批复。"
    approved = _fresh(plan)
    assert approved.status == "approved"
    assert approved.approved_at is not None
    r = _post(editor, plan, "adjust", comment="追加设备维护经费")
    new = Plan.objects.current().get(unit=plan.unit, year=2024)
    assert new.pk != plan.pk
    assert r["Location"] == f"/plans/{new.pk}/"
    assert "已生成第2版" in _messages(r)[-1]
    page = editor.get(f"/plans/{new.pk}/").content.decode()
    assert "第2版" in page
    assert "追加设备维护经费" in page
    assert f'href="/plans/{plan.pk}/"' in page  # the version it adjusts
    assert 'data-action="submit"' in page


def test_plan_page_shows_state_steps_and_who_acts_next(cast: Cast) -> None:
    _reach(cast, "submitted")
    html = _client(cast, "auditor").get(f"/plans/{cast.plan_a.pk}/").content.decode()
    assert 'id="plan-status">已提交<' in html
    assert "第1版" in html
    assert "等待主管部门审核" in html
    steps = re.findall(r'<li class="(\w*)" data-state="(\w+)"', html)
    assert steps == [
        ("done", "draft"),
        ("current", "submitted"),
        ("", "supervisor_approved"),
        ("", "approved"),
    ]


def test_a_stale_page_is_refused_and_nothing_changes(cast: Cast) -> None:
    _fix(cast)
    plan = cast.plan_a
    seen = _fresh(plan).version
    ind = Indicator.objects.get(project__plan=plan, name="项目成本")
    editing.update_indicator(
        ind, {"basis": "合同价"}, user=cast.users["editor"], expected_version=seen
    )
    r = _post(_client(cast, "leader"), plan, "submit", version=seen)
    assert r.status_code == 302
    assert any("已被修改或已流转" in m for m in _messages(r))
    assert _fresh(plan).status == "draft"
    assert not Transition.objects.exists()


def test_a_stale_approval_after_a_return_is_refused(cast: Cast) -> None:
    """Finance returns while the supervisor's page is open: the approval must not pass."""
    _reach(cast, "submitted")
    seen = _fresh(cast.plan_a).version
    _step(cast, Action.RETURN, "supervisor", "请补充")
    _step(cast, Action.SUBMIT, "editor")  # back in the supervisor's state, newer version
    r = _post(_client(cast, "supervisor"), cast.plan_a, "supervisor_approve", version=seen)
    assert any("已被修改或已流转" in m for m in _messages(r))
    assert _fresh(cast.plan_a).status == "submitted"


def test_a_forged_action_is_refused_and_nothing_changes(cast: Cast) -> None:
    _reach(cast, "submitted")
    plan = _fresh(cast.plan_a)
    before = (plan.status, plan.version, Transition.objects.count())
    # finance may not approve before the supervisor; the auditor never acts; no such action
    for who, action in (("finance", "finance_approve"), ("auditor", "return"), ("admin", "x")):
        r = _post(_client(cast, who), plan, action, comment="伪造")
        assert r.status_code == 403, (who, action)
    after = _fresh(plan)
    assert (after.status, after.version, Transition.objects.count()) == before
    assert not ReviewComment.objects.exists()


def test_return_and_adjust_require_a_text(cast: Cast) -> None:
    _reach(cast, "supervisor_approved")
    r = _post(_client(cast, "finance"), cast.plan_a, "return", comment="  ")
    assert any("请填写退回意见" in m for m in _messages(r))
    assert _fresh(cast.plan_a).status == "supervisor_approved"
    _step(cast, Action.FINANCE_APPROVE, "finance")
    r = _post(_client(cast, "editor"), cast.plan_a, "adjust", comment="")
    assert any("请填写调整原因" in m for m in _messages(r))
    assert Plan.objects.filter(unit=cast.units["A"]).count() == 1


def test_the_return_form_requires_its_comment_in_the_page(cast: Cast) -> None:
    _reach(cast, "submitted")
    html = _client(cast, "supervisor").get(f"/plans/{cast.plan_a.pk}/").content.decode()
    (form,) = find_all(html, "//form[@data-action='return']")
    assert form.find_all(".//textarea[@name='comment'][@required]")
    (version,) = form.find_all(".//input[@name='version']")
    assert version.attr("value") == str(_fresh(cast.plan_a).version)


def test_transition_and_comment_reject_get(cast: Cast) -> None:
    c = _client(cast, "editor")
    assert c.get(f"/plans/{cast.plan_a.pk}/transition/").status_code == 405
    assert c.get(f"/plans/{cast.plan_a.pk}/comments/").status_code == 405


def test_transition_requires_the_csrf_token(cast: Cast) -> None:
    c = Client(enforce_csrf_checks=True)
    c.force_login(cast.users["editor"])
    r = _post(c, cast.plan_a, "submit")
    assert r.status_code == 403
    assert not Transition.objects.exists()


@pytest.mark.parametrize("suffix", ["transition/", "comments/", "compare/"])
def test_it_refuses_other_unit(cast: Cast, suffix: str) -> None:
    for who in OUTSIDERS:
        c = _client(cast, who)
        url = f"/plans/{cast.plan_a.pk}/{suffix}"
        r = c.get(url) if suffix == "compare/" else c.post(url, {"action": "submit", "text": "x"})
        assert r.status_code == 404, who


# --- history ------------------------------------------------------------------------------------


def test_history_shows_every_transition_with_its_comment(cast: Cast) -> None:
    _reach(cast, "submitted")
    _step(cast, Action.RETURN, "supervisor", "项目成本需说明测算方法")
    r = _client(cast, "editor").get(f"/plans/{cast.plan_a.pk}/")
    rows = [h for h in r.context["history"] if h.kind == "transition"]
    assert [(h.action, h.old, h.new, h.who) for h in rows] == [
        ("退回", "已提交", "草稿", "supervisor"),
        ("提交", "草稿", "已提交", "editor"),
    ]
    assert rows[0].reason == "项目成本需说明测算方法"
    # the status field lines would repeat the transitions
    assert not [h for h in r.context["history"] if h.field == "状态"]
    html = r.content.decode()
    assert "项目成本需说明测算方法" in by_id(html, "history").text


# --- comments ------------------------------------------------------------------------------------


def _comment(c: Client, plan: Plan, text: str, **target: int) -> Any:
    return c.post(f"/plans/{plan.pk}/comments/", {"text": text, **target})


def test_an_indicator_comment_is_shown_beside_its_row(cast: Cast) -> None:
    _reach(cast, "supervisor_approved")
    plan = cast.plan_a
    ind = Indicator.objects.get(project__plan=plan, name="项目成本")
    r = _comment(_client(cast, "finance"), plan, "成本应按合同价测算", indicator=ind.pk)
    assert r.status_code == 302
    assert r["Location"] == f"/plans/{plan.pk}/projects/{ind.project_id}/#ind-{ind.pk}"
    c = ReviewComment.objects.get()
    assert (c.project_id, c.indicator_id, c.author) == (
        ind.project_id,
        ind.pk,
        cast.users["finance"],
    )
    html = (
        _client(cast, "editor").get(f"/plans/{plan.pk}/projects/{ind.project_id}/").content.decode()
    )
    row = by_id(html, f"ind-{ind.pk}")
    (beside_node,) = row.find_all(f".//*[@id='ind-{ind.pk}-comments']")
    beside = beside_node.text
    assert "成本应按合同价测算" in beside
    assert "finance（测试县财政局 · " in beside  # author with unit and role
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", beside)  # time
    other = Indicator.objects.filter(project=ind.project).exclude(pk=ind.pk).first()
    assert other is not None
    assert f'id="ind-{other.pk}-comments" hidden>' in html  # rows without comments: closed
    # the plan page lists it, linked to the row
    page = _client(cast, "editor").get(f"/plans/{plan.pk}/").content.decode()
    assert f'href="/plans/{plan.pk}/projects/{ind.project_id}/#ind-{ind.pk}"' in page
    assert "1 条意见" in page  # beside the project in the project table


def test_project_and_plan_comments_are_shown_where_they_belong(cast: Cast) -> None:
    _reach(cast, "submitted")
    plan = cast.plan_a
    project = plan.projects.order_by("position")[0]
    sup = _client(cast, "supervisor")
    r = _comment(sup, plan, "资金用途请写明到具体设备", project=project.pk)
    assert r["Location"] == f"/plans/{plan.pk}/projects/{project.pk}/#project-comments"
    r = _comment(sup, plan, "部门整体目标与项目目标一致")
    assert r["Location"] == f"/plans/{plan.pk}/#comments"
    editor = _client(cast, "editor")
    html = editor.get(f"/plans/{plan.pk}/projects/{project.pk}/").content.decode()
    head = by_id(html, "project-comments").text
    assert "资金用途请写明到具体设备" in head
    assert "部门整体目标与项目目标一致" not in html
    page = editor.get(f"/plans/{plan.pk}/").content.decode()
    comments = by_id(page, "comments").text
    assert "部门整体目标与项目目标一致" in comments
    assert "资金用途请写明到具体设备" in comments


def test_commenters_get_a_comment_form_per_row_and_the_auditor_does_not(cast: Cast) -> None:
    _reach(cast, "submitted")
    project = cast.plan_a.projects.order_by("position")[0]
    url = f"/plans/{cast.plan_a.pk}/projects/{project.pk}/"
    n = project.indicators.count()
    html = _client(cast, "supervisor").get(url).content.decode()
    assert html.count("data-comment-toggle=") == n
    assert html.count('name="indicator"') == n
    html = _client(cast, "auditor").get(url).content.decode()
    assert "data-comment-toggle=" not in html
    assert 'class="comment-form"' not in html


def test_comments_stay_visible_after_return_and_resubmission(cast: Cast) -> None:
    _reach(cast, "supervisor_approved")
    plan = cast.plan_a
    ind = Indicator.objects.get(project__plan=plan, name="项目成本")
    _comment(_client(cast, "finance"), plan, "请说明96万元的构成", indicator=ind.pk)
    _post(_client(cast, "finance"), plan, "return", comment="见指标意见")
    editing.update_indicator(
        ind, {"basis": "合同价 80 + 维护 16"}, user=cast.users["editor"],
        expected_version=_fresh(plan).version,
    )  # fmt: skip
    _post(_client(cast, "editor"), plan, "submit")
    assert _fresh(plan).status == "submitted"
    html = (
        _client(cast, "editor").get(f"/plans/{plan.pk}/projects/{ind.project_id}/").content.decode()
    )
    assert "请说明96万元的构成" in html
    page = _client(cast, "editor").get(f"/plans/{plan.pk}/").content.decode()
    # the return comment is a plan-level comment (created by the service), also in history
    comments = page[page.index('id="comments"') : page.index('id="plan-findings"')]
    assert "见指标意见" in comments
    assert "请说明96万元的构成" in comments
    history = page[page.index('id="history"') :]
    assert "请说明96万元的构成" in history
    assert "见指标意见" in history


def test_the_unit_may_reply_but_the_auditor_may_not_comment(cast: Cast) -> None:
    r = _comment(_client(cast, "leader"), cast.plan_a, "已按意见修改")
    assert r.status_code == 302
    assert ReviewComment.objects.get().text == "已按意见修改"
    assert _comment(_client(cast, "auditor"), cast.plan_a, "x").status_code == 403
    assert _comment(_client(cast, "admin"), cast.plan_a, "x").status_code == 403
    assert ReviewComment.objects.count() == 1


def test_a_comment_on_another_plans_indicator_is_404(cast: Cast) -> None:
    other = Indicator.objects.filter(project__plan=cast.plan_b).first()
    assert other is not None
    c = _client(cast, "finance")
    assert _comment(c, cast.plan_a, "x", indicator=other.pk).status_code == 404
    assert _comment(c, cast.plan_a, "x", project=other.project_id).status_code == 404
    assert not ReviewComment.objects.exists()


def test_an_empty_comment_is_refused_with_a_message(cast: Cast) -> None:
    r = _comment(_client(cast, "finance"), cast.plan_a, "   ")
    assert r.status_code == 302
    assert any("请填写意见内容" in m for m in _messages(r))
    assert not ReviewComment.objects.exists()


def test_typing_a_row_comment_does_not_save_the_row(cast: Cast) -> None:
    """The comment form sits in the row's tbody; editor.js stops its change events."""
    from pathlib import Path

    js = (
        Path(__file__).resolve().parents[2] / "src/jixiao/web/common/static/js/editor.js"
    ).read_text()
    assert 'closest(".comment-form")) e.stopPropagation()' in js


def test_the_project_page_loads_comments_in_one_query(cast: Cast) -> None:
    """No query per comment or per author (N+1)."""
    from django.db import connection

    _reach(cast, "submitted")
    plan = cast.plan_a
    project = plan.projects.order_by("position")[0]
    url = f"/plans/{plan.pk}/projects/{project.pk}/"
    c = _client(cast, "editor")
    inds = list(project.indicators.all())

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    add_comment(plan, "一条", user=cast.users["supervisor"], indicator=inds[0])
    one = count()
    for i, ind in enumerate(inds):
        who = cast.users["supervisor" if i % 2 else "editor"]
        add_comment(plan, f"意见 {i}", user=who, indicator=ind)
        add_comment(plan, f"项目意见 {i}", user=who, project=project)
    assert count() == one


def test_the_plan_page_does_not_query_per_comment(cast: Cast) -> None:
    from django.db import connection

    _reach(cast, "submitted")
    plan = cast.plan_a
    c = _client(cast, "auditor")
    inds = list(Indicator.objects.filter(project__plan=plan))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(f"/plans/{plan.pk}/").status_code == 200
        return len(ctx.captured_queries)

    add_comment(plan, "一条", user=cast.users["supervisor"], indicator=inds[0])
    one = count()
    for ind in inds[1:6]:
        add_comment(plan, "意见", user=cast.users["supervisor"], indicator=ind)
    assert count() == one


# --- read-only when locked ------------------------------------------------------------------------


def test_the_editor_is_read_only_while_submitted_and_editable_after_return(cast: Cast) -> None:
    _reach(cast, "submitted")
    project = cast.plan_a.projects.order_by("position")[0]
    url = f"/plans/{cast.plan_a.pk}/projects/{project.pk}/"
    editor = _client(cast, "editor")
    html = editor.get(url).content.decode()
    assert 'name="target"' not in html
    assert "添加指标" not in html
    assert "hx-post" not in html
    assert "只读：计划已提交，审核期间锁定" in html
    _step(cast, Action.RETURN, "supervisor", "请修改")
    html = editor.get(url).content.decode()
    assert 'name="target"' in html
    assert "添加指标" in html


def test_an_approved_plan_says_how_to_change_it(cast: Cast) -> None:
    _reach(cast, "approved")
    project = cast.plan_a.projects.order_by("position")[0]
    html = (
        _client(cast, "editor")
        .get(f"/plans/{cast.plan_a.pk}/projects/{project.pk}/")
        .content.decode()
    )
    assert 'name="target"' not in html
    assert "计划已批复，不能直接修改" in html


# --- versions and compare ---------------------------------------------------------------------------


def _adjusted(cast: Cast) -> tuple[Plan, Plan]:
    _reach(cast, "approved")
    old = _fresh(cast.plan_a)
    new = transition(old, Action.ADJUST, user=cast.users["editor"], comment="追加经费")
    project = new.projects.order_by("position")[0]
    editing.update_project(
        project,
        {"budget_total": "106.00", "budget_fiscal": "106.00"},
        user=cast.users["editor"],
        expected_version=new.version,
    )
    ind = project.indicators.get(name="项目成本")
    editing.update_indicator(
        ind, {"target": "≤106万元"}, user=cast.users["editor"],
        expected_version=_fresh(new).version,
    )  # fmt: skip
    return _fresh(old), _fresh(new)


def test_versions_are_listed_with_status_and_banners(cast: Cast) -> None:
    old, new = _adjusted(cast)
    c = _client(cast, "finance")
    html = c.get(f"/plans/{new.pk}/").content.decode()
    node = by_id(html, "versions")
    versions = node.text
    assert "第1版" in versions
    assert "第2版" in versions
    assert "现行" in versions
    assert node.find_all(f".//a[@href='/plans/{new.pk}/compare/?with={old.pk}']")
    assert "调整批复前，当前生效的是" in html
    html = c.get(f"/plans/{old.pk}/").content.decode()
    assert "调整进行中" in html
    assert "当前生效的仍是本版本" in html
    assert 'data-action="' not in html  # an older version does not move
    # the adjustment goes through review; once approved, the old version is superseded
    transition(new, Action.SUBMIT, user=cast.users["editor"])
    transition(_fresh(new), Action.SUPERVISOR_APPROVE, user=cast.users["supervisor"])
    transition(_fresh(new), Action.FINANCE_APPROVE, user=cast.users["finance"])
    html = c.get(f"/plans/{old.pk}/").content.decode()
    assert "被调整替代，不再生效" in html
    assert f'href="/plans/{new.pk}/">第2版</a>' in html


def test_compare_shows_projects_indicators_and_budget(cast: Cast) -> None:
    old, new = _adjusted(cast)
    r = _client(cast, "supervisor").get(f"/plans/{new.pk}/compare/?with={old.pk}")
    assert r.status_code == 200
    assert (r.context["old"].pk, r.context["new"].pk) == (old.pk, new.pk)
    html = r.content.decode()
    assert "第1版 → 第2版" in html
    diff = by_id(html, "compare-diff").text
    assert "修改项目" in diff
    assert "预算数" in diff
    assert "96.00" in diff
    assert "106.00" in diff
    assert "≤96万元" in diff
    assert "≤106万元" in diff
    assert by_id(html, "budget-delta").text == "+10.00万元"
    # the same diff either way round, and by default against the version adjusted
    assert (
        _client(cast, "supervisor").get(f"/plans/{old.pk}/compare/?with={new.pk}").context["new"].pk
        == new.pk
    )
    default = _client(cast, "editor").get(f"/plans/{new.pk}/compare/")
    assert default.context["old"].pk == old.pk


def test_compare_with_a_single_version_says_so(cast: Cast) -> None:
    r = _client(cast, "editor").get(f"/plans/{cast.plan_a.pk}/compare/")
    assert r.status_code == 200
    assert r.context["diff"] is None
    assert "只有一个版本" in r.content.decode()


def test_compare_refuses_plans_of_other_units(cast: Cast) -> None:
    url = f"/plans/{cast.plan_a.pk}/compare/?with={cast.plan_b.pk}"
    assert _client(cast, "finance").get(url).status_code == 404  # visible, but not a version
    assert _client(cast, "editor").get(url).status_code == 404  # not visible at all
    assert (
        _client(cast, "editor").get(f"/plans/{cast.plan_a.pk}/compare/?with=x").status_code == 404
    )


def test_the_workflow_pages_speak_english_on_request(cast: Cast) -> None:
    _reach(cast, "submitted")
    c = _client(cast, "supervisor")
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = c.get(f"/plans/{cast.plan_a.pk}/").content.decode()
    assert "Approve (supervisor)" in html
    assert "Reason for return" in html
    assert "Version 1" in html
    assert "Review comments" in html
    assert "Workflow and change history" in html
    html = c.get(f"/plans/{cast.plan_a.pk}/compare/").content.decode()
    assert "Compare versions" in html
    assert "only one version" in html
    r = _post(c, cast.plan_a, "supervisor_approve")
    assert _messages(r)[-1] == "Approved; passed on to the finance bureau."


def test_a_second_adjustment_from_a_stale_page_is_refused_with_a_message(cast: Cast) -> None:
    """The approved version keeps its save counter when adjusted: a second tab (or a double
    click) must still be told what happened, not shown a 403."""
    _reach(cast, "approved")
    seen = _fresh(cast.plan_a).version
    c = _client(cast, "editor")
    assert _post(c, cast.plan_a, "adjust", comment="追加经费", version=seen).status_code == 302
    r = _post(c, cast.plan_a, "adjust", comment="追加经费", version=seen)
    assert r.status_code == 302
    assert any("已被修改或已流转" in m for m in _messages(r))
    assert Plan.objects.filter(unit=cast.units["A"], year=2024).count() == 2


def test_an_overlong_comment_is_refused_with_a_message(cast: Cast) -> None:
    _reach(cast, "submitted")
    r = _post(_client(cast, "supervisor"), cast.plan_a, "return", comment="长" * 2001)
    assert any("意见过长" in m for m in _messages(r))
    assert _fresh(cast.plan_a).status == "submitted"


def test_a_comment_stays_when_its_indicator_is_deleted(cast: Cast) -> None:
    _reach(cast, "submitted")
    plan = cast.plan_a
    ind = Indicator.objects.get(project__plan=plan, name="项目成本")
    add_comment(plan, "此指标与第1行重复", user=cast.users["supervisor"], indicator=ind)
    _step(cast, Action.RETURN, "supervisor", "见指标意见")
    editing.delete_indicator(ind, user=cast.users["editor"], expected_version=_fresh(plan).version)
    html = (
        _client(cast, "editor").get(f"/plans/{plan.pk}/projects/{ind.project_id}/").content.decode()
    )
    head = by_id(html, "project-comments").text
    assert "此指标与第1行重复" in head
    assert "项目成本（该指标已删除）" in head.replace(" （", "（")


def test_the_unit_cancels_a_draft_adjustment_from_the_page(cast: Cast) -> None:
    _reach(cast, "approved")
    c = _client(cast, "editor")
    new = transition(
        _fresh(cast.plan_a), Action.ADJUST, user=cast.users["editor"], comment="追加经费"
    )
    html = c.get(f"/plans/{new.pk}/").content.decode()
    assert 'data-action="cancel_adjustment"' in html
    assert "撤销调整" in html
    # a reviewer cannot, even by forging the request
    assert _post(_client(cast, "finance"), new, "cancel_adjustment", "x").status_code == 403
    r = _post(c, new, "cancel_adjustment", comment="经费未追加")
    assert r.status_code == 302
    assert r["Location"] == f"/plans/{cast.plan_a.pk}/"
    assert any("调整已撤销" in m for m in _messages(r))
    assert Plan.objects.get(pk=new.pk).is_cancelled  # kept, marked
    page = c.get(f"/plans/{cast.plan_a.pk}/").content.decode()
    assert "第2版调整已撤销：经费未追加" in page  # in the history
    assert "已撤销" in by_id(page, "versions").text
    cancelled = c.get(f"/plans/{new.pk}/").content.decode()
    assert "此调整已于" in by_id(cancelled, "old-version").text
