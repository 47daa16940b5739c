"""Every URL and API endpoint, as every role, gets exactly the expected status.

The URL list comes from the resolver, so a new page fails this test until it has a row
in ``EXPECT`` (name → method, POST data, status per role). The plan under test belongs
to unit A; "other" is the editor of unit B, "other_region" a finance reviewer of another
region: both must get 404 for anything about unit A. Pages use the session, the API a
bearer token (a session is not an API credential). Each request runs in a savepoint that
is rolled back, so a delete by one role does not change what the next one sees.

Run ``JIXIAO_MATRIX_PROBE=1 pytest tests/web/test_permission_matrix.py -s`` to print the
statuses actually returned (when adding a page), then copy the reviewed row into EXPECT.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from jixiao.web.api.models import Token
from tests.web.base import CAST, Cast

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", *CAST)

#: Who may see unit A's plan, and who may change it.
SEE = {"editor", "leader", "supervisor", "finance", "auditor", "admin"}
WRITE = {"editor", "admin"}
OVERVIEW = {"supervisor", "finance", "auditor", "admin"}
#: Who may act in the review of unit A's draft plan (submit), and who may comment on it.
UNIT = {"editor", "leader"}
COMMENT = UNIT | {"supervisor", "finance"}


def table(
    *,
    anonymous: int = 302,
    allowed: set[str],
    ok: int = 200,
    denied: int = 403,
    hidden: int = 404,
    visible: set[str] = SEE,
) -> dict[str, int]:
    """Statuses per role: ``allowed`` get ``ok``; visible but not allowed get ``denied``;
    the rest (outsiders) get ``hidden``."""
    out = {"anonymous": anonymous}
    for role in CAST:
        out[role] = ok if role in allowed else denied if role in visible else hidden
    return out  # fmt: skip


def everyone(status: int, anonymous: int = 302) -> dict[str, int]:
    return {"anonymous": anonymous, **dict.fromkeys(CAST, status)}


@dataclass(frozen=True)
class Row:
    method: str
    expect: dict[str, int]
    data: Callable[[Cast], dict[str, Any]] = field(default=lambda cast: {})
    #: ``"json"``: the data is sent as a JSON body (API payloads), else as a form/query.
    body: str = "form"


def statuses(anonymous: int, **per_role: int) -> dict[str, int]:
    """Statuses spelled out per role (when no ``table`` shape fits)."""
    assert set(per_role) == set(CAST), sorted(set(CAST) ^ set(per_role))
    return {"anonymous": anonymous, **per_role}


def _submitted(cast: Cast) -> None:
    """Unit A's plan waiting for supervisor S (runs inside the rolled-back savepoint)."""
    from jixiao.web.plans.models import Plan

    Plan.objects.filter(pk=cast.plan_a.pk).update(status="submitted")


def _batch(cast: Cast) -> dict[str, Any]:
    _submitted(cast)
    return {"action": "approve", "plan": cast.plan_a.pk}


def _transition(cast: Cast) -> dict[str, Any]:
    _submitted(cast)
    return {"action": "supervisor_approve", **_expected(cast)}


def _expected(cast: Cast) -> dict[str, Any]:
    """The version an API write names (the plan as the caller just read it)."""
    cast.plan_a.refresh_from_db()
    return {"expected_version": cast.plan_a.version}


#: Batch review: the reviewers (finance sees the plan but it is not at its step: the
#: confirmation/result page says so); another region's reviewer has nothing selected and
#: is sent back; everybody else is not a reviewer.
BATCH = statuses(
    302, editor=403, leader=403, supervisor=200, finance=200, auditor=403, admin=403,
    other=403, other_region=302,
)  # fmt: skip


#: Self-evaluation batches (复核 of published tables): the region's roles.
REGION = statuses(
    302, editor=403, leader=403, supervisor=403, finance=200, auditor=200, admin=200,
    other=403, other_region=200,
)  # fmt: skip
BATCH_SEEN = table(allowed={"finance", "auditor", "admin"}, visible={"finance", "auditor", "admin"})


def _overdue(cast: Cast) -> dict[str, Any]:
    """Unit A's 2024 targets are overdue (the deadline passed, never submitted)."""
    import datetime

    from jixiao.web.plans.models import Deadline

    Deadline.objects.create(region=cast.region, year=2024, due=datetime.date(2024, 3, 31))
    return {"unit": cast.units["A"].pk, "year": 2024}


