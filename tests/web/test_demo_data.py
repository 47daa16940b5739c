from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from jixiao.core.workflow import ROLE_LABELS, Role
from jixiao.web.api.models import Token
from jixiao.web.orgs.models import Membership, Unit
from jixiao.web.plans.models import Indicator, Plan, Project
from jixiao.web.plans.services.mapping import plan_to_core

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


def test_demo_data_is_idempotent_and_prints_every_role() -> None:
    first = _run()
    counts = (
        Unit.objects.count(),
        Plan.objects.count(),
        Project.objects.count(),
        Indicator.objects.count(),
    )
    second = _run("--no-tokens")
    assert counts == (
        Unit.objects.count(),
        Plan.objects.count(),
        Project.objects.count(),
        Indicator.objects.count(),
    )
    assert "新建绩效目标 11 份" in first
    assert "新建绩效目标 0 份" in second
    for role in Role:
        assert ROLE_LABELS[role] in first
        assert Membership.objects.filter(role=role).exists()
    assert "Bearer jx_" in first
    assert Token.objects.filter(name="demo").count() == 1


def test_the_model_unit_gets_the_model_plan_and_others_generated_ones() -> None:
    _run("--no-tokens")
    plan = Plan.objects.get(unit__name="巨鹿县政法委本级", year=2024)
    doc = plan_to_core(plan)
    cost = next(i for i in doc.projects[0].indicators if i.name == "项目成本")
    assert cost.target == "≥96万元"
    others = Plan.objects.current().exclude(pk=plan.pk)
    assert others.count() == 10
    for other in others:
        assert 3 <= other.projects.count() <= 6
    # One editor sees only the own unit; the finance reviewer sees all eleven.
    from django.contrib.auth.models import User

    assert Plan.objects.visible_to(User.objects.get(username="zfw_editor")).count() == 1
    assert Plan.objects.visible_to(User.objects.get(username="zfw_reviewer")).count() == 3
    assert Plan.objects.visible_to(User.objects.get(username="czj_jxk")).current().count() == 11


def test_demo_plans_are_spread_over_the_workflow_by_the_service() -> None:
    from collections import Counter

    from django.contrib.auth.models import User

    from jixiao.web.plans.models import Deadline, Notification, ReviewComment, Transition
    from jixiao.web.plans.review.deadlines import overdue_units
    from jixiao.web.plans.review.notifications import unread_count
    from jixiao.web.plans.review.todo import todo_for

    _run("--no-tokens")
    current = Plan.objects.current()
    assert Counter(current.values_list("status", flat=True)) == {
        "draft": 4, "submitted": 4, "supervisor_approved": 1, "approved": 2,
    }  # fmt: skip
    # The seed plan stays an untouched draft (the browser tests edit it).
    seed = Plan.objects.get(unit__name="巨鹿县政法委本级")
    assert seed.status == "draft"
    assert not seed.transitions.exists()
    # Every state was reached through transitions, as if people had clicked.
    for plan in current.exclude(status="draft"):
        assert plan.transitions.filter(action="submit").exists(), plan
    returned = Plan.objects.get(unit__name="巨鹿县第一中学")
    last = returned.transitions.order_by("-at", "-id").first()
    assert last is not None
    assert (last.action, last.user.username if last.user else None) == ("return", "jyj_reviewer")
    assert ReviewComment.objects.filter(plan=returned, text__contains="满意度").exists()
    adjusted = Plan.objects.get(unit__name="巨鹿县文化广电和旅游局", is_current=True)
    assert (adjusted.version_no, adjusted.status) == (2, "submitted")
    assert adjusted.previous is not None
    assert adjusted.previous.status == "approved"
    assert Transition.objects.filter(plan=adjusted, action="adjust").exists()
    # The reviewers' to-do lists have work; the deadline has passed with units late.
    todo = todo_for(User.objects.get(username="zfw_reviewer"))
    assert len([i for i in todo if i.kind == "review"]) == 2
    todo = todo_for(User.objects.get(username="czj_jxk"))
    assert len([i for i in todo if i.kind == "review"]) == 3
    deadline = Deadline.objects.get(year=2024)
    late = {o.unit.name for o in overdue_units(deadline.region, 2024)}
    assert late == {"巨鹿县政法委本级", "巨鹿县实验小学", "巨鹿县档案馆"}
    editor = User.objects.get(username="yz_editor")
    assert Notification.objects.filter(user=editor, kind="returned").exists()
    assert unread_count(User.objects.get(username="zfw_editor")) >= 1


def test_generated_plans_are_deterministic() -> None:
    from jixiao.web.demo.generate import generate_plan

    a = generate_plan("301001", department="x", department_code="301001", region="r", year=2024)
    b = generate_plan("301001", department="x", department_code="301001", region="r", year=2024)
    assert a.to_dict() == b.to_dict()
    c = generate_plan("301002", department="x", department_code="301002", region="r", year=2024)
    assert a.to_dict() != c.to_dict()


def test_scale_option_builds_the_benchmark_region() -> None:
    out = _run("--scale", "12x3x8")
    assert "12 个单位" in out
    assert Plan.objects.filter(unit__region__name="基准测试县").count() == 12
    assert Project.objects.filter(plan__unit__region__name="基准测试县").count() == 36
    per_project = [
        p.indicators.count() for p in Project.objects.filter(plan__unit__region__name="基准测试县")
    ]
    # Eight each, but a few projects lose their satisfaction row (a sown defect).
    assert max(per_project) == 8
    assert sum(per_project) >= 36 * 8 - 6
    assert "已存在" in _run("--scale", "12x3x8")


def test_demo_dates_are_consistent_and_one_late_unit_was_reminded() -> None:
    """The 2024 plans' deadline is in spring 2024; one overdue unit already got a 催报."""
    import datetime

    from jixiao.web.plans.models import Deadline, Notification, Reminder

    _run("--no-tokens")
    _run("--no-tokens")  # idempotent: still one reminder
    deadline = Deadline.objects.get(year=2024)
    assert deadline.due == datetime.date(2024, 3, 31)
    reminder = Reminder.objects.get()
    assert reminder.unit.name == "巨鹿县档案馆"
    assert reminder.sent_by is not None
    assert reminder.sent_by.username == "czj_jxk"
    assert Notification.objects.filter(kind="reminder", plan__unit=reminder.unit).exists()
