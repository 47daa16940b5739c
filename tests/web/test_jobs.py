"""Background jobs: re-check all as a job, progress, idempotence, failures, restarts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jixiao.web.demo.generate import generate_plan
from jixiao.web.jobs.models import Job, JobState
from jixiao.web.jobs.services import enqueue, job_kind, resume_stale, run
from jixiao.web.orgs.models import Unit
from jixiao.web.plans.jobs import RECHECK_ALL
from jixiao.web.plans.models import Plan
from jixiao.web.plans.services.bulk import bulk_create_plans
from jixiao.web.plans.services.findings import plan_findings, recheck
from tests.web.base import Cast

pytestmark = pytest.mark.django_db


@job_kind("tests.broken", label="测试任务")
def _broken(job: Job, progress: object) -> dict[str, object]:
    raise ValueError("boom")


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def _more_plans(cast: Cast, n: int) -> None:
    start = Unit.objects.count()
    units = Unit.objects.bulk_create(
        Unit(region=cast.region, code=f"J{i:04d}", name=f"任务测试单位{i:04d}")
        for i in range(start, start + n)
    )
    bulk_create_plans(
        [(u, 2024, generate_plan(u.code, department=u.name, department_code=u.code,
                                 region="测试县", year=2024, projects=3, indicators=6))
         for u in units]
    )  # fmt: skip


def test_check_all_runs_as_a_job_and_shows_its_result(cast: Cast) -> None:
    Plan.objects.update(error_count=99, warning_count=99, checked_at=None)
    c = _client(cast, "finance")
    r = c.post("/finance/check/", {"query": ""})
    assert r.status_code == 302
    job = Job.objects.get(kind=RECHECK_ALL)
    assert job.state == JobState.DONE
    assert job.user == cast.users["finance"]
    assert job.done == job.total == 2
    assert job.result["plans"] == 2
    page = c.get("/finance/").content.decode()
    assert f'id="job-{job.pk}"' in page
    assert "已重新审核 2 份绩效目标" in page
    assert "hx-trigger" not in page.split(f'id="job-{job.pk}"')[1].split(">")[0]
    for plan in Plan.objects.all():
        found = plan_findings(plan)
        assert plan.error_count == sum(1 for f in found if f.severity == "error")


def test_a_running_job_polls_and_only_its_owner_sees_it(cast: Cast) -> None:
    job = Job.objects.create(
        kind=RECHECK_ALL, key="k", user=cast.users["finance"], state=JobState.RUNNING,
        done=3, total=10,
    )  # fmt: skip
    c = _client(cast, "finance")
    fragment = c.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    assert "已处理 3 / 10" in fragment
    assert "<html" not in fragment
    assert "<html" in c.get(f"/jobs/{job.pk}/").content.decode()
    for who in ("auditor", "other", "other_region", "supervisor"):
        assert _client(cast, who).get(f"/jobs/{job.pk}/").status_code == 404
    assert Client().get(f"/jobs/{job.pk}/").status_code == 302


def test_enqueue_is_idempotent_while_the_job_is_active(cast: Cast) -> None:
    active = Job.objects.create(kind=RECHECK_ALL, key="same", user=cast.users["finance"])
    again = enqueue(RECHECK_ALL, user=cast.users["finance"], key="same", params={})
    assert again.pk == active.pk
    assert Job.objects.filter(key="same").count() == 1


def test_a_finished_job_is_not_run_again(cast: Cast) -> None:
    job = enqueue(RECHECK_ALL, user=cast.users["finance"], key="once", params={"filters": {}})
    assert job.state == JobState.DONE
    Plan.objects.update(error_count=77)
    run(job.pk)  # a second delivery of the same task
    assert set(Plan.objects.values_list("error_count", flat=True)) == {77}
    job.refresh_from_db()
    assert job.attempts == 1


def test_a_failure_is_recorded_with_a_chinese_message(cast: Cast) -> None:
    job = enqueue("tests.broken", user=cast.users["finance"], key="broken", params={})
    assert job.state == JobState.FAILED
    assert "测试任务" in job.error
    assert "执行失败" in job.error
    assert "boom" not in job.error  # details go to the log, not to the user
    html = _client(cast, "finance").get(f"/jobs/{job.pk}/").content.decode()
    assert "执行失败" in html


def test_jobs_lost_in_a_restart_are_resumed(cast: Cast) -> None:
    """A queued job whose message was lost, and a job whose worker died, run again."""
    old = timezone.now() - timedelta(hours=1)
    queued = Job.objects.create(
        kind=RECHECK_ALL, key="q", user=cast.users["finance"], params={"filters": {}}
    )
    dead = Job.objects.create(
        kind=RECHECK_ALL, key="d", user=cast.users["finance"], params={"filters": {}},
        state=JobState.RUNNING, heartbeat_at=old, attempts=1,
    )  # fmt: skip
    alive = Job.objects.create(
        kind=RECHECK_ALL, key="a", user=cast.users["finance"], params={"filters": {}},
        state=JobState.RUNNING, heartbeat_at=timezone.now(), attempts=1,
    )  # fmt: skip
    Job.objects.filter(pk=queued.pk).update(created_at=old)
    assert resume_stale() == 2
    for job, state in ((queued, JobState.DONE), (dead, JobState.DONE), (alive, JobState.RUNNING)):
        job.refresh_from_db()
        assert job.state == state
    assert dead.attempts == 2


def test_recheck_matches_the_per_plan_check_in_constant_queries(cast: Cast) -> None:
    _more_plans(cast, 4)
    plans = Plan.objects.filter(is_current=True)
    with CaptureQueriesContext(connection) as few:
        recheck(plans)
    _more_plans(cast, 40)
    Plan.objects.update(error_count=0, warning_count=0)
    seen: list[tuple[int, int]] = []
    with CaptureQueriesContext(connection) as many:
        totals = recheck(plans, lambda done, total: seen.append((done, total)))

    def reads(ctx: CaptureQueriesContext) -> int:
        return sum(1 for q in ctx.captured_queries if q["sql"].startswith("SELECT"))

    # Reads do not grow with the plans; writes are one UPDATE per distinct count pair.
    assert reads(many) == reads(few)
    pairs = set(plans.values_list("error_count", "warning_count"))
    updates = [q for q in many.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == len(pairs)
    assert totals.plans == plans.count() == 46
    assert seen[-1] == (46, 46)
    for plan in plans:
        found = plan_findings(plan)
        assert plan.error_count == sum(1 for f in found if f.severity == "error")
        assert plan.warning_count == sum(1 for f in found if f.severity == "warning")
    assert totals.errors == sum(p.error_count for p in plans)