def _approved(cast: Cast) -> int:
    """Unit A's plan approved by finance (its 批复 recorded); returns the reply's id."""
    from jixiao.web.documents.models import Reply
    from jixiao.web.plans.models import Plan
    from jixiao.web.plans.review.transitions import transition

    reply = Reply.objects.filter(plan=cast.plan_a).first()
    if reply is None:
        Plan.objects.filter(pk=cast.plan_a.pk).update(status="supervisor_approved")
        transition(cast.plan_a, "finance_approve", user=cast.users["finance"], comment="同意")
        reply = Reply.objects.get(plan=cast.plan_a)
    return reply.pk


def _published(cast: Cast) -> dict[str, Any]:
    from jixiao.web.documents.services.publishing import set_published

    _approved(cast)
    assert set_published([cast.plan_a], True, user=cast.users["finance"])[0].ok
    return {}


def _version(cast: Cast) -> dict[str, Any]:
    cast.plan_a.refresh_from_db()
    return {"version": cast.plan_a.version}


def _indicator_edit(cast: Cast) -> dict[str, Any]:
    return {**_version(cast), "level1": "产出指标", "level2": "成本指标", "name": "项目成本",
            "description": "租赁费维护所需成本", "target": "≤96万元", "basis": "工作安排"}  # fmt: skip


def _upload(cast: Cast) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.web.base import FIXTURE

    return {"unit": cast.units["A"].pk, "year": 2025,
            "file": SimpleUploadedFile("plan.json", FIXTURE.read_bytes())}  # fmt: skip


def _round(cast: Cast) -> Any:
    """Unit A's monitoring round at the end of August (inside the rolled-back savepoint)."""
    from datetime import date

    from jixiao.web.monitoring.models import MonitoringRound

    rnd, _created = MonitoringRound.objects.get_or_create(plan=cast.plan_a, as_of=date(2024, 8, 31))
    return rnd


def _pending_ledger(cast: Cast) -> Any:
    from jixiao.web.monitoring.models import LedgerImport

    rnd = _round(cast)
    entry = LedgerImport.objects.filter(round=rnd).first()
    return entry or LedgerImport.objects.create(round=rnd, filename="ledger.csv")


def _ledger_upload(cast: Cast) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.web.monitoring_support import ledger_bytes

    return {"file": SimpleUploadedFile("ledger.csv", ledger_bytes(cast))}


def _correction(cast: Cast) -> Any:
    from jixiao.web.monitoring.models import FinanceAction

    rnd = _round(cast)
    project = cast.plan_a.projects.order_by("position")[0]
    return FinanceAction.objects.filter(round=rnd).first() or FinanceAction.objects.create(
        round=rnd, project=project, kind="correction", text="加快支付", due="2024-09-30"
    )


def _progress_row(cast: Cast) -> dict[str, Any]:
    return {"version": _round(cast).version, "index": 1, "current": "291条"}


