"""The workflow in the API: transitions, comments, to-do; plan output with actions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jixiao.core.workflow import State
from jixiao.web.api.models import Token
from jixiao.web.plans.models import Notification, Plan, ReviewComment, Transition
from jixiao.web.plans.review.notifications import mark_read
from jixiao.web.plans.review.transitions import transition
from tests.web.base import Cast
from tests.web.workflow_support import clean_plan, submitted_plan, supervisor_approved_plan

pytestmark = pytest.mark.django_db


def _client(cast: Cast, who: str) -> Client:
    _token, key = Token.issue(cast.users[who], "test")
    return Client(headers={"Authorization": f"Bearer {key}"})


def _post(c: Client, url: str, body: dict[str, Any]) -> Any:
    return c.post(url, json.dumps(body), content_type="application/json")


def _v(plan: Plan) -> int:
    """The plan's stored version (what a client read before writing)."""
    return Plan.objects.get(pk=plan.pk).version


# --- plan output ----------------------------------------------------------------------------------


def test_plan_output_has_the_callers_actions_and_the_version(cast: Cast) -> None:
    plan = clean_plan(cast)
    body = _client(cast, "editor").get(f"/api/plans/{plan.pk}").json()
    assert body["actions"] == ["submit"]
    assert (body["version_no"], body["is_current"], body["previous_id"]) == (1, True, None)
    assert _client(cast, "leader").get(f"/api/plans/{plan.pk}").json()["actions"] == ["submit"]
    assert _client(cast, "supervisor").get(f"/api/plans/{plan.pk}").json()["actions"] == []
    rows = _client(cast, "finance").get("/api/plans").json()["items"]
    assert all(r["is_current"] and r["version_no"] == 1 for r in rows)


# --- transitions -----------------------------------------------------------------------------------


def test_a_plan_goes_through_review_by_api(cast: Cast) -> None:
    plan = clean_plan(cast)
    editor, supervisor, finance = (_client(cast, w) for w in ("editor", "supervisor", "finance"))
    url = f"/api/plans/{plan.pk}/transitions"
    r = _post(editor, url, {"action": "submit", "expected_version": plan.version})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "submitted"
    assert r.json()["status_label"] == "已提交"
    assert r.json()["actions"] == ["withdraw"]
    r = _post(supervisor, url, {"action": "supervisor_approve", "expected_version": _v(plan)})
    assert r.json()["status"] == "supervisor_approved"
    r = _post(finance, url, {"action": "finance_approve", "expected_version": _v(plan)})
    assert r.json()["status"] == "approved"
    assert r.json()["actions"] == []
    history = editor.get(url).json()["items"]
    assert [(t["action"], t["from_state"], t["to_state"]) for t in history] == [
        ("submit", "draft", "submitted"),
        ("supervisor_approve", "submitted", "supervisor_approved"),
        ("finance_approve", "supervisor_approved", "approved"),
    ]
    assert history[0]["user"] == "editor"
    assert history[0]["action_label"] == "提交"


