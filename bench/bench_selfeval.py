"""Self-evaluation timings at county scale: scoring every table, the results page, the
fill-in page.

Builds the county of ``demo_data --scale`` (300 units × 10 projects × 8 indicators =
3,000 projects), approves its plans, starts a self-evaluation for every project and fills
every actual with a value meeting its target. Then measures:

- the CPU time of scoring all 3,000 documents with the core (``score_selfeval``, what the
  cached totals of the results page come from), and of the same from the database
  (``services.scoring.scored``: documents built from the rows, then scored);
- the results page (finance bureau, whole county) and one self-evaluation's fill-in page
  and 复核 page: median and p90 over ``JIXIAO_BENCH_REPEAT`` requests, SQL queries.

    uv run python -m bench.bench_selfeval          # SQLite (+ PostgreSQL if DATABASE_URL)
    JIXIAO_BENCH_SCALE=30x10x8 uv run python -m bench.bench_selfeval   # quicker
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from bench.county import REPEAT, SCALE, county_database, run_workers, worker_main


def _worker(database_url: str | None) -> dict[str, Any]:
    name = os.environ.get("JIXIAO_BENCH_DB", "jixiao_bench_selfeval")
    with county_database(database_url, name) as info:
        return {**info, **_measure()}


def _prepare() -> list[Any]:
    from django.contrib.auth.models import User

    from jixiao.web.demo.selfeval import _met
    from jixiao.web.plans.models import Plan, Project
    from jixiao.web.selfeval.models import EvalRow, SelfEvaluation
    from jixiao.web.selfeval.services import editing

    region = "基准测试县"
    Plan.objects.filter(unit__region__name=region).update(status="approved")
    finance = User.objects.get(username="bench_finance")
    for project in Project.objects.filter(plan__unit__region__name=region).select_related(
        "plan", "plan__unit"
    ):
        editing.start(project, user=finance)
    rows = list(EvalRow.objects.filter(evaluation__unit__region__name=region))
    for row in rows:
        row.actual = _met(row.target)
    EvalRow.objects.bulk_update(rows, ["actual"], batch_size=2000)
    SelfEvaluation.objects.filter(unit__region__name=region).update(funds_executed=1)
    return list(
        SelfEvaluation.objects.filter(unit__region__name=region).select_related(
            "unit", "unit__parent", "project", "project__plan"
        )
    )


def _measure() -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jixiao.core.scoring import score_selfeval
    from jixiao.web.selfeval.services.mapping import policy_of
    from jixiao.web.selfeval.services.scoring import refresh, scored

    started = time.perf_counter()
    evs = _prepare()
    out: dict[str, Any] = {"evaluations": len(evs), "prepare_s": time.perf_counter() - started}

    cpu = time.process_time()
    results = [scored(ev) for ev in evs]
    out["score_from_db_cpu_s"] = time.process_time() - cpu
    docs = [(r.doc, policy_of(ev)) for r, ev in zip(results, evs, strict=True)]
    runs = []
    for _ in range(3):
        cpu = time.process_time()
        for doc, policy in docs:
            score_selfeval(doc, policy)
        runs.append(time.process_time() - cpu)
    out["score_core_cpu_s"] = statistics.median(runs)
    for ev, r in zip(evs, results, strict=True):
        refresh(ev, r)

    finance = User.objects.get(username="bench_finance")
    client = Client()
    client.force_login(finance)
    ev = evs[0]
    pages = {
        "results page (county)": "/selfeval/results/",
        "fill-in page": f"/selfeval/{ev.pk}/",
        "复核 page": f"/selfeval/{ev.pk}/recheck/",
        "self-evaluation list": "/selfeval/",
    }
    out["pages"] = {}
    for label, url in pages.items():
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(REPEAT):
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
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
    print(f"bench_selfeval: {SCALE} (units × projects × indicators), {REPEAT} requests per page")
    for r in run_workers("bench.bench_selfeval"):
        print(
            f"  {r['vendor']}: {r['evaluations']} self-evaluations, county built in "
            f"{r['build_s']:.1f} s, self-evaluations started and filled in {r['prepare_s']:.1f} s"
        )
        print(f"    scoring all, core only (CPU)         {r['score_core_cpu_s']:7.3f} s")
        print(f"    scoring all, from the database (CPU) {r['score_from_db_cpu_s']:7.3f} s")
        for label, p in r["pages"].items():
            print(
                f"    {label:28s} median {p['median_ms']:7.1f} ms   p90 {p['p90_ms']:7.1f} ms"
                f"   {p['queries']:3d} queries   {p['bytes'] / 1024:6.0f} KiB"
            )


if __name__ == "__main__":
    worker_main(_worker, main)