# Plan pages of unit A: the editor and the admin may write; readers 403; outsiders 404.
EXPECT: dict[str, Row] = {
    # accounts and language
    "login": Row("GET", everyone(200, anonymous=200)),
    "logout": Row("POST", everyone(302, anonymous=302)),
    "set_language": Row("POST", everyone(302, anonymous=302), lambda c: {"language": "en"}),
    # pages (web-ui)
    "pages:dashboard": Row("GET", everyone(302)),
    "pages:unit": Row("GET", table(allowed=SEE)),
    # Overviews: region roles and supervisors, each of their own region/units (content is
    # tested in test_views_overview); other_region sees its own (empty) region.
    "pages:finance": Row("GET", table(allowed=OVERVIEW | {"other_region"}, visible=set(CAST))),
    # A background job: only the person who started it (finance) follows its progress.
    "jobs:job": Row("GET", table(allowed={"finance"}, visible=set())),
    # The Excel 汇总表 of the overview: the same people (another region gets an empty list).
    "pages:finance-export": Row(
        "GET", table(allowed=OVERVIEW | {"other_region"}, visible=set(CAST))
    ),
    # Re-checking the region stores new counts: the finance reviewer and the admin only.
    "pages:check-all": Row(
        "POST", table(allowed={"finance", "admin", "other_region"}, ok=302, visible=set(CAST))
    ),
    # Import page: whoever may import for some unit (other imports for its own unit B).
    "pages:import": Row("GET", table(allowed=WRITE | {"other"}, visible=set(CAST))),
    "pages:import-preview": Row("GET", table(allowed=set(), visible=set(), denied=404, hidden=404)),
    "pages:import-confirm": Row(
        "POST", table(allowed=set(), visible=set(), denied=404, hidden=404)
    ),
    "pages:plan": Row("GET", table(allowed=SEE)),
    # Workflow: submitting is the unit's (refused here for the plan's errors, with a
    # message: 302); an action not offered to the role is a forged request (403).
    "pages:plan-transition": Row(
        "POST", table(allowed=UNIT, ok=302), lambda c: {**_version(c), "action": "submit"}
    ),
    "pages:plan-comment": Row("POST", table(allowed=COMMENT, ok=302), lambda c: {"text": "请核实"}),
    "pages:plan-compare": Row("GET", table(allowed=SEE)),
    "pages:export-json": Row("GET", table(allowed=SEE)),
    "pages:export-xlsx": Row("GET", table(allowed=SEE)),
    "pages:project": Row("GET", table(allowed=SEE)),
    "pages:indicator-add": Row("POST", table(allowed=WRITE, ok=302), _version),
    "pages:indicator-update": Row("POST", table(allowed=WRITE, ok=302), _indicator_edit),
    "pages:indicator-delete": Row("POST", table(allowed=WRITE, ok=302), _version),
    "pages:indicator-move": Row(
        "POST", table(allowed=WRITE, ok=302), lambda c: {**_version(c), "direction": "down"}
    ),
    # Full-page editors: write access even to open them (readers 403, outsiders 404).
    "pages:project-edit": Row("GET", table(allowed=WRITE)),
    "pages:project-add": Row("GET", table(allowed=WRITE)),
    "pages:project-delete": Row("POST", table(allowed=WRITE, ok=302), _version),
    "pages:targets-edit": Row("GET", table(allowed=WRITE)),
    "pages:targets-preview": Row(
        "POST", table(allowed=WRITE), lambda c: {"prefix": "", "goal": "满意度达到90%以上"}
    ),
    # workflow pages: everybody has a to-do list and notifications of their own.
    "pages:todo": Row("GET", everyone(200)),
    "pages:notifications-read": Row("POST", everyone(302)),
    "pages:batch": Row("GET", BATCH, _batch),
    # Deadlines: the region roles read them (each its own region); auditors may not set.
    "pages:deadlines": Row(
        "GET", table(allowed={"finance", "auditor", "admin", "other_region"}, visible=set(CAST))
    ),
    # Self-evaluation (自评) of unit A's first project: the same shape as the targets.
    # Starting one needs an approved plan: writers are sent back with the reason (302).
    "selfeval:list": Row("GET", everyone(200)),
    "selfeval:start": Row("POST", table(allowed=WRITE, ok=302)),
    "selfeval:detail": Row("GET", table(allowed=SEE)),
    "selfeval:funds": Row("POST", table(allowed=WRITE, ok=302), lambda c: {"funds_executed": "90"}),
    "selfeval:row": Row("POST", table(allowed=WRITE, ok=302), lambda c: {"actual": "291条"}),
    "selfeval:transition": Row("POST", table(allowed=UNIT, ok=302), lambda c: {"action": "submit"}),
    "selfeval:recheck": Row("GET", table(allowed=SEE)),
    "selfeval:export-xlsx": Row("GET", table(allowed=SEE)),
    # Evidence: uploading is editing (nothing chosen: sent back with a message).
    "selfeval:evidence-upload": Row("POST", table(allowed=WRITE, ok=302)),
    "selfeval:evidence-download": Row("GET", table(allowed=SEE)),
    # Bulk 复核 of published tables: the region roles (other_region its own region's);
    # a batch of region 测试县 is seen by its finance bureau only.
    "selfeval:batches": Row("GET", REGION),
    "selfeval:batch": Row("GET", BATCH_SEEN),
    "selfeval:batch-export": Row("GET", BATCH_SEEN),
    "selfeval:batch-table-export": Row("GET", BATCH_SEEN),
    # Next year's plan from an approved one (plan A is a draft: writers are told why).
    "selfeval:next-year": Row("POST", table(allowed=WRITE, ok=302)),
    # County results: who sees an overview (other_region its own, empty, region).
    "selfeval:results": Row("GET", table(allowed=OVERVIEW | {"other_region"}, visible=set(CAST))),
    # 整改: opened by the finance bureau, answered by the unit, seen by whoever sees it.
    "rectification:list": Row("GET", everyone(200)),
    "rectification:open": Row(
        "POST",
        table(allowed={"finance", "admin"}, ok=302),
        lambda c: {
            "requirement": "补充佐证材料",
            "deadline": "2030-06-30",
            "source": "自评等级：中",
        },
    ),
    "rectification:detail": Row("GET", table(allowed=SEE)),
    "rectification:action": Row(
        "POST", table(allowed=UNIT, ok=302), lambda c: {"action": "answer", "text": "已补充"}
    ),
    # Monitoring (issue 13): the overview for region roles and supervisors; scheduling for
    # finance and admins (other_region schedules its own, empty region); a round is seen
    # like its plan, filled in like its plan (editor, admin), submitted by the unit (here
    # refused for the round's errors, with a message: 302).
    "monitoring:overview": Row(
        "GET", table(allowed=OVERVIEW | {"other_region"}, visible=set(CAST))
    ),
    "monitoring:schedule": Row(
        "POST",
        table(allowed={"finance", "admin", "other_region"}, ok=302, visible=set(CAST)),
        lambda c: {"as_of": "2024-06-30", "due": "2024-07-15"},
    ),
    "monitoring:unit-rounds": Row("GET", table(allowed=SEE)),
    "monitoring:round": Row("GET", table(allowed=SEE)),
    "monitoring:round-transition": Row(
        "POST",
        table(allowed=UNIT, ok=302),
        lambda c: {"version": _round(c).version, "action": "submit"},
    ),
    "monitoring:export-xlsx": Row("GET", table(allowed=SEE)),
    "monitoring:ledger": Row("GET", table(allowed=WRITE)),
    "monitoring:ledger-preview": Row("GET", table(allowed=WRITE)),
    "monitoring:ledger-confirm": Row("POST", table(allowed=WRITE, ok=302)),
    "monitoring:progress": Row("GET", table(allowed=SEE)),
    "monitoring:department-progress": Row("GET", table(allowed=SEE)),
    # M1 measures: the finance bureau of the region records; the unit's writers answer.
    "monitoring:action-record": Row(
        "POST",
        table(allowed={"finance"}, ok=302),
        lambda c: {"kind": "key", "text": "重点项目"},
    ),
    "monitoring:action-answer": Row(
        "POST", table(allowed=WRITE, ok=302), lambda c: {"response": "已整改"}
    ),
    # 催报 an overdue unit A: who sets deadlines, in A's region; A's outsiders 404.
    "pages:remind": Row("POST", table(allowed={"finance", "admin"}, ok=302), _overdue),
    # Units and people: the region's 管理员 only (everybody else 403); the invited
    # user's set-password link is public (an unknown link says so: 200).
    "people:people": Row("GET", table(allowed={"admin"}, visible=set(CAST))),
    "people:unit-add": Row("GET", table(allowed={"admin"}, visible=set(CAST))),
    "people:user-invite": Row("GET", table(allowed={"admin"}, visible=set(CAST))),
    "people:user-edit": Row("GET", table(allowed={"admin"}, visible=set(CAST))),
    "people:user-active": Row(
        "POST", table(allowed={"admin"}, ok=302, visible=set(CAST)), lambda c: {"active": "0"}
    ),
    "people:welcome": Row("GET", everyone(200, anonymous=200)),
    # API tokens: each user's own; the token in the URL is the editor's (others: 404).
    "tokens:tokens": Row("GET", everyone(200)),
    "tokens:token-revoke": Row("POST", table(allowed={"editor"}, ok=302, visible=set())),
    # Documents: the plan's 绩效文本 and its 批复 for whoever sees the plan; a batch zip
    # holds only the replies the user may see (outsiders: nothing, 404).
    "documents:plan": Row("GET", table(allowed=SEE)),
    "documents:plan-document": Row("GET", table(allowed=SEE)),
    "documents:reply": Row("GET", table(allowed=SEE)),
    "documents:reply-zip": Row(
        "GET", table(allowed=SEE), lambda c: {"plan": c.plan_a.pk, "reply": _approved(c)}
    ),
    # 批复与公开: the region roles (each their own region); publishing: finance reviewers
    # (other_region has nothing of unit A selected and is sent back).
    "documents:approved": Row(
        "GET", table(allowed={"finance", "auditor", "admin", "other_region"}, visible=set(CAST))
    ),
    "documents:publish": Row(
        "POST",
        table(allowed={"finance", "other_region"}, ok=302, visible=set(CAST)),
        lambda c: {"plan": c.plan_a.pk, "action": "publish", "_": _approved(c)},
    ),
    # Public disclosure: anonymous pages; an unpublished plan is 404 for everyone (MORE
    # has the published one).
    "public:index": Row("GET", everyone(200, anonymous=200)),
    "public:region-year": Row("GET", everyone(200, anonymous=200)),
    "public:data-json": Row("GET", everyone(200, anonymous=200)),
    "public:data-csv": Row("GET", everyone(200, anonymous=200)),
    "public:plan": Row("GET", everyone(404, anonymous=404)),
    "public:plan-pdf": Row("GET", everyone(404, anonymous=404)),
    # API (bearer token; no token → 401)
    "api:api-root": Row("GET", everyone(404, anonymous=404)),
    # What no operation matches (a non-numeric id, a misspelt path): JSON 404 for anyone.
    "api:root": Row("GET", everyone(404, anonymous=404)),
    "api:not_found": Row("GET", everyone(404, anonymous=404)),
    "api:openapi-json": Row("GET", everyone(200, anonymous=200)),
    "api:openapi-view": Row("GET", everyone(200, anonymous=200)),
    "api:list_units": Row("GET", everyone(200, anonymous=401)),
    "api:list_plans": Row("GET", everyone(200, anonymous=401)),
    "api:get_plan": Row("GET", table(anonymous=401, allowed=SEE)),
    "api:get_findings": Row("GET", table(anonymous=401, allowed=SEE)),
    "api:import_plan": Row("POST", table(anonymous=401, allowed=WRITE, ok=201), _upload),
    "api:list_transitions": Row("GET", table(anonymous=401, allowed=SEE)),
    # Only the supervisor of unit A may approve its submitted plan; other readers are
    # refused with 403, outsiders get 404.
    "api:create_transition": Row(
        "POST", table(anonymous=401, allowed={"supervisor"}), _transition, body="json"
    ),
    "api:list_replies": Row("GET", table(anonymous=401, allowed=SEE)),
    "api:list_comments": Row("GET", table(anonymous=401, allowed=SEE)),
    # Reviewers comment, the unit replies; auditors and admins only read.
    "api:create_comment": Row(
        "POST",
        table(anonymous=401, allowed={"editor", "leader", "supervisor", "finance"}, ok=201),
        lambda c: {"text": "请补充依据", **_expected(c)},
        body="json",
    ),
    # Monitoring API: as the pages. Submitting a round with errors is the unit's action
    # refused for its content (422); anyone else is not offered it (403).
    "api:list_rounds": Row("GET", everyone(200, anonymous=401)),
    "api:get_round_result": Row("GET", table(anonymous=401, allowed=SEE)),
    "api:upload_round_ledger": Row(
        "POST", table(anonymous=401, allowed=WRITE, ok=201), _ledger_upload
    ),
    "api:put_progress": Row(
        "PUT",
        table(anonymous=401, allowed=WRITE),
        lambda c: {"rows": [{"project_id": None, "index": 1, "current": "99.5%"}]},
        body="json",
    ),
    "api:create_round_transition": Row(
        "POST",
        table(anonymous=401, allowed=UNIT, ok=422),
        lambda c: {"action": "submit"},
        body="json",
    ),
    "api:get_todo": Row("GET", everyone(200, anonymous=401)),
    "api:read_notifications": Row(
        "POST", everyone(200, anonymous=401), lambda c: {"ids": None}, body="json"
    ),
    # Self-evaluation API: the pages' rules. Submitting a self-evaluation with rows short
    # of full points and no reason is refused by the state machine (403) even for the unit.
    "api:list_selfevals": Row("GET", everyone(200, anonymous=401)),
    "api:get_selfeval": Row("GET", table(anonymous=401, allowed=SEE)),
    "api:update_row": Row(
        "POST", table(anonymous=401, allowed=WRITE), lambda c: {"actual": "291条"}, body="json"
    ),
    "api:create_selfeval_transition": Row(
        "POST", table(anonymous=401, allowed=set()), lambda c: {"action": "submit"}, body="json"
    ),
    "api:get_results": Row("GET", everyone(200, anonymous=401)),
    # Django admin: staff only; the app's region admin role is not Django staff by itself
    # (test_admin_pages_open_for_staff covers a superuser).
    "admin:index": Row("GET", everyone(302)),
}

