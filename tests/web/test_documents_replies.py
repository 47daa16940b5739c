"""批复: every finance approval records a numbered reply; its documents; batch zips."""

from __future__ import annotations

import io
import threading
import zipfile

import docx
import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client

from jixiao.core import workflow as wf
from jixiao.web.documents.models import Reply, ReplyCounter, ReplyNumbering
from jixiao.web.orgs.models import Membership, Unit
from jixiao.web.plans.models import Plan
from jixiao.web.plans.review.transitions import transition
from jixiao.web.plans.services import editing
from tests.web.base import Cast
from tests.web.workflow_support import clean_plan, supervisor_approved_plan

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>{{ 7*7 }}=cmd|"/c calc"!A1 & </w:t>'


def _client(cast: Cast, role: str) -> Client:
    c = Client()
    c.force_login(cast.users[role])
    return c


def _approve(plan: Plan, cast: Cast, comment: str = "") -> Reply:
    transition(plan, "finance_approve", user=cast.users["finance"], comment=comment)
    return Reply.objects.filter(plan=plan).latest("seq")


def _docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_finance_approval_records_a_numbered_reply(cast: Cast) -> None:
    plan = supervisor_approved_plan(cast)
    reply = _approve(plan, cast, "同意。请细化满意度指标。")
    assert reply.number == "测财绩〔2025〕1号"  # default pattern: the region's first character
    assert (reply.seq, reply.year, reply.region) == (1, 2025, cast.region)
    assert reply.text == "同意。请细化满意度指标。"
    assert reply.issuer == "测试县财政局"
    assert not reply.adjustment
    # recorded with the approval in the history
    assert reply.step.action == wf.Action.FINANCE_APPROVE
    assert reply.step.plan_id == plan.pk
    assert reply.user == cast.users["finance"]


def test_supervisor_approval_is_not_a_reply(cast: Cast) -> None:
    supervisor_approved_plan(cast)
    assert not Reply.objects.exists()


def test_numbers_follow_the_regions_pattern_per_year(cast: Cast) -> None:
    ReplyNumbering.objects.create(region=cast.region, pattern="测财绩〔{year}〕第{n}号")
    first = _approve(supervisor_approved_plan(cast, 2025), cast)
    a2 = clean_plan(cast, "A2", 2025)
    Plan.objects.filter(pk=a2.pk).update(status="supervisor_approved")
    second = _approve(a2, cast)
    other_year = _approve(supervisor_approved_plan(cast, 2026), cast)
    assert [first.number, second.number, other_year.number] == [
        "测财绩〔2025〕第1号",
        "测财绩〔2025〕第2号",
        "测财绩〔2026〕第1号",
    ]


def test_an_approval_rolled_back_gives_its_number_back(cast: Cast) -> None:
    plan = supervisor_approved_plan(cast)

    def approve_then_fail() -> None:
        with transaction.atomic():
            _approve(plan, cast)
            raise RuntimeError("the rest of the request failed")

    with pytest.raises(RuntimeError):
        approve_then_fail()
    plan.refresh_from_db()
    assert plan.status == wf.State.SUPERVISOR_APPROVED
    assert not Reply.objects.exists()
    assert _approve(plan, cast).seq == 1  # no gap


def test_a_bad_pattern_refuses_the_approval_with_a_chinese_message(cast: Cast) -> None:
    ReplyNumbering.objects.create(region=cast.region, pattern="测财绩〔{year}〕号")
    plan = supervisor_approved_plan(cast)
    with pytest.raises(wf.TransitionError, match="文号格式"):
        _approve(plan, cast)
    plan.refresh_from_db()
    assert plan.status == wf.State.SUPERVISOR_APPROVED


def test_replies_are_records(cast: Cast) -> None:
    reply = _approve(supervisor_approved_plan(cast), cast)
    reply.text = "改写"
    with pytest.raises(ValueError, match="不能修改"):
        reply.save()
    with pytest.raises(ValueError, match="不能删除"):
        reply.delete()


def test_an_adjustment_gets_its_own_reply(cast: Cast) -> None:
    plan = supervisor_approved_plan(cast)
    first = _approve(plan, cast)
    new = transition(plan, "adjust", user=cast.users["editor"], comment="追加任务")
    transition(new, "submit", user=cast.users["editor"])
    transition(new, "supervisor_approve", user=cast.users["supervisor"])
    second = _approve(new, cast, "同意调整。")
    assert (first.adjustment, second.adjustment) == (False, True)
    assert second.number == "测财绩〔2025〕2号"
    data = _client(cast, "editor").get(f"/replies/{second.pk}/docx/").content
    assert "预算绩效目标调整的批复" in _docx_text(data)
    page = _client(cast, "editor").get(f"/plans/{new.pk}/documents/").content.decode()
    assert first.number in page
    assert second.number in page


def test_reply_documents_download_for_who_sees_the_plan(cast: Cast) -> None:
    reply = _approve(supervisor_approved_plan(cast), cast, "同意。")
    r = _client(cast, "editor").get(f"/replies/{reply.pk}/docx/")
    assert r.status_code == 200
    assert "filename*=UTF-8''" in r["Content-Disposition"]
    text = _docx_text(r.content)
    assert "测财绩〔2025〕1号" in text
    assert "测试县政法委本级：" in text
    assert "同意。" in text
    pdf = _client(cast, "finance").get(f"/replies/{reply.pk}/pdf/")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    # another unit's user, another region's finance: 404, as if it did not exist
    assert _client(cast, "other").get(f"/replies/{reply.pk}/docx/").status_code == 404
    assert _client(cast, "other_region").get(f"/replies/{reply.pk}/pdf/").status_code == 404
    assert _client(cast, "other").get(f"/replies/zip/?reply={reply.pk}").status_code == 404


