"""A province on PostgreSQL: the region overview at 3,000 and 30,000 plans, re-check all.

Builds the province with ``bench.province`` (COPY, then ANALYZE) in the database named
by ``JIXIAO_BENCH_DB`` (dropped and created again), first 10 counties (3,000 plans), then
100 (30,000), and times with Django's test client, in-process:

- the finance overview's first page for a county, a prefecture and the province
  finance bureau (and sorted by pinyin, by budget, filtered to plans with errors);
- 全部重新审核 over 3,000 plans (``services.findings.recheck``, as the job runs it).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
    JIXIAO_BENCH_DB=jx_scale_bench uv run python -m bench.bench_province
    JIXIAO_BENCH_PROVINCE=10,100 (counties per step)  JIXIAO_BENCH_REPEAT=20
    JIXIAO_BENCH_EXISTING=1 [JIXIAO_BENCH_RECHECK=1]: measure the database as it is
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from typing import Any

COUNTIES = [int(n) for n in os.environ.get("JIXIAO_BENCH_PROVINCE", "10,100").split(",")]
REPEAT = int(os.environ.get("JIXIAO_BENCH_REPEAT", "20"))
SHAPE = (300, 10, 8)  # units per county × projects × indicators


def _setup() -> bool:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("bench_province: set DATABASE_URL to a PostgreSQL server (skipped)")
        return False
    import psycopg

    name = os.environ.get("JIXIAO_BENCH_DB", "jx_scale_bench")
    base = url.rsplit("/", 1)[0]
    if not os.environ.get("JIXIAO_BENCH_EXISTING"):
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"{base}/{name}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "jixiao.web.settings"
    os.environ.setdefault("AXES_ENABLED", "0")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.test.utils import setup_test_environment

    setup_test_environment()  # responses carry their template context
    return True


def _page(client: Any, url: str) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(REPEAT):
        t = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
    with CaptureQueriesContext(connection) as q:
        client.get(url)
    return {
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(sorted(times)[int(len(times) * 0.9) - 1], 1),
        "queries": len(q.captured_queries),
        "kib": round(len(r.content) / 1024),
    }


def _pages(label: str) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    for who in ("bench_county_finance", "bench_prefecture_finance", "bench_province_finance"):
        client = Client()
        client.force_login(User.objects.get(username=who))
        first = client.get("/finance/")
        n = first.context["totals"]["plans"]
        urls = {"first page": "/finance/"}
        if who == "bench_province_finance":
            urls |= {"sort=unit (pinyin)": "/finance/?sort=unit",
                     "sort=-budget": "/finance/?sort=-budget",
                     "problems=errors": "/finance/?problems=errors"}  # fmt: skip
        for name, url in urls.items():
            r = _page(client, url)
            print(f"  {label:7s} {who:26s} {n:6d} plans  {name:20s} median {r['median_ms']:7.1f} ms"
                  f"  p90 {r['p90_ms']:7.1f} ms  {r['queries']:2d} queries  {r['kib']:4d} KiB",
                  flush=True)  # fmt: skip


def _recheck(label: str, who: str = "bench_province_finance") -> None:
    from django.contrib.auth.models import User

    from jixiao.web.plans.services import overview as ov
    from jixiao.web.plans.services.findings import recheck

    user = User.objects.get(username=who)
    plans = ov.filtered_plans(user, ov.OverviewQuery())
    times, cpu = [], []
    for _ in range(3):
        t, c = time.perf_counter(), time.process_time()
        totals = recheck(plans)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    # CPU time of this process (Python: mapping and checks) is what a loaded machine
    # does not inflate; wall time includes waiting for a core and the database.
    print(f"  {label:7s} re-check all: {totals.plans} plans, median of 3: wall "
          f"{statistics.median(times):.2f} s, process CPU {statistics.median(cpu):.2f} s "
          f"(wall runs: {', '.join(f'{x:.2f}' for x in times)}; load {os.getloadavg()[0]:.1f})",
          flush=True)  # fmt: skip


def _measure_existing() -> None:
    from jixiao.web.plans.models import Plan

    n = Plan.objects.count()
    _pages(f"{n // 1000}k")
    if os.environ.get("JIXIAO_BENCH_RECHECK"):  # a prefecture's 3,000 plans
        _recheck(f"{n // 1000}k", "bench_prefecture_finance")


def main() -> None:
    if not _setup():
        return
    from django.db import connection

    from bench.province import build_province

    load = os.getloadavg()
    version = getattr(connection, "pg_version", "?")
    print(f"bench_province: PostgreSQL {version}, load average {load[0]:.1f}, "
          f"{os.cpu_count()} cores, {REPEAT} requests per page", flush=True)  # fmt: skip
    if os.environ.get("JIXIAO_BENCH_EXISTING"):  # measure an already built database
        _measure_existing()
        return
    for counties in COUNTIES:
        info = build_province(counties, *SHAPE)
        label = f"{info['plans'] // 1000}k" if info["plans"] >= 1000 else str(info["plans"])
        print(f"  built {info['plans']} plans ({info['new_plans']} new, {info['indicators']} "
              f"indicators) in {info['load_s']} s, with ANALYZE {info['with_analyze_s']} s",
              flush=True)  # fmt: skip
        _pages(label)
        if counties == COUNTIES[0]:
            _recheck(label)
    print(f"  load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
    sys.exit(0)
