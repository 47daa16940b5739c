"""The monitoring app's services on a real database: schedule, ledger import (all or
nothing), progress with M4/M11 enforced, history, and the cached results equal to the
core's computation on the same files."""

from __future__ import annotations

from datetime import date

import pytest

from jixiao.core import workflow as wf
from jixiao.core.monitoring import LedgerError, compute_monitor, read_ledger
from jixiao.web.monitoring.models import (
    LedgerImport,
    LedgerPayment,
    MonitoringRound,
    ProgressEntry,
    ProjectStatus,
)
from jixiao.web.monitoring.models.progress import BUDGET_LINE
from jixiao.web.monitoring.services.ledger import confirm_ledger, upload_ledger
from jixiao.web.monitoring.services.progress import ProgressInput, RowRefused, save_progress
from jixiao.web.monitoring.services.rounds import schedule_rounds, transition_round
from jixiao.web.plans.services.audit import ServiceError
from jixiao.web.plans.services.mapping import plan_to_core
from tests.web.base import Cast
from tests.web.monitoring_support import AS_OF, LEDGER, ledger_bytes, round_a

pytestmark = pytest.mark.django_db


def test_schedule_creates_one_round_per_current_plan_once(cast: Cast) -> None:
    first = schedule_rounds(cast.region, 2024, AS_OF, None, user=cast.users["finance"])
    again = schedule_rounds(cast.region, 2024, AS_OF, None, user=cast.users["finance"])
    assert {r.plan_id for r in first} == {cast.plan_a.pk, cast.plan_b.pk}
    assert again == []
    with pytest.raises(ServiceError, match="不在 2024 年度内"):
        schedule_rounds(cast.region, 2024, date(2025, 1, 31), None, user=None)


def test_results_are_the_cores_on_the_same_ledger(cast: Cast) -> None:
    rnd = round_a(cast)
    document = plan_to_core(cast.plan_a)
    ledger = read_ledger(ledger_bytes(cast), LEDGER.name, document)
    want = compute_monitor(document, AS_OF, ledger.payments)
    statuses = list(ProjectStatus.objects.filter(round=rnd).select_related("project"))
    assert [(s.project.key, s.lamp or None, s.key) for s in statuses] == [
        (p.code or p.name, p.lamp, p.key) for p in want.projects
    ]
    assert rnd.red == want.total.lamps["red"]
    assert rnd.green == want.total.lamps["green"]
    assert rnd.executed == want.total.executed
    assert LedgerPayment.objects.filter(ledger__round=rnd).count() == len(ledger.payments)


def test_a_ledger_with_a_bad_row_stores_nothing_and_names_the_row(cast: Cast) -> None:
    rnd = round_a(cast, ledger=False)
    text = ledger_bytes(cast).decode().splitlines()
    text.append("2024-05-06,ZF-X,NO-SUCH-PROJECT,不存在的项目,某单位,摘要,100.00")
    data = "\n".join(text).encode("utf-8")
    with pytest.raises(LedgerError) as info:
        upload_ledger(rnd, data, "bad.csv", user=cast.users["editor"])
    assert f"第{len(text)}行" in str(info.value)
    assert not LedgerImport.objects.filter(round=rnd).exists()
    assert not LedgerPayment.objects.exists()


def test_a_new_ledger_supersedes_the_old_one_which_is_kept(cast: Cast) -> None:
    rnd = round_a(cast)
    lines = ledger_bytes(cast).decode().splitlines()[:3]
    entry = upload_ledger(rnd, "\n".join(lines).encode(), "short.csv", user=cast.users["editor"])
    assert entry.status == "pending"
    before = MonitoringRound.objects.get(pk=rnd.pk).executed
    confirm_ledger(entry, user=cast.users["editor"])
    statuses = dict(LedgerImport.objects.filter(round=rnd).values_list("filename", "status"))
    assert statuses == {LEDGER.name: "superseded", "short.csv": "active"}
    assert MonitoringRound.objects.get(pk=rnd.pk).executed < before
    with pytest.raises(ServiceError, match="已确认或已过期"):
        confirm_ledger(entry, user=cast.users["editor"])