#: Further methods of a URL already in EXPECT (a name has one row there).
MORE: dict[str, list[Row]] = {
    # Uploading nothing is refused with a message (302); auditors only read.
    "selfeval:batches": [
        Row(
            "POST",
            statuses(
                302,
                editor=403,
                leader=403,
                supervisor=403,
                finance=302,
                auditor=403,
                admin=302,
                other=403,
                other_region=302,
            ),
        )
    ],
    "monitoring:progress": [Row("POST", table(allowed=WRITE, ok=302), _progress_row)],
    "monitoring:department-progress": [
        Row(
            "POST",
            table(allowed=WRITE, ok=302),
            lambda c: {"version": _round(c).version, "index": 1, "current": "99.5%"},
        )
    ],
    "public:plan": [Row("GET", everyone(200, anonymous=200), _published)],
    "documents:reply-zip": [
        Row("POST", table(allowed=SEE), lambda c: {"plan": c.plan_a.pk, "_": _approved(c)})
    ],
    "pages:batch": [Row("POST", BATCH, _batch)],
    "pages:deadlines": [
        Row(
            "POST",
            table(allowed={"finance", "admin", "other_region"}, ok=302, visible=set(CAST)),
            lambda c: {"year": 2030, "due": "2030-01-15"},
        )
    ],
}