def test_an_adjustment_answers_with_the_new_version(cast: Cast) -> None:
    plan = supervisor_approved_plan(cast)
    transition(plan, "finance_approve", user=cast.users["finance"])
    r = _post(
        _client(cast, "editor"),
        f"/api/plans/{plan.pk}/transitions",
        {"action": "adjust", "comment": "追加预算", "expected_version": _v(plan)},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["plan_id"] != plan.pk
    assert (body["status"], body["version_no"], body["is_current"]) == ("draft", 2, True)
    detail = _client(cast, "editor").get(f"/api/plans/{body['plan_id']}").json()
    assert detail["previous_id"] == plan.pk


def test_a_forged_transition_is_403_and_changes_nothing(cast: Cast) -> None:
    plan = submitted_plan(cast)
    before = Plan.objects.get(pk=plan.pk)
    for who, action in [
        ("editor", "supervisor_approve"),
        ("finance", "finance_approve"),  # the supervisor's turn, not finance's
        ("auditor", "return"),
        ("admin", "supervisor_approve"),
        ("leader", "submit"),
    ]:
        r = _post(
            _client(cast, who),
            f"/api/plans/{plan.pk}/transitions",
            {"action": action, "comment": "x", "expected_version": _v(plan)},
        )
        assert r.status_code == 403, (who, action)
        assert "无权" in r.json()["detail"]
    after = Plan.objects.get(pk=plan.pk)
    assert (after.status, after.version) == (before.status, before.version)
    assert Transition.objects.filter(plan=plan).count() == 1  # only the submit


def test_submitting_a_plan_with_errors_is_403_with_the_reason(cast: Cast) -> None:
    r = _post(
        _client(cast, "editor"),
        f"/api/plans/{cast.plan_a.pk}/transitions",
        {"action": "submit", "expected_version": _v(cast.plan_a)},
    )
    assert r.status_code == 403
    assert "存在 2 个必须修改的问题" in r.json()["detail"]
    assert Plan.objects.get(pk=cast.plan_a.pk).status == State.DRAFT


def test_a_return_without_comment_is_refused(cast: Cast) -> None:
    plan = submitted_plan(cast)
    r = _post(
        _client(cast, "supervisor"),
        f"/api/plans/{plan.pk}/transitions",
        {"action": "return", "expected_version": _v(plan)},
    )
    assert r.status_code == 403
    assert r.json()["detail"] == "请填写退回意见"


def test_a_stale_transition_is_409(cast: Cast) -> None:
    plan = submitted_plan(cast)
    r = _post(
        _client(cast, "supervisor"),
        f"/api/plans/{plan.pk}/transitions",
        {"action": "supervisor_approve", "expected_version": plan.version - 1},
    )
    assert r.status_code == 409
    assert "刷新" in r.json()["detail"]
    assert Plan.objects.get(pk=plan.pk).status == State.SUBMITTED


def test_an_unknown_action_is_422(cast: Cast) -> None:
    r = _post(
        _client(cast, "editor"),
        f"/api/plans/{cast.plan_a.pk}/transitions",
        {"action": "publish", "expected_version": _v(cast.plan_a)},
    )
    assert r.status_code == 422
    assert r.json()["code"] == "invalid"
    assert [e["field"] for e in r.json()["errors"]] == ["body.action"]
    assert "应为以下之一" in r.json()["errors"][0]["message"]


@pytest.mark.parametrize("who", ["other", "other_region"])
def test_another_units_token_gets_404_for_the_workflow(cast: Cast, who: str) -> None:
    plan = submitted_plan(cast)
    c = _client(cast, who)
    assert c.get(f"/api/plans/{plan.pk}/transitions").status_code == 404
    assert c.get(f"/api/plans/{plan.pk}/comments").status_code == 404
    v = _v(plan)
    r = _post(
        c,
        f"/api/plans/{plan.pk}/transitions",
        {"action": "supervisor_approve", "expected_version": v},
    )
    assert r.status_code == 404
    r = _post(c, f"/api/plans/{plan.pk}/comments", {"text": "x", "expected_version": v})
    assert r.status_code == 404
    assert Plan.objects.get(pk=plan.pk).status == State.SUBMITTED
    assert not ReviewComment.objects.exists()


def test_the_workflow_endpoints_need_a_token(cast: Cast) -> None:
    c = Client()
    url = f"/api/plans/{cast.plan_a.pk}"
    assert c.get(f"{url}/transitions").status_code == 401
    assert c.post(f"{url}/transitions", {}, content_type="application/json").status_code == 401
    assert c.get(f"{url}/comments").status_code == 401
    assert c.get("/api/todo").status_code == 401


# --- comments ------------------------------------------------------------------------------------


def test_a_reviewer_comments_on_an_indicator_and_the_unit_replies(cast: Cast) -> None:
    plan = cast.plan_a
    project = plan.projects.order_by("position").first()
    assert project is not None
    cost = project.indicators.get(name="项目成本")
    url = f"/api/plans/{plan.pk}/comments"
    r = _post(
        _client(cast, "supervisor"),
        url,
        {"text": "成本应为上限", "indicator_id": cost.pk, "expected_version": _v(plan)},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["indicator_id"], body["project_id"]) == (cost.pk, project.pk)
    assert "项目成本" in body["subject"]
    assert body["author"] == "supervisor"
    assert Notification.objects.filter(user=cast.users["editor"], kind="comment").exists()
    r = _post(
        _client(cast, "editor"), url, {"text": "已改为 ≤96万元", "expected_version": _v(plan)}
    )
    assert r.status_code == 201
    assert r.json()["subject"] == "整体"
    listed = _client(cast, "auditor").get(url).json()
    assert [c["text"] for c in listed["items"]] == ["成本应为上限", "已改为 ≤96万元"]
    assert listed["count"] == 2


@pytest.mark.parametrize("who", ["auditor", "admin"])
def test_read_only_roles_cannot_comment(cast: Cast, who: str) -> None:
    r = _post(
        _client(cast, who),
        f"/api/plans/{cast.plan_a.pk}/comments",
        {"text": "看过", "expected_version": _v(cast.plan_a)},
    )
    assert r.status_code == 403
    assert "无权" in r.json()["detail"]
    assert not ReviewComment.objects.exists()


def test_a_comment_on_another_plans_indicator_is_404(cast: Cast) -> None:
    theirs = cast.plan_b.projects.get().indicators.first()
    assert theirs is not None
    c = _client(cast, "finance")
    url = f"/api/plans/{cast.plan_a.pk}/comments"
    v = _v(cast.plan_a)
    r = _post(c, url, {"text": "x", "indicator_id": theirs.pk, "expected_version": v})
    assert r.status_code == 404
    project_b = cast.plan_b.projects.get()
    r = _post(c, url, {"text": "x", "project_id": project_b.pk, "expected_version": v})
    assert r.status_code == 404
    assert _post(c, url, {"text": "   ", "expected_version": v}).status_code == 422
    assert not ReviewComment.objects.exists()


# --- to-do --------------------------------------------------------------------------------------


def test_todo_lists_work_and_unread_notifications(cast: Cast) -> None:
    plan = submitted_plan(cast)
    body = _client(cast, "supervisor").get("/api/todo").json()
    assert [(i["kind"], i["plan_id"]) for i in body["items"]] == [("review", plan.pk)]
    assert body["unread_count"] == 1
    assert body["notifications"][0]["plan_id"] == plan.pk
    assert "待您审核" in body["notifications"][0]["message"]
    mark_read(cast.users["supervisor"])
    body = _client(cast, "supervisor").get("/api/todo").json()
    assert (body["unread_count"], body["notifications"]) == (0, [])
    body = _client(cast, "editor").get("/api/todo").json()
    assert {i["kind"] for i in body["items"]} == {"draft"}  # plan A, still a draft
    assert _client(cast, "other_region").get("/api/todo").json()["items"] == []


def test_the_openapi_schema_documents_the_workflow(cast: Cast) -> None:
    schema = Client().get("/api/openapi.json").json()
    paths = schema["paths"]
    transitions = paths["/api/plans/{plan_id}/transitions"]
    assert set(transitions) == {"get", "post"}
    assert {"403", "404", "409"} <= set(transitions["post"]["responses"])
    assert set(paths["/api/plans/{plan_id}/comments"]) == {"get", "post"}
    assert "get" in paths["/api/todo"]
    schemas = schema["components"]["schemas"]
    assert {"actions", "version_no", "is_current"} <= set(schemas["PlanOut"]["properties"])
    assert "finance_approve" in json.dumps(schemas)


def test_notifications_are_marked_read_by_api_only_the_callers(cast: Cast) -> None:
    submitted_plan(cast)
    supervisor = _client(cast, "supervisor")
    [note] = supervisor.get("/api/todo").json()["notifications"]
    # another user cannot mark it read: their call touches only their own notifications
    r = _post(_client(cast, "finance"), "/api/notifications/read", {"ids": [note["id"]]})
    assert r.status_code == 200
    assert r.json()["marked"] == 0
    assert Notification.objects.get(pk=note["id"]).read_at is None
    r = _post(supervisor, "/api/notifications/read", {"ids": [note["id"]]})
    assert r.json() == {"marked": 1, "unread_count": 0}
    assert _post(supervisor, "/api/notifications/read", {}).json()["marked"] == 0
    assert Client().post("/api/notifications/read").status_code == 401