def test_likelihood_other_than_certain_needs_reason_and_measure(cast: Cast) -> None:
    rnd = round_a(cast)
    project = cast.plan_a.projects.order_by("position").first()
    assert project is not None
    with pytest.raises(RowRefused) as info:
        save_progress(rnd, project, 1, ProgressInput(current="100", likelihood="有可能"),
                      user=cast.users["editor"])  # fmt: skip
    assert {f.rule for f in info.value.findings} == {
        "monitor-reason-missing",
        "monitor-measure-missing",
    }
    assert not ProgressEntry.objects.exists()
    entry = save_progress(
        rnd, project, 1,
        ProgressInput(current="100", likelihood="有可能", deviation_reason="经费保障：资金下达晚",
                      corrective_measure="9月底前完成"),
        user=cast.users["editor"],
    )  # fmt: skip
    assert entry.deviation_category == ""
    assert entry.likelihood == "有可能"
    save_progress(rnd, project, 1, ProgressInput(current="120", likelihood="确定能"),
                  user=cast.users["editor"])  # fmt: skip
    history = list(entry.history.order_by("history_date"))
    assert [h.current for h in history] == ["100", "120"]
    assert {h.history_user for h in history} == {cast.users["editor"]}


def test_red_budget_lamp_needs_reason_and_measure(cast: Cast) -> None:
    rnd = round_a(cast)
    red = ProjectStatus.objects.filter(round=rnd, lamp="red").select_related("project").first()
    assert red is not None, "the sample ledger leaves some project red at the end of August"
    with pytest.raises(RowRefused, match="偏差原因"):
        save_progress(rnd, red.project, BUDGET_LINE, ProgressInput(), user=cast.users["editor"])
    save_progress(
        rnd, red.project, BUDGET_LINE,
        ProgressInput(deviation_reason="经费保障：资金下达晚", corrective_measure="加快支付"),
        user=cast.users["editor"],
    )  # fmt: skip


def test_submit_is_refused_with_errors_and_then_reviewed(cast: Cast) -> None:
    rnd = round_a(cast)
    assert rnd.error_count > 0  # red/yellow lamps without reasons (M11)
    with pytest.raises(wf.TransitionError, match="错误"):
        transition_round(rnd, "submit", user=cast.users["editor"])
    for s in ProjectStatus.objects.filter(round=rnd, lamp__in=["red", "yellow"]):
        save_progress(
            rnd, s.project, BUDGET_LINE,
            ProgressInput(deviation_reason="其他：采购延后", corrective_measure="四季度完成"),
            user=cast.users["editor"],
        )  # fmt: skip
    transition_round(rnd, "submit", user=cast.users["editor"])
    project = cast.plan_a.projects.first()
    with pytest.raises(ServiceError, match="已提交"):
        save_progress(rnd, project, 1, ProgressInput(current="1"), user=cast.users["editor"])
    with pytest.raises(wf.TransitionError):
        transition_round(rnd, "finance_approve", user=cast.users["finance"])
    transition_round(rnd, "return", user=cast.users["supervisor"], comment="请补充说明")
    assert MonitoringRound.objects.get(pk=rnd.pk).status == "draft"
    assert [t.action for t in rnd.transitions.all()] == ["submit", "return"]


def test_notifications_for_schedule_submit_and_return(cast: Cast) -> None:
    from jixiao.web.plans.models import Notification

    rnd = round_a(cast)
    assert Notification.objects.filter(user=cast.users["editor"], kind="deadline",
                                       message__contains="2024-09-15").exists()  # fmt: skip
    for s in ProjectStatus.objects.filter(round=rnd, lamp__in=["red", "yellow"]):
        save_progress(
            rnd, s.project, BUDGET_LINE,
            ProgressInput(deviation_reason="其他：采购延后", corrective_measure="四季度完成"),
            user=cast.users["editor"],
        )  # fmt: skip
    transition_round(rnd, "submit", user=cast.users["editor"])
    assert Notification.objects.filter(user=cast.users["supervisor"], kind="review").exists()
    transition_round(rnd, "return", user=cast.users["supervisor"], comment="请补充")
    assert Notification.objects.filter(user=cast.users["leader"], kind="returned",
                                       message__contains="请补充").exists()  # fmt: skip
