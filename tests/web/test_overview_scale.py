"""The region overview at scale: pages, constant queries, URL state, pinyin, Excel, regions."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from jixiao.core.workflow import Role
from jixiao.web.demo.generate import generate_plan
from jixiao.web.orgs.models import Membership, Region, Unit, UnitKind, pinyin_key
from jixiao.web.plans.models import Plan
from jixiao.web.plans.services.bulk import bulk_create_plans
from jixiao.web.plans.services.overview import PER_PAGE
from tests.web.base import PASSWORD, Cast

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _add_units(region: Region, n: int, *, prefix: str = "单位", parent: Unit | None = None) -> None:
    """``n`` units of ``region``, each with a generated 2024 plan (bulk, as the bench does)."""
    start = Unit.objects.filter(region=region).count()
    units = Unit.objects.bulk_create(
        Unit(region=region, parent=parent, code=f"{start + i:06d}", name=f"{prefix}{start + i:04d}")
        for i in range(n)
    )
    bulk_create_plans(
        [
            (u, 2024, generate_plan(u.code, department=u.name, department_code=u.code,
                                    region=region.name, year=2024, projects=2, indicators=4))
            for u in units
        ]
    )  # fmt: skip


def _queries(client: Client, url: str) -> tuple[int, Any]:
    client.get(url)  # warm: session, translations
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize(
    "url",
    [
        "/finance/",
        "/finance/?sort=budget",
        "/finance/?sort=-unit&page=2",
        "/finance/?status=returned",
    ],
)
def test_overview_queries_do_not_grow_with_the_region(cast: Cast, url: str) -> None:
    c = _client(cast.users["finance"])
    _add_units(cast.region, 5)
    small, _r = _queries(c, url)
    _add_units(cast.region, PER_PAGE * 2 + 7, parent=cast.units["S2"])
    large, r = _queries(c, url)
    assert large == small
    assert len(r.context["rows"]) <= PER_PAGE


def test_overview_pages_and_totals_cover_every_filtered_plan(cast: Cast) -> None:
    _add_units(cast.region, PER_PAGE + 10)
    c = _client(cast.users["finance"])
    total = Plan.objects.filter(unit__region=cast.region, is_current=True).count()
    first = c.get("/finance/", {"sort": "code", "page": "1"})
    assert len(first.context["rows"]) == PER_PAGE
    assert first.context["totals"]["plans"] == total
    assert first.context["page"].paginator.num_pages == 2
    second = c.get("/finance/", {"sort": "code", "page": "2"})
    seen = [p.pk for p in first.context["rows"]] + [p.pk for p in second.context["rows"]]
    assert len(seen) == len(set(seen)) == total
    html = first.content.decode()
    # Filters and sort stay in the URL of the next page; a new sort starts at page 1.
    assert "sort=code&amp;page=2" in html
    r = c.get("/finance/", {"sort": "code", "problems": "errors", "page": "2"})
    assert "page=" not in r.content.decode().split('id="overview"')[1].split("</thead>")[0]
    # An out-of-range page shows the last page instead of failing.
    assert c.get("/finance/", {"page": "999"}).context["page"].number == 2


def test_overview_sorts_units_by_pinyin_or_code(cast: Cast) -> None:
    sup = cast.units["S2"]
    for code, name in (("003", "安平县中学"), ("001", "中心小学"), ("002", "北关小学")):
        unit = Unit.objects.create(region=cast.region, parent=sup, code=code, name=name)
        bulk_create_plans([(unit, 2024, generate_plan(code, department=name, department_code=code,
                                                       region="测试县", year=2024, projects=1))])  # fmt: skip
    c = _client(cast.users["finance"])
    names = [p.unit.name for p in c.get("/finance/", {"sort": "unit", "q": "学"}).context["rows"]]
    assert names.index("安平县中学") < names.index("北关小学") < names.index("中心小学")
    assert names == sorted(names, key=pinyin_key)
    codes = [p.unit.code for p in c.get("/finance/", {"sort": "code"}).context["rows"]]
    assert codes == sorted(codes)
    # Search by pinyin finds the unit too.
    rows = c.get("/finance/", {"q": "bei guan"}).context["rows"]
    assert [p.unit.name for p in rows] == ["北关小学"]


def test_pinyin_key_reads_polyphonic_words() -> None:
    assert pinyin_key("重庆银行") == "chong qing yin hang"
    assert pinyin_key("西安") < pinyin_key("先进")


def test_export_is_the_filtered_list_with_text_as_text(cast: Cast) -> None:
    evil = Unit.objects.create(region=cast.region, code="=1+1", name='=HYPERLINK("x","点我")')
    bulk_create_plans([(evil, 2024, generate_plan("e", department=evil.name, department_code="E",
                                                   region="测试县", year=2024, projects=1))])  # fmt: skip
    _add_units(cast.region, PER_PAGE + 3)
    c = _client(cast.users["finance"])
    r = c.get("/finance/export.xlsx", {"sort": "code"})
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:3] == ("单位编码", "单位", "主管部门")
    body = rows[2:]
    assert len(body) == Plan.objects.filter(unit__region=cast.region, is_current=True).count()
    cell = next(c for c in ws["B"] if c.value == evil.name)
    assert cell.data_type == "s"
    assert ws.cell(row=cell.row, column=1).data_type == "s"
    # Filtered: only plans with errors, as on the page.
    r = c.get("/finance/export.xlsx", {"problems": "errors"})
    body = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))[2:]  # type: ignore[union-attr]
    expected = Plan.objects.filter(unit__region=cast.region, is_current=True, error_count__gt=0)
    assert len(body) == expected.count()
    assert all(isinstance(row[6], int) and row[6] > 0 for row in body)


def test_export_refuses_unit_roles_and_hides_other_regions(cast: Cast) -> None:
    assert _client(cast.users["editor"]).get("/finance/export.xlsx").status_code == 403
    r = _client(cast.users["other_region"]).get("/finance/export.xlsx")
    body = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))[2:]  # type: ignore[union-attr]
    assert body == []


# --- regions as a tree -------------------------------------------------------------------


def _province(cast: Cast) -> tuple[Region, Region, User]:
    """A province over a prefecture over the cast's county (测试县); its finance reviewer."""
    province = Region.objects.create(code="130000", name="测试省")
    prefecture = Region.objects.create(code="130500", name="测试市", parent=province)
    cast.region.parent = prefecture
    cast.region.save()
    other = Region.objects.create(code="130600", name="另一市", parent=province)
    county2 = Region.objects.create(code="130601", name="另一县", parent=other)
    _add_units(county2, 3)
    unit = Unit.objects.create(
        region=province, code="P", name="测试省财政厅", kind=UnitKind.FINANCE
    )
    user = User.objects.create_user("province", password=PASSWORD)
    Membership.objects.create(user=user, unit=unit, role=Role.FINANCE_REVIEWER)
    return province, prefecture, user


