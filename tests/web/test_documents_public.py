"""公开: the anonymous pages show what finance published, and nothing else leaks."""

from __future__ import annotations

import csv
import io
import json

import pdfplumber
import pytest
from django.test import Client

from jixiao.core.documents.carried import carried
from jixiao.core.model import Plan as CorePlan
from jixiao.web.documents.models import Publication
from jixiao.web.documents.services.publishing import set_published
from jixiao.web.plans.models import Plan, Project
from jixiao.web.plans.review.comments import add_comment
from jixiao.web.plans.review.transitions import transition
from jixiao.web.plans.services.mapping import plan_to_core
from tests.web.base import Cast
from tests.web.workflow_support import clean_plan, supervisor_approved_plan

pytestmark = pytest.mark.django_db

SECRET_COMMENT = "内部审核意见XYZ请勿外传"
PEOPLE = {"editor": "张填报", "supervisor": "李主管", "finance": "王财政"}


def _approved(cast: Cast, unit: str = "A", year: int = 2025) -> Plan:
    if unit == "A":
        plan = supervisor_approved_plan(cast, year)
    else:
        plan = clean_plan(cast, unit, year)
        Plan.objects.filter(pk=plan.pk).update(status="supervisor_approved")
    transition(plan, "finance_approve", user=cast.users["finance"], comment="同意。")
    plan.refresh_from_db()
    return plan


def _publish(cast: Cast, plan: Plan, publish: bool = True) -> None:
    [result] = set_published([plan], publish, user=cast.users["finance"])
    assert result.ok, result.message


def _anon(url: str) -> tuple[int, str]:
    r = Client().get(url)
    return r.status_code, r.content.decode("utf-8", "replace")


def test_anonymous_sees_only_published_approved_plans(cast: Cast) -> None:
    public = _approved(cast, "A")
    _publish(cast, public)
    unpublished = _approved(cast, "A2")
    draft = cast.plan_b
    status, index = _anon("/public/")
    assert status == 200
    assert "测试县" in index
    status, page = _anon(f"/public/{cast.region.pk}/2025/")
    assert status == 200
    assert "测试县政法委本级" in page
    assert "测试县法学会" not in page
    assert "测财绩〔2025〕1号" in page
    assert _anon(f"/public/plans/{public.pk}/")[0] == 200
    for hidden in (unpublished, draft):
        assert _anon(f"/public/plans/{hidden.pk}/")[0] == 404
        assert _anon(f"/public/plans/{hidden.pk}/document.pdf")[0] == 404


def test_an_unapproved_plan_cannot_be_published(cast: Cast) -> None:
    [result] = set_published([cast.plan_b], True, user=cast.users["finance"])
    assert not result.ok
    assert result.message == "只能公开已批复的绩效目标"
    assert not Publication.objects.exists()


def test_only_the_regions_finance_publishes(cast: Cast) -> None:
    plan = _approved(cast)
    for role in ("editor", "supervisor", "auditor", "admin"):
        c = Client()
        c.force_login(cast.users[role])
        assert c.post("/finance/publish/", {"plan": plan.pk}).status_code == 403
    c = Client()
    c.force_login(cast.users["other_region"])  # a finance reviewer, another region
    c.post("/finance/publish/", {"plan": plan.pk})
    [result] = set_published([plan], True, user=cast.users["other_region"])
    assert not result.ok
    assert not Publication.objects.exists()
    c = Client()
    c.force_login(cast.users["finance"])
    r = c.post("/finance/publish/", {"plan": plan.pk, "action": "publish"})
    assert r.status_code == 302
    assert Publication.objects.get().user == cast.users["finance"]


def test_withdrawing_is_recorded_and_hides_the_plan(cast: Cast) -> None:
    plan = _approved(cast)
    _publish(cast, plan)
    _publish(cast, plan, publish=False)
    assert _anon(f"/public/plans/{plan.pk}/")[0] == 404
    assert list(Publication.objects.values_list("published", flat=True)) == [True, False]
    record = Publication.objects.first()
    assert record is not None
    with pytest.raises(ValueError, match="不能删除"):
        record.delete()
    _publish(cast, plan)
    assert _anon(f"/public/plans/{plan.pk}/")[0] == 200


def test_a_published_adjustment_replaces_the_original_on_the_public_list(cast: Cast) -> None:
    first = _approved(cast)
    _publish(cast, first)
    new = transition(first, "adjust", user=cast.users["editor"], comment="追加任务")
    transition(new, "submit", user=cast.users["editor"])
    transition(new, "supervisor_approve", user=cast.users["supervisor"])
    transition(new, "finance_approve", user=cast.users["finance"])
    _publish(cast, new)
    page = _anon(f"/public/{cast.region.pk}/2025/")[1]
    assert f"/public/plans/{new.pk}/" in page
    assert f"/public/plans/{first.pk}/" not in page
    assert "测财绩〔2025〕2号" in page


