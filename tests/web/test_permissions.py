from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jixiao.web.orgs.models import Unit
from jixiao.web.plans.access import (
    can_edit_plan,
    get_indicator_for_user,
    get_plan_for_user,
    get_project_for_user,
)
from jixiao.web.plans.models import Plan
from tests.web.base import Cast

pytestmark = pytest.mark.django_db

#: Who sees which units of the cast (F2 is the other region).
UNITS = {
    "editor": {"A"},
    "leader": {"A"},
    "supervisor": {"S", "A", "A2"},
    "finance": {"F", "S", "S2", "A", "A2", "B"},
    "auditor": {"F", "S", "S2", "A", "A2", "B"},
    "admin": {"F", "S", "S2", "A", "A2", "B"},
    "other": {"B"},
    "other_region": {"F2"},
}
WRITE = {"editor": {"A"}, "admin": {"F", "S", "S2", "A", "A2", "B"}, "other": {"B"}}


@pytest.mark.parametrize("who", list(UNITS))
def test_visible_and_writable_units_follow_the_role(cast: Cast, who: str) -> None:
    code = {u.pk: k for k, u in cast.units.items()}
    user = cast.users[who]
    assert {code[u.pk] for u in Unit.objects.visible_to(user)} == UNITS[who]
    assert {code[u.pk] for u in Unit.objects.writable_by(user)} == WRITE.get(who, set())


def test_visible_plans_and_edit_rights(cast: Cast) -> None:
    assert set(Plan.objects.visible_to(cast.users["supervisor"])) == {cast.plan_a}
    assert set(Plan.objects.visible_to(cast.users["auditor"])) == {cast.plan_a, cast.plan_b}
    assert not Plan.objects.visible_to(AnonymousUser()).exists()
    assert not Plan.objects.visible_to(User.objects.create_user("nobody")).exists()  # no membership
    assert can_edit_plan(cast.users["editor"], cast.plan_a)
    assert can_edit_plan(cast.users["admin"], cast.plan_a)
    assert not can_edit_plan(cast.users["leader"], cast.plan_a)
    assert not can_edit_plan(cast.users["other"], cast.plan_a)


def test_a_plan_out_of_the_editable_states_is_read_only_even_for_its_editor(cast: Cast) -> None:
    Plan.objects.filter(pk=cast.plan_a.pk).update(status="submitted")
    plan = get_plan_for_user(cast.users["editor"], cast.plan_a.pk)
    assert not can_edit_plan(cast.users["editor"], plan)
    with pytest.raises(PermissionDenied):
        get_plan_for_user(cast.users["editor"], cast.plan_a.pk, write=True)


def test_get_helpers_answer_404_to_outsiders_and_403_to_readers(cast: Cast) -> None:
    project = cast.plan_a.projects.first()
    assert project is not None
    indicator = project.indicators.first()
    assert indicator is not None
    other, leader = cast.users["other"], cast.users["leader"]
    for call in (
        lambda u, w: get_plan_for_user(u, cast.plan_a.pk, write=w),
        lambda u, w: get_project_for_user(u, cast.plan_a.pk, project.pk, write=w),
        lambda u, w: get_indicator_for_user(u, indicator.pk, write=w),
    ):
        with pytest.raises(Http404):
            call(other, False)
        with pytest.raises(Http404):
            call(other, True)
        call(leader, False)
        with pytest.raises(PermissionDenied):
            call(leader, True)
        call(cast.users["editor"], True)
    # A project id that belongs to another plan is not found through this plan.
    b_project = cast.plan_b.projects.first()
    assert b_project is not None
    with pytest.raises(Http404):
        get_project_for_user(cast.users["admin"], cast.plan_a.pk, b_project.pk)
    with pytest.raises(Http404):
        get_plan_for_user(cast.users["admin"], "not-a-number")
