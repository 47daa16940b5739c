"""The Django admin cannot rewrite or erase targets or their review record."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from jixiao.web.plans.models import Indicator, Plan
from tests.web.base import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(cast: Cast) -> Client:
    User.objects.create_superuser("root", "root@example.org", "Ce-shi-mima-2024")
    c = Client()
    c.force_login(User.objects.get(username="root"))
    return c


def test_the_admin_shows_plans_read_only(cast: Cast, superuser_client: Client) -> None:
    plan = cast.plan_a
    r = superuser_client.get(f"/admin/plans/plan/{plan.pk}/change/")
    assert r.status_code == 200
    assert 'name="_save"' not in r.content.decode()
    assert superuser_client.get("/admin/plans/plan/add/").status_code == 403
    r = superuser_client.get(f"/admin/plans/plan/{plan.pk}/delete/")
    assert r.status_code == 403


def test_the_admin_refuses_to_change_or_delete(cast: Cast, superuser_client: Client) -> None:
    plan = cast.plan_a
    ind = Indicator.objects.filter(project__plan=plan).first()
    assert ind is not None
    version = plan.version
    r = superuser_client.post(
        f"/admin/plans/plan/{plan.pk}/change/", {"unit": plan.unit_id, "year": 2030}
    )
    assert r.status_code == 403
    r = superuser_client.post(f"/admin/plans/plan/{plan.pk}/delete/", {"post": "yes"})
    assert r.status_code == 403
    r = superuser_client.post(
        "/admin/plans/plan/", {"action": "delete_selected", "_selected_action": [plan.pk]}
    )
    plan.refresh_from_db()
    assert (plan.year, plan.version) == (2024, version)
    assert Plan.objects.filter(pk=plan.pk).exists()
    r = superuser_client.post(f"/admin/plans/project/{ind.project_id}/change/", {"name": "改掉"})
    assert r.status_code == 403


def test_the_deadline_admin_prints_nothing(
    cast: Cast, superuser_client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    r = superuser_client.post(
        "/admin/plans/deadline/add/",
        {"region": cast.region.pk, "year": 2025, "due": "2025-03-31", "note": ""},
    )
    assert r.status_code == 302
    assert capsys.readouterr().out == ""