def test_region_paths_follow_the_tree(cast: Cast) -> None:
    province, prefecture, _user = _province(cast)
    cast.region.refresh_from_db()
    assert cast.region.path == f"{province.pk}/{prefecture.pk}/{cast.region.pk}/"
    assert set(province.subtree()) >= {province, prefecture, cast.region}
    # Moving a prefecture moves its counties.
    prefecture.parent = None
    prefecture.save()
    cast.region.refresh_from_db()
    assert cast.region.path == f"{prefecture.pk}/{cast.region.pk}/"


def test_a_province_sees_its_counties_and_drills_down(cast: Cast) -> None:
    province, prefecture, user = _province(cast)
    c = _client(user)
    r = c.get("/finance/")
    everything = Plan.objects.filter(is_current=True, unit__region__path__startswith=province.path)
    assert r.context["totals"]["plans"] == everything.count()
    assert r.context["totals"]["plans"] > Plan.objects.filter(unit__region=cast.region).count()
    subs = {s["region"].name: s["n"] for s in r.context["subregions"]}
    assert subs == {"测试市": 2, "另一市": 3}
    assert f'href="?region={prefecture.pk}"' in r.content.decode()
    down = c.get("/finance/", {"region": prefecture.pk})
    assert {p.pk for p in down.context["rows"]} == {cast.plan_a.pk, cast.plan_b.pk}
    assert [s["region"].name for s in down.context["subregions"]] == ["测试县"]
    # A county's finance reviewer still sees only its county, even when asking for more.
    county = _client(cast.users["finance"]).get("/finance/", {"region": province.pk})
    assert {p.pk for p in county.context["rows"]} == {cast.plan_a.pk, cast.plan_b.pk}
    assert county.context["region"] == cast.region
    assert Unit.objects.visible_to(cast.users["finance"]).filter(region=province).count() == 0
