"""A county-scale database for the web benchmarks, on SQLite and (optionally) PostgreSQL.

Each database runs in its own child process (Django is configured once per process):
``run_workers(module)`` starts ``python -m <module> --worker [DATABASE_URL]`` for SQLite
and, when ``DATABASE_URL`` points at PostgreSQL, for that too; the worker calls
``county_database`` to get a migrated database filled by ``demo_data --scale``.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCALE = os.environ.get("JIXIAO_BENCH_SCALE", "300x10x8")
REPEAT = int(os.environ.get("JIXIAO_BENCH_REPEAT", "20"))


def median_ms(fn: Callable[[], object], repeat: int = REPEAT) -> float:
    """Median wall time of ``fn`` in ms, after one warm-up call (caches, query plans)."""
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


@contextmanager
def county_database(database_url: str | None, test_db_name: str) -> Iterator[dict[str, Any]]:
    """Set up Django on a fresh database at county scale; yields vendor and build time.

    PostgreSQL gets its own database (``test_db_name``) so a test run may go on meanwhile.
    """
    os.environ["DJANGO_SETTINGS_MODULE"] = "jixiao.web.settings"
    os.environ.setdefault("AXES_ENABLED", "0")
    tmpdir = None
    if database_url is None:
        tmpdir = tempfile.TemporaryDirectory(prefix="jixiao-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir.name}/bench.sqlite3"
    else:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    pg = connection.vendor == "postgresql"
    if pg:
        connection.settings_dict.setdefault("TEST", {})["NAME"] = test_db_name
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    else:
        call_command("migrate", verbosity=0)
    try:
        started = time.perf_counter()
        call_command("demo_data", scale=SCALE, verbosity=0, stdout=io.StringIO())
        yield {"vendor": connection.vendor, "build_s": round(time.perf_counter() - started, 2)}
    finally:
        if pg:
            connection.creation.destroy_test_db(
                connection.settings_dict["NAME"], verbosity=0, keepdb=False
            )
        if tmpdir is not None:
            tmpdir.cleanup()


def run_workers(module: str) -> Iterator[dict[str, Any]]:
    """Run ``module``'s worker once per database; yield each worker's JSON result."""
    targets: list[str | None] = [None]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        targets.append(os.environ["DATABASE_URL"])
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    root = Path(__file__).resolve().parents[1]
    for target in targets:
        args = [sys.executable, "-m", module, "--worker", *([target] if target else [])]
        proc = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"  failed ({target or 'sqlite'}):\n{proc.stderr[-2000:]}")
            continue
        yield json.loads(proc.stdout.strip().splitlines()[-1])


def print_timings(module: str) -> None:
    """Run ``module``'s workers and print their flat ``name → ms`` results."""
    name = module.rsplit(".", 1)[-1]
    for result in run_workers(module):
        vendor = result.pop("vendor")
        print(f"{name} [{vendor}, {SCALE}]: build {result.pop('build_s')} s")
        for key, ms in result.items():
            print(f"  {key:24} {ms:8.1f}")


def worker_main(worker: Callable[[str | None], dict[str, Any]], main: Callable[[], None]) -> None:
    """The ``__main__`` of a county benchmark: worker mode or the parent."""
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2] if len(sys.argv) > 2 else None)))
    else:
        main()
