"""County results (grades by department and unit, 中/差 list) and 整改 items."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from jixiao.web.plans.services.audit import ServiceError
from jixiao.web.rectification.models import Event, Rectification
from jixiao.web.rectification.services import items
from jixiao.web.selfeval.services import editing
from tests.web.base import Cast
from tests.web.selfeval_support import approve, first_project, rectification_of_a

pytestmark = pytest.mark.django_db


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def _grades(cast: Cast) -> None:
    """Unit A: project 1 fully met (优), project 2 with nothing entered (差)."""
    approve(cast.plan_a)
    projects = list(cast.plan_a.projects.order_by("position"))
    good = editing.start(projects[0], user=cast.users["editor"])
    actuals = ["291条", "96%", "2024年12月20日", "96万元", "95%", "97%", "92%"]
    for row, actual in zip(good.rows.order_by("position"), actuals, strict=True):
        good.refresh_from_db()
        editing.edit_row(
            row, {"actual": actual}, user=cast.users["editor"], expected_version=good.version
        )
    good.refresh_from_db()
    editing.edit_funds(
        good, {"funds_executed": "96"}, user=cast.users["editor"], expected_version=good.version
    )
    editing.start(projects[1], user=cast.users["editor"])


def test_results_by_department_unit_and_low_grades(cast: Cast) -> None:
    _grades(cast)
    page = _client(cast, "finance").get(reverse("selfeval:results")).content.decode()
    chart = json.loads(re.search(r'id="grade-data"[^>]*>(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert chart["labels"] == ["测试县政法委"]
    counts = {s["name"]: s["data"][0] for s in chart["series"]}
    assert counts == {"优": 1, "良": 0, "中": 0, "差": 1}
    low = page.split('id="low-grades"')[1]
    projects = list(cast.plan_a.projects.order_by("position"))
    assert str(projects[1]) in low
    assert str(projects[0]) not in low
    assert "下达整改" in low
    # The supervisor sees its units, read only; other regions see nothing of it.
    sup = _client(cast, "supervisor").get(reverse("selfeval:results")).content.decode()
    assert str(projects[1]) in sup
    assert "下达整改" not in sup
    other = _client(cast, "other_region").get(reverse("selfeval:results")).content.decode()
    assert str(projects[1]) not in other
    assert _client(cast, "editor").get(reverse("selfeval:results")).status_code == 403


def test_rectification_open_answer_send_back_close(cast: Cast) -> None:
    approve(cast.plan_a)
    project = first_project(cast.plan_a)
    finance = _client(cast, "finance")
    r = finance.post(
        reverse("rectification:open", args=[project.pk]),
        {"requirement": "补充满意度调查", "deadline": "2030-06-30", "source": "自评等级：中",
         "source_url": "https://evil.example/"},
    )  # fmt: skip
    item = Rectification.objects.get()
    assert r["Location"] == reverse("rectification:detail", args=[item.pk])
    assert item.source_url == ""  # only paths of this site
    editor = _client(cast, "editor")
    editor.post(
        reverse("rectification:action", args=[item.pk]), {"action": "answer", "text": "已开展调查"}
    )
    item.refresh_from_db()
    assert item.status == "answered"
    finance.post(
        reverse("rectification:action", args=[item.pk]), {"action": "send_back", "text": "请附问卷"}
    )
    item.refresh_from_db()
    assert item.status == "open"
    editor.post(
        reverse("rectification:action", args=[item.pk]), {"action": "answer", "text": "已附问卷"}
    )
    finance.post(reverse("rectification:action", args=[item.pk]), {"action": "close", "text": ""})
    item.refresh_from_db()
    assert item.status == "closed"
    assert item.closed_at is not None
    kinds = list(Event.objects.filter(item=item).values_list("kind", flat=True))
    assert kinds == ["open", "answer", "send_back", "answer", "close"]
    page = editor.get(reverse("rectification:detail", args=[item.pk])).content.decode()
    assert "已附问卷" in page
    assert "已销号" in page


def test_rectification_refusals(cast: Cast) -> None:
    approve(cast.plan_a)
    project = first_project(cast.plan_a)
    with pytest.raises(ServiceError, match="只有财政部门"):
        items.open_item(
            project,
            source="x",
            requirement="y",
            deadline=date(2030, 1, 1),
            user=cast.users["supervisor"],
        )
    item = rectification_of_a(cast)
    with pytest.raises(ServiceError, match="答复后才能销号"):
        items.close(item, "", user=cast.users["finance"])
    with pytest.raises(ServiceError, match="被整改单位"):
        items.answer(item, "x", user=cast.users["finance"])
    for who in ("other", "other_region"):
        c = _client(cast, who)
        assert c.get(reverse("rectification:detail", args=[item.pk])).status_code == 404
        assert (
            c.post(
                reverse("rectification:action", args=[item.pk]), {"action": "answer", "text": "x"}
            ).status_code
            == 404
        )
        assert (
            c.post(
                reverse("rectification:open", args=[project.pk]),
                {"requirement": "x", "deadline": "2030-01-01"},
            ).status_code
            == 404
        )
        assert str(project) not in c.get(reverse("rectification:list")).content.decode()