def test_plan_page_links_its_documents(cast: Cast) -> None:
    plan = supervisor_approved_plan(cast)
    reply = _approve(plan, cast)
    html = _client(cast, "editor").get(f"/plans/{plan.pk}/").content.decode()
    assert f'href="/plans/{plan.pk}/documents/"' in html
    page = _client(cast, "editor").get(f"/plans/{plan.pk}/documents/").content.decode()
    assert reply.number in page
    assert f"/replies/{reply.pk}/pdf/" in page
    r = _client(cast, "editor").get(f"/plans/{plan.pk}/documents/docx/")
    assert r.status_code == 200
    assert "部门预算绩效文本" in _docx_text(r.content)


def test_batch_approval_gives_one_numbered_document_per_unit_in_one_zip(cast: Cast) -> None:
    a = supervisor_approved_plan(cast)
    a2 = clean_plan(cast, "A2", 2025)
    transition(a2, "submit", user=editing_user(cast, "A2"))
    transition(a2, "supervisor_approve", user=cast.users["supervisor"])
    r = _client(cast, "finance").post(
        "/review/batch/", {"action": "approve", "plan": [a.pk, a2.pk], "comment": "同意。"}
    )
    assert [res.ok for res in r.context["results"]] == [True, True]
    replies = list(Reply.objects.order_by("seq"))
    assert [x.number for x in replies] == ["测财绩〔2025〕1号", "测财绩〔2025〕2号"]
    assert {x.plan_id for x in replies} == {a.pk, a2.pk}
    html = r.content.decode()
    assert 'id="replies-zip"' in html
    link = html.split('id="replies-zip" href="')[1].split('"')[0].replace("&amp;", "&")
    z = _client(cast, "finance").get(link)
    assert z.status_code == 200
    with zipfile.ZipFile(io.BytesIO(z.content)) as archive:
        names = archive.namelist()
        texts = [_docx_text(archive.read(n)) for n in names]
    assert len(names) == 2
    assert any("测试县政法委本级" in n and "测财绩〔2025〕1号" in n for n in names)
    assert any("测试县法学会" in n and "测财绩〔2025〕2号" in n for n in names)
    assert all("同意。" in t for t in texts)
    # the unit of one plan downloads only its own reply from the same link
    with zipfile.ZipFile(io.BytesIO(_client(cast, "editor").get(link).content)) as own:
        assert [n for n in own.namelist() if "测试县法学会" in n] == []


def editing_user(cast: Cast, unit: str) -> User:
    """An editor of ``unit`` (the cast has one for A only)."""
    user = User.objects.create_user(f"editor-{unit}", password="Ce-shi-mima-2024")
    Membership.objects.create(user=user, unit=cast.units[unit], role=wf.Role.UNIT_EDITOR)
    return user


def test_hostile_text_is_only_text_in_the_reply_and_its_page(cast: Cast) -> None:
    plan = supervisor_approved_plan(cast)
    project = plan.projects.first()
    assert project is not None
    type(project).objects.filter(pk=project.pk).update(name=HOSTILE)
    reply = _approve(plan, cast, HOSTILE)
    page = _client(cast, "editor").get(f"/plans/{plan.pk}/documents/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    text = _docx_text(_client(cast, "editor").get(f"/replies/{reply.pk}/docx/").content)
    assert HOSTILE in text  # the reply text and the project name, as written


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_concurrent_approvals_get_unique_gap_free_numbers() -> None:
    from tests.web.base import build_cast

    cast = build_cast()
    n = 8
    plans = []
    for k in range(n):
        unit = Unit.objects.create(region=cast.region, code=f"C{k}", name=f"并发单位{k}")
        plan = editing.create_plan(unit, 2025, user=None)
        Plan.objects.filter(pk=plan.pk).update(status="submitted")  # no 主管部门: finance's turn
        plans.append(plan)
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def approve(plan: Plan) -> None:
        try:
            barrier.wait()
            transition(plan, "finance_approve", user=cast.users["finance"])
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(p,)) for p in plans]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = sorted(Reply.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, n + 1))
    assert len(set(Reply.objects.values_list("number", flat=True))) == n
    assert ReplyCounter.objects.get(region=cast.region, year=2025).last == n


def test_finance_page_lists_numbers_and_zips_a_selection(cast: Cast) -> None:
    plan = supervisor_approved_plan(cast)
    reply = _approve(plan, cast)
    c = _client(cast, "finance")
    page = c.get("/finance/documents/?year=2025").content.decode()
    assert reply.number in page
    assert 'formaction="/replies/zip/"' in page
    r = c.post("/replies/zip/", {"plan": [plan.pk], "format": "docx"})
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
        [name] = archive.namelist()
    assert reply.number in name
    assert _client(cast, "editor").get("/finance/documents/").status_code == 403


def test_the_plan_pages_approval_takes_the_reply_text(cast: Cast) -> None:
    plan = supervisor_approved_plan(cast)
    c = _client(cast, "finance")
    page = c.get(f"/plans/{plan.pk}/").content.decode()
    assert 'id="wf-finance_approve-comment"' in page
    assert "（选填）" in page
    plan.refresh_from_db()
    r = c.post(
        f"/plans/{plan.pk}/transition/",
        {"action": "finance_approve", "version": plan.version, "comment": "同意。请细化。"},
    )
    assert r.status_code == 302
    assert Reply.objects.get(plan=plan).text == "同意。请细化。"
