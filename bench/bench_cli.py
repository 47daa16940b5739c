"""The file commands as a user runs them: start-up CPU, the terminal report, batch checking.

1. *start-up*: whole-process CPU time (user + system, ``getrusage(RUSAGE_CHILDREN)``
   around each run) of ``jixiao check`` on the sample and the seed, ``jixiao score`` on a
   typical self-evaluation, ``jixiao monitor`` (JSON) and ``jixiao render`` (text) on the
   sample, and ``jixiao parse`` for reference, output piped; median of
   ``--runs`` rounds, each round running ``python -c pass`` and every command once, so
   the baseline shares the machine's state with the commands. Python's bytecode cache is
   kept in a temporary ``PYTHONPYCACHEPREFIX`` and warmed first, as in an installed
   package (a run with ``PYTHONDONTWRITEBYTECODE`` and no cache compiles every module on
   every start, which measures the compiler, not the command).
2. *report*: in-process CPU time of the text report of ~3,000 findings (one plan of the
   seed's tables repeated with unique names), with terminal styles and plain.
3. *batch*: ``jixiao check DIR --format jsonl`` over ``--docs`` distinct text documents
   (the sample's plan rendered by ``tests/hebei_render.py`` at other column widths and
   habits, codes and names varied), ``--jobs 1`` against one process per core; wall
   time, median of 3 interleaved runs; throughput is documents per wall second. Wall
   time needs idle cores, so the same batch is also run in this process with one worker
   per core, and its CPU split reported: what the parent does alone (collect, write,
   count) against what the workers do, the serial share that bounds the speed-up
   (Amdahl), whatever else the machine is running.

``--src DIR`` runs the processes with ``PYTHONPATH=DIR`` (a checkout's ``src``) to compare.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "julu-2024-zhengfawei.txt"
SEED = ROOT.parent / "shared" / "seed" / "julu-2024-zhengfawei.txt"
SELFEVAL = ROOT / "tests" / "data" / "selfeval-typical.yaml"
PLAN_JSON = ROOT / "tests" / "data" / "julu-2024-plan.json"
LEDGER = ROOT / "samples" / "monitoring" / "julu-2024-ledger.csv"


def _jixiao() -> list[str]:
    exe = shutil.which("jixiao", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-c", "from jixiao.cli import main; main()"]


def _env(cache: str, src: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONDONTWRITEBYTECODE"}}
    env.update(PYTHONPYCACHEPREFIX=cache, FORCE_COLOR="", TTY_COMPATIBLE="")
    if src:
        env["PYTHONPATH"] = src
    return env


def _cpu(cmd: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def startup(runs: int, src: str | None) -> None:
    jx = _jixiao()
    cases: dict[str, list[str]] = {"python -c pass": [sys.executable, "-c", "pass"]}
    cases["jixiao check samples/julu-2024-zhengfawei.txt"] = [*jx, "check", str(SAMPLE)]
    if SEED.exists():
        cases["jixiao check the published seed julu-2024-zhengfawei.txt"] = [
            *jx,
            "check",
            str(SEED),
        ]
    cases["jixiao score tests/data/selfeval-typical.yaml"] = [*jx, "score", str(SELFEVAL)]
    cases["jixiao parse samples/julu-2024-zhengfawei.txt"] = [*jx, "parse", str(SAMPLE)]
    cases["jixiao monitor samples/julu-2024-zhengfawei.txt -l …ledger.csv -f json"] = [
        *jx,
        "monitor",
        str(SAMPLE),
        "--ledger",
        str(LEDGER),
        "--as-of",
        "2024-08-31",
        "-f",
        "json",
    ]
    cases["jixiao render samples/julu-2024-zhengfawei.txt -f txt"] = [
        *jx,
        "render",
        str(SAMPLE),
        "-f",
        "txt",
    ]
    with tempfile.TemporaryDirectory(prefix="jixiao-pyc-") as cache:
        env = _env(cache, src)
        for cmd in cases.values():  # warm the bytecode cache
            _cpu(cmd, env)
        times: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(runs):
            for name, cmd in cases.items():
                times[name].append(_cpu(cmd, env))
    for name, t in times.items():
        print(
            f"start-up CPU {name}: median {statistics.median(t):.3f} s "
            f"(min {min(t):.3f}, max {max(t):.3f}; {runs} runs)"
        )


def report(projects: int = 1000) -> None:
    import bench.bench_check as bc
    from bench.bench_check import _variant
    from jixiao.cli.check import report_text
    from jixiao.cli.term import style_codes
    from jixiao.core.checks import check_plan

    bc.PROJECTS_PER_PLAN, saved = projects, bc.PROJECTS_PER_PLAN
    try:
        plan = _variant(json.loads(PLAN_JSON.read_text(encoding="utf-8")), 1)
    finally:
        bc.PROJECTS_PER_PLAN = saved
    findings = check_plan(plan)
    for f in findings:
        _ = f.message  # formatted by the checker's run, not by the report
    os.environ["FORCE_COLOR"] = "1"
    try:
        codes = style_codes(io.StringIO())
    finally:
        del os.environ["FORCE_COLOR"]
    for label, c in (("terminal styles", codes), ("plain (piped)", {})):
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            text = report_text(plan, findings, "big.json", c)
            best = min(best, time.process_time() - start)
        print(
            f"report of {len(findings):,} findings ({len(plan.projects)} projects), {label}: "
            f"{best * 1000:.0f} ms CPU (best of 5), {len(text):,} characters"
        )
    start = time.process_time()
    check_plan(plan)
    print(f"  (checking that plan: {(time.process_time() - start) * 1000:.0f} ms CPU)")


def _documents(folder: Path, n: int) -> None:
    from tests.hebei_render import Style, render_plan

    from jixiao.core.model import Plan
    from jixiao.core.readers.text import read_text

    base = read_text(SAMPLE.read_text(encoding="utf-8")).document
    assert isinstance(base, Plan)
    doc = base.to_dict()
    for k in range(n):
        d = json.loads(json.dumps(doc))
        d["department"]["code"] = f"{288000 + k % 997}"
        for j, p in enumerate(d["projects"]):
            p["code"] = f"{p['code'][:-6]}{k:04d}{j:02d}"
            p["name"] = f"第{k}批{p['name']}"
        w = 8 + k % 7
        style = Style(
            level=w, name=w, desc=2 * w + 4, target=w + 1, basis=w + 4, seed=k,
            blank_lines=k % 2 == 0, trailing=k % 3 != 0,
        )  # fmt: skip
        text = render_plan(Plan.from_dict(d), style)
        (folder / f"doc-{k:04d}.txt").write_text(text, encoding="utf-8")


def _shares(folder: Path, cores: int) -> None:
    """CPU of the parent and of the workers for one in-process batch (a load-free bound)."""
    import contextlib

    from jixiao.cli.batch import check_batch
    from jixiao.cli.check import Format, load_check_config

    config = load_check_config(None)
    me0 = resource.getrusage(resource.RUSAGE_SELF)
    kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        check_batch([folder], config, Format.jsonl, None, cores)
    me1 = resource.getrusage(resource.RUSAGE_SELF)
    kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    parent = me1.ru_utime - me0.ru_utime + me1.ru_stime - me0.ru_stime
    workers = kids1.ru_utime - kids0.ru_utime + kids1.ru_stime - kids0.ru_stime
    bound = (parent + workers) / (parent + workers / cores)
    print(
        f"  in-process batch, {cores} workers: parent {parent:.2f} s CPU, workers {workers:.2f} s "
        f"CPU; serial share {parent / (parent + workers):.1%} → speed-up bound {bound:.2f}× "
        "(before the process start, ~0.2 s)"
    )


def batch(n: int, src: str | None) -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with (
        tempfile.TemporaryDirectory(prefix="jixiao-batch-") as tmp,
        tempfile.TemporaryDirectory(prefix="jixiao-pyc-") as cache,
    ):
        folder = Path(tmp)
        _documents(folder, n)
        env = _env(cache, src)
        cmd = [*_jixiao(), "check", str(folder), "--format", "jsonl"]
        wall: dict[int, list[float]] = {1: [], cores or 1: []}
        cpu: dict[int, list[float]] = {k: [] for k in wall}
        for _ in range(3):
            for jobs in wall:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.perf_counter()
                out = subprocess.run(
                    [*cmd, "--jobs", str(jobs)], capture_output=True, text=True, env=env
                )
                wall[jobs].append(time.perf_counter() - t0)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[jobs].append(
                    after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                )
                assert len(out.stdout.splitlines()) == n, out.stderr
        rates = {j: n / statistics.median(w) for j, w in wall.items()}
        for jobs, w in wall.items():
            print(
                f"jixiao check {n} documents --jobs {jobs}: wall median {statistics.median(w):.2f} s "
                f"({rates[jobs]:.0f} documents/s; CPU {statistics.median(cpu[jobs]):.2f} s)"
            )
        print(f"  speed-up with {cores} processes: {rates[cores or 1] / rates[1]:.2f}×")
        _shares(folder, cores or 1)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--only", choices=("startup", "report", "batch"))
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--src", help="PYTHONPATH for the processes (another checkout's src)")
    args = ap.parse_args(argv if argv is not None else [])
    if args.only in (None, "startup"):
        startup(args.runs, args.src)
    if args.only in (None, "report"):
        report()
    if args.only in (None, "batch"):
        batch(args.docs, args.src)


if __name__ == "__main__":
    main(sys.argv[1:])
