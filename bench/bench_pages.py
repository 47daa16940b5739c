"""Page timings at county scale: the finance overview, a plan page and a project editor.

Builds 300 units × 10 projects × 8 indicators with ``demo_data --scale`` in a fresh
database, then requests each page ~20 times with Django's test client (the whole stack
below the WSGI server: middleware, permissions, queries, checks, templates) and prints
the median and the number of SQL queries. SQLite always (a temporary file, as deployed);
PostgreSQL too when ``DATABASE_URL`` is set (a throw-away ``test_…`` database is created
and dropped). Each database runs in its own process, since Django is configured once.

    uv run python -m bench.bench_pages            # SQLite (+ PostgreSQL if DATABASE_URL)
    JIXIAO_BENCH_SCALE=30x10x8 uv run python -m bench.bench_pages   # quicker
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from bench.county import REPEAT, SCALE, county_database, run_workers, worker_main


def _worker(database_url: str | None) -> dict[str, Any]:
    """Run in a child process: set up Django on one database and time the pages."""
    with county_database(database_url, "jixiao_bench_pages") as info:
        return {**info, **_time_pages()}


def _time_pages() -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jixiao.web.plans.models import Plan

    finance = User.objects.get(username="bench_finance")
    plan = Plan.objects.filter(unit__region__name="基准测试县").order_by("pk")[0]
    project = plan.projects.order_by("position")[0]
    n_plans = Plan.objects.filter(unit__region__name="基准测试县").count()
    # A plan page also lists the plan's history: give it 40 edits, as after a working week.
    from jixiao.web.plans.services import editing

    for i, ind in enumerate(list(project.indicators.order_by("position")) * 5):
        plan.refresh_from_db()
        editing.update_indicator(
            ind, {"basis": f"第{i}次修改"}, user=finance, expected_version=plan.version
        )
    client = Client()
    client.force_login(finance)
    pages = {
        "finance overview": "/finance/",
        "finance overview, filtered (has errors)": "/finance/?problems=errors",
        "plan page": f"/plans/{plan.pk}/",
        "project editor": f"/plans/{plan.pk}/projects/{project.pk}/",
    }
    out: dict[str, Any] = {"plans": n_plans, "pages": {}}
    for label, url in pages.items():
        for _ in range(3):  # warm caches (templates, parse_value, connection)
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(REPEAT):
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        out["pages"][label] = {
            "median_ms": statistics.median(times),
            "p90_ms": sorted(times)[int(len(times) * 0.9) - 1],
            "queries": len(queries.captured_queries),
            "bytes": len(response.content),
        }
    return out


def main() -> None:
    print(f"bench_pages: {SCALE} (units × projects × indicators), {REPEAT} requests per page")
    for result in run_workers("bench.bench_pages"):
        print(f"  {result['vendor']}: {result['plans']} plans, built in {result['build_s']:.1f} s")
        for label, r in result["pages"].items():
            print(
                f"    {label:42s} median {r['median_ms']:7.1f} ms   p90 {r['p90_ms']:7.1f} ms"
                f"   {r['queries']:3d} queries   {r['bytes'] / 1024:6.0f} KiB"
            )


if __name__ == "__main__":
    worker_main(_worker, main)
