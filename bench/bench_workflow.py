"""Workflow timings at county scale: review pages, one transition, a batch, an adjustment.

Builds 300 units × 10 projects × 8 indicators (``demo_data --scale``) in a temporary
SQLite file (PostgreSQL too when ``DATABASE_URL`` is set), puts most plans under review
(a direct UPDATE: the generated plans are not all free of errors, and the setup is not what
is measured), then times what reviewers and units wait for: the finance overview with
plans in every state, a reviewer's to-do list, one transition (row lock, history,
notifications), a batch approval of 50 plans, opening an adjustment (copies the plan:
10 projects, 80 indicators) and comparing two versions.

    uv run python -m bench.bench_workflow
"""

from __future__ import annotations

from typing import Any

from bench.county import REPEAT, county_database, median_ms, print_timings, worker_main


def _worker(database_url: str | None) -> dict[str, Any]:
    with county_database(database_url, "jixiao_bench_workflow") as info:
        return {**info, **_time_workflow()}


def _time_workflow() -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.test import Client

    from jixiao.core.workflow import Role
    from jixiao.web.orgs.models import Membership
    from jixiao.web.plans.models import Plan
    from jixiao.web.plans.review.adjustments import compare_versions
    from jixiao.web.plans.review.todo import todo_for
    from jixiao.web.plans.review.transitions import batch_transition, transition

    finance = User.objects.get(username="bench_finance")
    editor = User.objects.get(username="bench_editor")
    region = finance.membership.unit.region
    plans = list(Plan.objects.current().filter(unit__region=region).order_by("pk"))
    # A county in the middle of the review season: a third submitted, a third approved by
    # the supervisor, some approved by finance, the rest still drafts.
    third = len(plans) // 3
    submitted = [p.pk for p in plans[:third]]
    reviewed = [p.pk for p in plans[third : 2 * third]]
    approved = [p.pk for p in plans[2 * third : 2 * third + 30]]
    Plan.objects.filter(pk__in=submitted).update(status="submitted")
    Plan.objects.filter(pk__in=reviewed).update(status="supervisor_approved")
    Plan.objects.filter(pk__in=approved).update(status="approved")
    # Finance reviewers act on plans of units without supervisor too; make sure the finance
    # account can approve every "reviewed" plan: they are all in its region.
    Membership.objects.filter(user=finance).update(role=Role.FINANCE_REVIEWER)

    client = Client()
    client.force_login(finance)

    def overview() -> None:
        assert client.get("/finance/").status_code == 200

    def overview_under_review() -> None:
        assert client.get("/finance/?status=supervisor_approved").status_code == 200

    # The last 2 × n reviewed plans are approved in two batches, the others returned one by one.
    n = min(30, len(reviewed) // 3)
    singles = reviewed[: -2 * n]
    to_return = iter(singles)

    def one_transition() -> None:
        plan = Plan.objects.select_related("unit").get(pk=next(to_return))
        transition(plan, "return", user=finance, comment="请补充满意度指标")

    batch_sets = iter([reviewed[-2 * n : -n], reviewed[-n:]])

    def batch() -> None:
        qs = Plan.objects.select_related("unit").filter(pk__in=next(batch_sets))
        results = batch_transition(qs, "finance_approve", user=finance)
        assert all(r.ok for r in results), [r.message for r in results if not r.ok]

    own = Plan.objects.select_related("unit").get(unit=editor.membership.unit, is_current=True)
    Plan.objects.filter(pk=own.pk).update(status="approved")
    own.refresh_from_db()
    adjusted: list[Plan] = []

    def adjustment() -> None:
        base = adjusted[-1] if adjusted else own
        Plan.objects.filter(pk=base.pk).update(status="approved")
        base.refresh_from_db()
        adjusted.append(transition(base, "adjust", user=editor, comment="追加预算"))

    few = max(3, REPEAT // 4)
    result = {
        "finance_overview_ms": median_ms(overview, few),
        "overview_filtered_ms": median_ms(overview_under_review, few),
        "todo_finance_ms": median_ms(lambda: todo_for(finance), few),
        "transition_ms": median_ms(one_transition, min(REPEAT, len(singles) - 1)),
        f"batch_approve_{n}_ms": median_ms(batch, 1),
        "open_adjustment_ms": median_ms(adjustment, few),
    }
    result["compare_versions_ms"] = median_ms(
        lambda: compare_versions(adjusted[0], adjusted[-1]), few
    )
    return result


def main() -> None:
    print_timings("bench.bench_workflow")


if __name__ == "__main__":
    worker_main(_worker, main)