#: Every admin changelist: staff only.
ADMIN_CHANGELIST = Row("GET", everyone(302))


def expectation(name: str) -> Row | None:
    if name in EXPECT:
        return EXPECT[name]
    return ADMIN_CHANGELIST if re.match(r"^admin:\w+_changelist$", name) else None


#: Admin pages other than the index and changelists need object ids and are Django's own
#: permission system; they are not walked.
SKIP = re.compile(r"^admin:(?!index$|.*_changelist$)")


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", ns: str = ""
) -> Iterator[tuple[str, str]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            sub = f"{ns}{p.namespace}:" if p.namespace else ns
            yield from _walk(p.url_patterns, prefix + str(p.pattern), sub)
        elif p.name:
            yield f"{ns}{p.name}", prefix + str(p.pattern)


def url_patterns() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, route in _walk(get_resolver().url_patterns):
        if SKIP.match(name) or name in out:
            continue
        out[name] = route
    return out


def _job(cast: Cast) -> Any:
    """A background job started by the finance reviewer (only they may follow it)."""
    from jixiao.web.jobs.models import Job

    job, _created = Job.objects.get_or_create(
        key="matrix", defaults={"kind": "plans.recheck_all", "user": cast.users["finance"]}
    )
    return job


def _selfeval_values(route: str, cast: Cast) -> dict[str, Any]:
    """Unit A's self-evaluation (inside the request's rolled-back savepoint)."""
    if "item_id" in route:
        from tests.web.selfeval_support import rectification_of_a

        return {"item_id": rectification_of_a(cast).pk}
    if "batch_id" in route:
        from tests.web.selfeval_support import batch_of_finance

        batch = batch_of_finance(cast)
        return {"batch_id": batch.pk, "table_id": batch.tables.get().pk}
    if "selfeval_id" not in route:
        return {}
    from tests.web.selfeval_support import started

    ev = started(cast)
    row = ev.rows.order_by("position").first()
    assert row is not None
    values = {"selfeval_id": ev.pk, "row_id": row.pk}
    if "evidence_id" in route:
        from jixiao.web.selfeval.services.evidence import attach

        values["evidence_id"] = attach(ev, "a.pdf", b"%PDF-1.4 x", user=cast.users["editor"]).pk
    return values


def _fill(route: str, cast: Cast) -> str:
    project = cast.plan_a.projects.order_by("position").first()
    assert project is not None
    indicator = project.indicators.get(name="项目成本")
    values: dict[str, Any] = {
        **_selfeval_values(route, cast),
        "plan_id": cast.plan_a.pk,
        "project_id": project.pk,
        "indicator_id": indicator.pk,
        "unit_id": cast.units["A"].pk,
        "token": "no-such-preview",
        "job_id": _job(cast).pk,
        "rest": "plans/abc",
        "user_id": cast.users["editor"].pk,  # a member of unit A (region 测试县)
        "uidb64": "MQ",
        "region_id": cast.region.pk,
        "year": 2024,
        "fmt": "docx",
    }
    if "round_id" in route:
        values["round_id"] = _round(cast).pk
    if "action_id" in route:
        values["action_id"] = _correction(cast).pk
    if "ledger_id" in route:
        values["ledger_id"] = _pending_ledger(cast).pk
    if "token_id" in route:  # the editor's own API token (created inside the savepoint)
        values["token_id"] = Token.issue(cast.users["editor"], "matrix-revoke")[0].pk
    if "reply_id" in route:
        values["reply_id"] = _approved(cast)  # inside the request's rolled-back savepoint

    # Django converters <int:plan_id>, ninja's {int:plan_id} / {plan_id}.
    path = re.sub(r"<(?:(\w+):)?(\w+)>|\{(?:\w+:)?(\w+)\}", lambda m: _sub(m, values), route)
    path = path.lstrip("^").rstrip("$").replace("\\", "")
    return "/" + path


def _sub(m: re.Match[str], values: dict[str, Any]) -> str:
    name = m.group(2) or m.group(3)
    if name not in values:
        raise AssertionError(f"no value for URL parameter {name!r}; add it to _fill")
    return str(values[name])


def _request(cast: Cast, name: str, route: str, role: str, row: Row | None = None) -> int:
    row = row or expectation(name)
    assert row is not None
    with transaction.atomic():
        headers: dict[str, str] = {}
        client = Client()
        if role != "anonymous":
            user = cast.users[role]
            if name.startswith("api:"):
                _t, key = Token.issue(user, "matrix")
                headers["Authorization"] = f"Bearer {key}"
            else:
                client.force_login(user)
        url = _fill(route, cast)
        if row.method == "GET":
            status = client.get(url, row.data(cast), headers=headers).status_code
        elif row.body == "json":
            body = json.dumps(row.data(cast))
            send = client.put if row.method == "PUT" else client.post
            status = send(url, body, content_type="application/json", headers=headers).status_code
        else:
            status = client.post(url, row.data(cast), headers=headers).status_code
        transaction.set_rollback(True)
    return status


def test_every_url_has_an_expectation() -> None:
    missing = sorted(n for n in url_patterns() if expectation(n) is None)
    assert not missing, f"add these URL names to EXPECT in {__file__}: {missing}"
    gone = sorted((set(EXPECT) | set(MORE)) - set(url_patterns()))
    assert not gone, f"EXPECT names URLs that no longer exist: {gone}"


def test_every_url_as_every_role(cast: Cast) -> None:
    probe = bool(os.environ.get("JIXIAO_MATRIX_PROBE"))
    wrong: list[str] = []
    for name, route in url_patterns().items():
        first = expectation(name)
        if first is None:
            continue  # reported by test_every_url_has_an_expectation
        for row in [first, *MORE.get(name, [])]:
            got = {role: _request(cast, name, route, role, row) for role in ROLES}
            if probe:
                print(f"{name:28} {row.method:5} {got}")
            want = row.expect
            diff = {r: (want.get(r), got[r]) for r in ROLES if want.get(r) != got[r]}
            if diff:
                wrong.append(f"{name} {row.method} ({route}): role → (expected, got) {diff}")
    assert not wrong, "\n".join(wrong)


def test_admin_pages_open_for_staff(cast: Cast) -> None:
    from django.contrib.auth.models import User

    root = User.objects.create_superuser("root", password="x-Root-2024-pass")
    client = Client()
    client.force_login(root)
    for name, route in url_patterns().items():
        if name.startswith("admin:"):
            assert client.get(_fill(route, cast)).status_code == 200, name
