"""Rendering the seed's 绩效文本: PDF (WeasyPrint), Word (python-docx), text and HTML.

"warm": the same plan rendered again in this process (imports done, fontconfig and
Jinja2 set up), median and best of 7 calls, wall time and this process's CPU time (the
machine is shared: CPU time is what the renderer itself costs). "cold": a new Python
process that imports the writer and renders once, wall time, median of 5 processes:
WeasyPrint's import and first layout dominate it. The PDF is also timed as the
``jixiao render`` command (a process, wall time, median of 5). The seed is the real
document when the published seed is present, else the shipped sample (the same eight tables).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from jixiao.core.model import Plan
from jixiao.core.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "julu-2024-zhengfawei.txt"
SEED = ROOT.parent / "shared" / "seed" / "julu-2024-zhengfawei.txt"

_WRITERS = {
    "pdf": ("jixiao.core.documents.pdf", "render_pdf"),
    "docx": ("jixiao.core.documents.word", "render_docx"),
    "txt": ("jixiao.core.documents.text", "render_text"),
    "html": ("jixiao.core.documents.html", "render_html"),
}


def _writer(fmt: str) -> Callable[[Plan], object]:
    module, name = _WRITERS[fmt]
    fn: Callable[[Plan], object] = getattr(__import__(module, fromlist=[name]), name)
    return fn


def _warm(fmt: str, plan: Plan, calls: int = 7) -> tuple[list[float], list[float]]:
    render = _writer(fmt)
    render(plan)  # imports, fontconfig, templates
    walls, cpus = [], []
    for _ in range(calls):
        w, c = time.perf_counter(), time.process_time()
        render(plan)
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return walls, cpus


def _cold(fmt: str, path: Path, runs: int = 5) -> list[float]:
    module, name = _WRITERS[fmt]
    code = (
        "import sys\n"
        "from jixiao.core.readers import read_document\n"
        f"plan = read_document({str(path)!r}).document\n"
        f"from {module} import {name}\n"
        f"{name}(plan)\n"
    )
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return times


def _command(path: Path, runs: int = 5) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "seed.pdf"
        cmd = [sys.executable, "-c", "from jixiao.cli import main; main()"]
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run(
                [*cmd, "render", str(path), "-o", str(out)], check=True, capture_output=True
            )
            times.append(time.perf_counter() - t0)
    return times


def _ms(xs: list[float]) -> str:
    return f"median {statistics.median(xs) * 1000:.0f} ms, best {min(xs) * 1000:.0f} ms"


def main() -> None:
    path = SEED if SEED.exists() else SAMPLE
    label = "seed" if path == SEED else "sample"
    plan = read_document(path).document
    assert isinstance(plan, Plan)
    rows = sum(len(p.indicators) for p in plan.projects)
    print(f"bench_render: {label}, {len(plan.projects)} projects, {rows} indicator rows")
    for fmt in ("pdf", "docx", "txt", "html"):
        walls, cpus = _warm(fmt, plan)
        print(f"  {fmt:4} warm: wall {_ms(walls)}; CPU {_ms(cpus)}")
    for fmt in ("pdf", "docx", "txt"):
        print(f"  {fmt:4} cold (new process, import + one render): {_ms(_cold(fmt, path))}")
    print(f"  jixiao render {label} -o seed.pdf (process): {_ms(_command(path))}")


if __name__ == "__main__":
    main()