def test_nothing_internal_reaches_the_public(cast: Cast) -> None:
    for role, user in cast.users.items():
        user.username = f"acct-{role}-7q"  # distinctive: any trace of a person shows
        user.first_name = PEOPLE.get(role, "")
        user.save()
    plan = supervisor_approved_plan(cast)
    add_comment(plan, SECRET_COMMENT, user=cast.users["supervisor"])
    transition(plan, "finance_approve", user=cast.users["finance"], comment=SECRET_COMMENT)
    _publish(cast, plan)
    urls = [
        "/public/",
        f"/public/{cast.region.pk}/2025/",
        f"/public/{cast.region.pk}/2025/data.json",
        f"/public/{cast.region.pk}/2025/data.csv",
        f"/public/plans/{plan.pk}/",
    ]
    for url in urls:
        status, body = _anon(url)
        assert status == 200, url
        assert SECRET_COMMENT not in body, url
        for person in [*PEOPLE.values(), "acct-"]:
            assert person not in body, (url, person)
        assert "审核结果" not in body, url
        assert "修改记录" not in body, url
    # the internal pages of the same, published plan stay closed to the anonymous user
    for url in (
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/export.json",
        f"/plans/{plan.pk}/documents/",
        f"/plans/{plan.pk}/documents/pdf/",
        f"/plans/{plan.pk}/compare/",
        "/finance/documents/",
    ):
        r = Client().get(url)
        assert r.status_code == 302, url
        assert r["Location"].startswith("/accounts/login/"), url
    for url in (f"/api/plans/{plan.pk}", f"/api/plans/{plan.pk}/comments",
                f"/api/plans/{plan.pk}/replies", f"/api/plans/{plan.pk}/transitions"):  # fmt: skip
        assert Client().get(url).status_code == 401, url


def test_open_data_json_is_the_published_plan(cast: Cast) -> None:
    plan = _approved(cast)
    _publish(cast, plan)
    _approved(cast, "A2")  # approved, not published: absent
    r = Client().get(f"/public/{cast.region.pk}/2025/data.json")
    data = json.loads(r.content)
    assert data["format"] == "jixiao.public/1"
    assert (data["region"], data["year"]) == ("测试县", 2025)
    [entry] = data["plans"]
    assert entry["unit"] == {"code": "A", "name": "测试县政法委本级"}
    assert entry["reply_number"] == "测财绩〔2025〕1号"
    assert CorePlan.from_dict(entry["plan"]) == carried(plan_to_core(plan))
    # 分值 are not in the published document
    indicators = [i for p in entry["plan"]["projects"] for i in p["indicators"]]
    assert indicators
    assert all(i.get("points") is None for i in indicators)


def test_open_data_csv_has_one_line_per_indicator_and_no_formulas(cast: Cast) -> None:
    plan = _approved(cast)
    Project.objects.filter(plan=plan).update(name='=cmd|"/c calc"!A1')
    _publish(cast, plan)
    r = Client().get(f"/public/{cast.region.pk}/2025/data.csv")
    text = r.content.decode("utf-8")
    assert text.startswith("\ufeff地区,年度")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    indicators = sum(p.indicators.count() for p in plan.projects.all())
    assert len(rows) == 1 + indicators
    assert all(row[6] == '\'=cmd|"/c calc"!A1' for row in rows[1:])


def test_public_page_and_pdf_show_the_document_with_hostile_text_as_text(cast: Cast) -> None:
    plan = _approved(cast)
    Project.objects.filter(plan=plan).update(name='<script>alert("x")</script>{{ 7*7 }}')
    _publish(cast, plan)
    status, page = _anon(f"/public/plans/{plan.pk}/")
    assert status == 200
    assert "<script>alert" not in page
    assert 'sandbox=""' in page
    assert "部门预算绩效文本" in page
    r = Client().get(f"/public/plans/{plan.pk}/document.pdf")
    assert r.status_code == 200
    with pdfplumber.open(io.BytesIO(r.content)) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert '<script>alert("x")</script>{{' in text.replace("\n", "")


def test_demo_county_has_replies_and_published_plans() -> None:
    from io import StringIO

    from django.core.management import call_command

    from jixiao.web.documents.models import Reply
    from jixiao.web.orgs.models import Region

    call_command("demo_data", "--no-tokens", stdout=StringIO())
    region = Region.objects.get(name="巨鹿县")
    numbers = list(Reply.objects.filter(region=region).values_list("number", flat=True))
    assert numbers
    assert numbers[0] == "巨财绩〔2024〕1号"
    page = Client().get(f"/public/{region.pk}/2024/").content.decode()
    assert "巨鹿县第一中学" not in page  # returned, never approved
    published = Publication.objects.filter(plan__unit__region=region)
    assert published.exists()
    for p in published:
        assert p.plan.unit.name in page
    assert not Publication.objects.filter(plan__unit__code="601001").exists()
    call_command("demo_data", "--no-tokens", stdout=StringIO())  # idempotent
    assert Publication.objects.filter(plan__unit__region=region).count() == published.count()


def test_the_public_pdf_is_printed_once_per_version(cast: Cast) -> None:
    from django.core.cache import cache

    cache.clear()
    plan = _approved(cast)
    _publish(cast, plan)
    first = Client().get(f"/public/plans/{plan.pk}/document.pdf").content
    keys = [k for k in cache._cache if f"plan-pdf:{plan.pk}:" in k]  # type: ignore[attr-defined]
    assert len(keys) == 1
    assert Client().get(f"/public/plans/{plan.pk}/document.pdf").content == first
