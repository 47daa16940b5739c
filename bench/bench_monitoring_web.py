"""Monitoring in the web application at county scale (issue 13).

Builds 300 units × 10 projects × 8 indicators with ``demo_data --scale``, schedules a
1~8月 round for every plan, imports a generated ledger into each (200,000 payment rows
in all) through the app's services, then measures:

- one 100,000-row ledger imported into one round (upload: read by the core and stored
  pending; confirm: made the round's ledger and the round recomputed) — target < 10 s;
- the finance bureau's monitoring overview and one round page with Django's test client
  (median and p90 of ``JIXIAO_BENCH_REPEAT`` requests, SQL queries) — overview p50
  target < 300 ms on PostgreSQL.

SQLite always; PostgreSQL too when ``DATABASE_URL`` is set (a throw-away database).

    uv run python -m bench.bench_monitoring_web
    JIXIAO_BENCH_SCALE=30x10x8 uv run python -m bench.bench_monitoring_web   # quicker
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bench.county import REPEAT, SCALE, county_database, run_workers, worker_main

COUNTY_ROWS = 200_000
BIG_LEDGER = 100_000
AS_OF = date(2024, 8, 31)


def _ledger(projects: list[tuple[str, Decimal]], rows: int, seed: int) -> bytes:
    """``rows`` payments up to the end of August over ``projects`` (code, budget 万元),
    each project reaching 20–110 % of the time line on average (a mix of lamps)."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    share = {code: Decimal(rng.randint(20, 110)) / 100 * 8 / 12 for code, _b in projects}
    per = max(1, rows // len(projects))
    budget = dict(projects)
    lines = ["支付日期,支付凭证号,项目编码,支付金额（元）"]
    for i in range(rows):
        code = projects[i % len(projects)][0]
        day = start + timedelta(days=rng.randrange(244))
        mean = budget[code] * 10000 * share[code] / per
        amount = (mean * Decimal(rng.randint(50, 150)) / 100).quantize(Decimal("0.01"))
        lines.append(f"{day.isoformat()},V{seed}-{i:07d},{code},{amount}")
    return "\n".join(lines).encode("utf-8")


def _projects(rnd: Any) -> list[tuple[str, Decimal]]:
    return [(p.code, p.budget_total or Decimal(1)) for p in rnd.plan.projects.all() if p.code]


def _worker(database_url: str | None) -> dict[str, Any]:
    with county_database(database_url, "jx_monweb_bench") as info:
        return {**info, **_run()}


def _run() -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jixiao.web.monitoring.models import MonitoringRound
    from jixiao.web.monitoring.services.ledger import confirm_ledger, upload_ledger
    from jixiao.web.monitoring.services.rounds import schedule_rounds
    from jixiao.web.orgs.models import Region

    region = Region.objects.get(name="基准测试县")
    finance = User.objects.get(username="bench_finance")
    out: dict[str, Any] = {}
    t = time.perf_counter()
    rounds = schedule_rounds(region, 2024, AS_OF, date(2024, 9, 15), user=finance)
    out["schedule_s"] = round(time.perf_counter() - t, 2)
    out["rounds"] = len(rounds)
    per_round = COUNTY_ROWS // len(rounds)
    t = time.perf_counter()
    for n, rnd in enumerate(rounds):
        entry = upload_ledger(rnd, _ledger(_projects(rnd), per_round, n), "ledger.csv", user=None)
        confirm_ledger(entry, user=None)
    out["county_import_s"] = round(time.perf_counter() - t, 2)
    out["county_rows"] = per_round * len(rounds)

    big = rounds[0]
    data = _ledger(_projects(big), BIG_LEDGER, 99_999)
    t, c = time.perf_counter(), time.process_time()
    entry = upload_ledger(big, data, "big.csv", user=None)
    out["big_upload_s"] = round(time.perf_counter() - t, 2)
    t2 = time.perf_counter()
    confirm_ledger(entry, user=None)
    out["big_confirm_s"] = round(time.perf_counter() - t2, 2)
    out["big_total_s"] = round(time.perf_counter() - t, 2)
    out["big_cpu_s"] = round(time.process_time() - c, 2)
    out["big_mb"] = round(len(data) / 1024 / 1024, 1)

    client = Client()
    client.force_login(finance)
    pages = {
        "monitoring overview": "/monitoring/finance/",
        "overview, red units": "/monitoring/finance/?lamp=red",
        "round page (10 projects)": f"/monitoring/rounds/{rounds[1].pk}/",
    }
    out["pages"] = {}
    for label, url in pages.items():
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        times, cpu = [], []
        for _ in range(REPEAT):
            t, c = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        out["pages"][label] = {
            "median_ms": round(statistics.median(times), 1),
            "p90_ms": round(sorted(times)[int(len(times) * 0.9) - 1], 1),
            "cpu_ms": round(statistics.median(cpu), 1),
            "queries": len(queries.captured_queries),
        }
    out["lamps"] = {
        k: sum(getattr(r, k) for r in MonitoringRound.objects.all())
        for k in ("red", "yellow", "green")
    }
    return out


def main() -> None:
    print(f"bench_monitoring_web: {SCALE}, {REPEAT} requests per page")
    for r in run_workers("bench.bench_monitoring_web"):
        print(f"  {r['vendor']}: county built in {r['build_s']} s; {r['rounds']} rounds "
              f"scheduled in {r['schedule_s']} s; {r['county_rows']:,} ledger rows imported "
              f"in {r['county_import_s']} s; lamps {r['lamps']}")  # fmt: skip
        print(f"    {BIG_LEDGER:,}-row ledger ({r['big_mb']} MB): upload {r['big_upload_s']} s"
              f" + confirm {r['big_confirm_s']} s = {r['big_total_s']} s wall,"
              f" {r['big_cpu_s']} s CPU (target < 10 s)")  # fmt: skip
        for label, p in r["pages"].items():
            print(f"    {label:28s} median {p['median_ms']:7.1f} ms   p90 {p['p90_ms']:7.1f} ms"
                  f"   CPU {p['cpu_ms']:6.1f} ms   {p['queries']:3d} queries")  # fmt: skip


if __name__ == "__main__":
    worker_main(_worker, main)
