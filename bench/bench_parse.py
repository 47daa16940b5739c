"""Parse throughput of the text reader, and the wall time of ``jixiao parse`` as a process.

Documents of the seed's size: the shipped sample (8 projects, 56 indicator rows) and the
real seed when the published seed is present. "cold" clears the reader's caches before every
parse (the worst case: nothing shared with any earlier document); "warm" parses the
same text again (caches hot); "batch" parses 40 different documents of the same size
(the sample's plan rendered at other column widths, spacing and wrap habits by the test
generator), caches cleared before each round: what a county's batch of files looks
like. One core: a plain loop in this process; CPU time, best of 5 rounds (the machine is
shared). The process time is wall time, median of 20 runs.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from jixiao.core.model import Plan
from jixiao.core.readers import cleaning
from jixiao.core.readers.text import read_text
from jixiao.core.values import parse_value

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "julu-2024-zhengfawei.txt"
SEED = ROOT.parent / "shared" / "seed" / "julu-2024-zhengfawei.txt"


def _clear_caches() -> None:
    for fn in (cleaning.clean, cleaning.width, cleaning._char_width, parse_value):
        fn.cache_clear()


def _rate(text: str, *, cold: bool, rounds: int = 5, per_round: int = 40) -> float:
    """Documents per CPU second, best of ``rounds`` (the machine is shared)."""
    best = 0.0
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(per_round):
            if cold:
                _clear_caches()
            read_text(text)
        best = max(best, per_round / (time.process_time() - start))
    return best


def _batch_rate(rounds: int = 5) -> tuple[float, int]:
    """Docs per CPU second over distinct documents, best of ``rounds``."""
    from tests.hebei_render import Style, render_plan

    plan = read_text(SAMPLE.read_text(encoding="utf-8")).document
    assert isinstance(plan, Plan)
    texts = []
    for seed in range(40):
        w = 8 + seed % 7
        style = Style(
            level=w, name=w, desc=2 * w + 4, target=w + 1, basis=w + 4, seed=seed,
            blank_lines=seed % 2 == 0, trailing=seed % 3 != 0,
        )  # fmt: skip
        texts.append(render_plan(plan, style))
    best = 0.0
    for _ in range(rounds):
        _clear_caches()
        start = time.process_time()
        for text in texts:
            read_text(text)
        best = max(best, len(texts) / (time.process_time() - start))
    return best, len(texts)


def _process_times(path: Path, runs: int = 20) -> list[float]:
    exe = shutil.which("jixiao", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-c", "from jixiao.cli import main; main()"]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([*cmd, "parse", str(path)], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    docs: list[tuple[str, Path]] = [("sample", SAMPLE)]
    if SEED.exists():
        docs.append(("seed", SEED))
    for label, path in docs:
        text = path.read_text(encoding="utf-8")
        for cold in (True, False):
            rate = _rate(text, cold=cold)
            kind = "cold" if cold else "warm"
            print(f"parse/text {label} ({len(text.splitlines())} lines), {kind}: {rate:.0f} docs/s")
    rate, n = _batch_rate()
    print(f"parse/text batch of {n} distinct sample-size documents: {rate:.0f} docs/s")
    t = _process_times(SAMPLE)
    print(
        f"jixiao parse {SAMPLE.relative_to(ROOT)} as a process: median {statistics.median(t):.3f} s, "
        f"min {min(t):.3f} s, max {max(t):.3f} s over {len(t)} runs"
    )


if __name__ == "__main__":
    main()
