"""The finance bureau's measures (M1): key monitoring on and off (counted in the
overview), a correction with a deadline answered by the unit (history kept), funding
measures; who may do which; outsiders 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jixiao.web.monitoring.models import FinanceAction, MonitoringRound, ProjectStatus
from jixiao.web.monitoring.services.actions import answer_correction, record_action
from jixiao.web.plans.services.audit import ServiceError
from tests.web.base import Cast
from tests.web.monitoring_support import round_a

pytestmark = pytest.mark.django_db


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def test_key_monitoring_by_finance_counts_until_lifted(cast: Cast) -> None:
    rnd = round_a(cast)
    project = cast.plan_a.projects.order_by("position").first()
    assert project is not None
    before = MonitoringRound.objects.get(pk=rnd.pk).key_count
    record_action(rnd, project, "key", "县委关注的重点项目", user=cast.users["finance"])
    status = ProjectStatus.objects.get(round=rnd, project=project)
    assert status.key
    assert status.flagged
    assert MonitoringRound.objects.get(pk=rnd.pk).key_count == before + 1
    overview = _client(cast, "finance").get(reverse("monitoring:overview"))
    assert project in [s.project for s in overview.context["key_list"]]
    record_action(rnd, project, "key_lifted", "执行已恢复正常", user=cast.users["finance"])
    assert not ProjectStatus.objects.get(round=rnd, project=project).flagged
    assert FinanceAction.objects.filter(round=rnd).count() == 2  # both kept


def test_correction_needs_a_deadline_and_is_answered_by_the_unit(cast: Cast) -> None:
    rnd = round_a(cast)
    project = cast.plan_a.projects.order_by("position").last()
    assert project is not None
    with pytest.raises(ServiceError, match="整改期限"):
        record_action(rnd, project, "correction", "加快支付", user=cast.users["finance"])
    url = reverse("monitoring:action-record", args=[rnd.pk, project.pk])
    data = {"kind": "correction", "text": "9月底前说明执行缓慢的原因并加快支付",
            "due": "2024-09-30"}  # fmt: skip
    assert _client(cast, "supervisor").post(url, data).status_code == 403
    assert _client(cast, "other").post(url, data).status_code == 404
    assert _client(cast, "finance").post(url, data).status_code == 302
    action = FinanceAction.objects.get(kind="correction")
    assert action.open_correction
    answer = reverse("monitoring:action-answer", args=[rnd.pk, action.pk])
    assert _client(cast, "finance").post(answer, {"response": "x"}).status_code == 403
    assert _client(cast, "other").post(answer, {"response": "x"}).status_code == 404
    r = _client(cast, "editor").post(answer, {"response": "已完成合同签订，9月支付30%"})
    assert r.status_code == 302
    action.refresh_from_db()
    assert not action.open_correction
    answer_correction(action, "已支付50%", user=cast.users["editor"])
    assert [h.response for h in action.history.order_by("history_date")] == [
        "", "已完成合同签订，9月支付30%", "已支付50%",
    ]  # fmt: skip
    page = _client(cast, "leader").get(reverse("monitoring:round", args=[rnd.pk]))
    assert "已支付50%" in page.content.decode()


def test_funding_measure_keeps_amount_and_reason(cast: Cast) -> None:
    rnd = round_a(cast)
    project = cast.plan_a.projects.order_by("position").first()
    assert project is not None
    url = reverse("monitoring:action-record", args=[rnd.pk, project.pk])
    r = _client(cast, "finance").post(
        url, {"kind": "reduce", "text": "年内无法支出", "amount": "20"}
    )
    assert r.status_code == 302
    a = FinanceAction.objects.get()
    assert a.get_kind_display() == "调减预算"
    assert a.amount == 20
    overview = _client(cast, "finance").get(reverse("monitoring:overview"))
    assert "年内无法支出" in overview.content.decode()
