"""Dashboard, unit overview and finance overview (with the batch "check all")."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.web.base import Cast


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


@pytest.mark.parametrize(
    ("who", "target"),
    [
        ("editor", "unit"),
        ("leader", "unit"),
        ("other", "unit"),
        ("supervisor", "finance"),
        ("finance", "finance"),
        ("auditor", "finance"),
        ("admin", "finance"),
    ],
)
def test_dashboard_sends_each_role_to_its_work(cast: Cast, who: str, target: str) -> None:
    r = _client(cast, who).get("/")
    assert r.status_code == 302
    if target == "unit":
        unit = cast.users[who].membership.unit
        assert r["Location"] == f"/units/{unit.pk}/"
    else:
        assert r["Location"] == "/finance/"


def test_dashboard_requires_login(client: Client, db: None) -> None:
    r = client.get("/")
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/")


def test_unit_overview_lists_plans_with_budget_and_counts(cast: Cast) -> None:
    r = _client(cast, "editor").get(f"/units/{cast.units['A'].pk}/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "测试县政法委本级" in html
    assert f"/plans/{cast.plan_a.pk}/" in html
    assert "105.00" in html  # 96 + 4 + 4 + 1 万元, two decimals
    assert "导入绩效目标" in html  # the editor may import


def test_unit_overview_hides_import_from_read_only_roles(cast: Cast) -> None:
    html = _client(cast, "leader").get(f"/units/{cast.units['A'].pk}/").content.decode()
    assert "导入绩效目标" not in html


def test_finance_overview_lists_every_plan_of_the_region(cast: Cast) -> None:
    r = _client(cast, "finance").get("/finance/")
    assert r.status_code == 200
    rows = r.context["rows"]
    assert {p.pk for p in rows} == {cast.plan_a.pk, cast.plan_b.pk}
    html = r.content.decode()
    assert "测试县第一中学" in html
    assert "测试县政法委本级" in html
    assert "115.00" in html  # region total: 105 + 10 万元


def test_finance_overview_filters_by_supervisor(cast: Cast) -> None:
    r = _client(cast, "finance").get("/finance/", {"supervisor": cast.units["S2"].pk})
    assert [p.pk for p in r.context["rows"]] == [cast.plan_b.pk]


def test_finance_overview_filters_by_errors_and_sorts(cast: Cast) -> None:
    from jixiao.web.plans.models import Plan

    Plan.objects.filter(pk=cast.plan_a.pk).update(error_count=0, warning_count=2)
    Plan.objects.filter(pk=cast.plan_b.pk).update(error_count=3, warning_count=1)
    c = _client(cast, "finance")
    r = c.get("/finance/", {"problems": "errors"})
    assert [p.pk for p in r.context["rows"]] == [cast.plan_b.pk]
    r = c.get("/finance/", {"sort": "budget"})
    assert [p.pk for p in r.context["rows"]] == [cast.plan_b.pk, cast.plan_a.pk]
    r = c.get("/finance/", {"sort": "-budget"})
    assert [p.pk for p in r.context["rows"]] == [cast.plan_a.pk, cast.plan_b.pk]


def test_finance_overview_for_a_supervisor_shows_only_its_units(cast: Cast) -> None:
    r = _client(cast, "supervisor").get("/finance/")
    assert [p.pk for p in r.context["rows"]] == [cast.plan_a.pk]


def test_finance_overview_does_not_query_per_row(cast: Cast, django_assert_max_num_queries) -> None:
    c = _client(cast, "finance")
    c.get("/finance/")  # warm the session
    with django_assert_max_num_queries(19):
        c.get("/finance/")


def test_check_all_recomputes_counts_and_reports_them(cast: Cast) -> None:
    from jixiao.web.plans.models import Plan
    from jixiao.web.plans.services.findings import plan_findings

    Plan.objects.update(error_count=99, warning_count=99, checked_at=None)
    expected = {p.pk: plan_findings(p) for p in Plan.objects.all()}
    r = _client(cast, "finance").post("/finance/check/", follow=True)
    assert r.status_code == 200
    for pk, findings in expected.items():
        plan = Plan.objects.get(pk=pk)
        assert plan.error_count == sum(1 for f in findings if f.severity == "error")
        assert plan.warning_count == sum(1 for f in findings if f.severity == "warning")
        assert plan.checked_at is not None
    assert "已重新审核 2 份绩效目标" in r.content.decode()


# --- refusals ----------------------------------------------------------------------------


def test_it_refuses_other_unit(cast: Cast) -> None:
    assert _client(cast, "other").get(f"/units/{cast.units['A'].pk}/").status_code == 404
    assert _client(cast, "other_region").get(f"/units/{cast.units['A'].pk}/").status_code == 404


def test_it_requires_write_access(cast: Cast) -> None:
    """Unit roles neither see the region overview nor may run the batch check."""
    c = _client(cast, "editor")
    assert c.get("/finance/").status_code == 403
    assert c.post("/finance/check/").status_code == 403


def test_it_rejects_get(cast: Cast) -> None:
    assert _client(cast, "finance").get("/finance/check/").status_code == 405


def test_pages_are_chinese_by_default_and_english_on_request(cast: Cast, settings: Any) -> None:
    c = _client(cast, "editor")
    url = f"/units/{cast.units['A'].pk}/"
    html = c.get(url).content.decode()
    assert "各年度绩效目标" in html
    assert 'lang="zh-hans"' in html
    r = c.post("/i18n/setlang/", {"language": "en", "next": url})
    assert r.status_code == 302
    html = c.get(url).content.decode()
    assert "Targets by year" in html
    assert "Unit editor" in html  # the role in the top bar
    assert 'lang="en"' in html
    project = cast.plan_a.projects.order_by("position")[0]
    html = c.get(f"/plans/{cast.plan_a.pk}/projects/{project.pk}/").content.decode()
    assert "Changes save when you leave a field" in html
    assert "Add indicator" in html


def test_check_all_keeps_to_the_filtered_plans(cast: Cast) -> None:
    from jixiao.web.plans.models import Plan

    Plan.objects.update(checked_at=None)
    r = _client(cast, "finance").post(
        "/finance/check/", {"supervisor": cast.units["S2"].pk, "query": "supervisor=x"}
    )
    assert r["Location"] == "/finance/?supervisor=x"
    assert Plan.objects.get(pk=cast.plan_b.pk).checked_at is not None
    assert Plan.objects.get(pk=cast.plan_a.pk).checked_at is None


def test_a_superuser_without_unit_gets_the_region_overview(cast: Cast) -> None:
    from django.contrib.auth.models import User

    root = User.objects.create_superuser("root", password="x-Very-long-pass-1")
    c = Client()
    c.force_login(root)
    r = c.get("/", follow=True)
    assert r.status_code == 200
    assert {p.pk for p in r.context["rows"]} >= {cast.plan_a.pk, cast.plan_b.pk}


def test_a_supervisor_finds_the_overview_in_the_navigation(cast: Cast) -> None:
    html = _client(cast, "supervisor").get(f"/plans/{cast.plan_a.pk}/").content.decode()
    assert 'href="/finance/"' in html
    html = _client(cast, "editor").get(f"/plans/{cast.plan_a.pk}/").content.decode()
    assert 'href="/finance/"' not in html
