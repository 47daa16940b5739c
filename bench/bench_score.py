"""Self-evaluations scored per second (scores + 复核), on one core.

Input: the hand-made tables of tests/data (every formula: proportional, reverse, equality,
deadlines, qualitative bands, 不适用, unit conversion, spread points) varied into 2,000
distinct documents by changing every numeric actual (about 1,000 distinct values per row),
so parsing and scoring are not served from a handful of cache entries. Timed: ``score_selfeval`` (compute + recheck) per document;
reading the files is not timed. Timed by this process's CPU time (one core), best of
10 rounds.
"""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

from jixiao.core.model import SelfEvaluation
from jixiao.core.readers import read_document
from jixiao.core.scoring import score_selfeval

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
DOCS = 2000
ROUNDS = 10


def _variants() -> list[SelfEvaluation]:
    bases = []
    for name in ("selfeval-formulas.yaml", "selfeval-missing-points.yaml"):
        doc = read_document(DATA / name).document
        assert isinstance(doc, SelfEvaluation)
        bases.append(doc.to_dict())
    out: list[SelfEvaluation] = []
    for i in range(DOCS):
        d = bases[i % len(bases)]
        inds = []
        for j, ind in enumerate(d["indicators"]):
            ind = dict(ind)
            actual = ind["actual"] or ""
            if actual[:1].isdigit() and "年" not in actual and "月" not in actual:
                digits = "".join(ch for ch in actual if ch.isdigit() or ch == ".")
                unit = actual[len(digits) :]
                ind["actual"] = f"{Decimal(digits) - Decimal((i * 7 + j) % 997) / 100}{unit}"
            inds.append(ind)
        out.append(SelfEvaluation.from_dict({**d, "indicators": inds}))
    return out


def main() -> None:
    docs = _variants()
    indicators = sum(len(d.indicators) for d in docs)
    best = 0.0
    findings = 0
    for _ in range(ROUNDS):
        # CPU time of this process: the machine is shared, wall time measures the others.
        start = time.process_time()
        for d in docs:
            findings += len(score_selfeval(d).findings)
        elapsed = time.process_time() - start
        best = max(best, len(docs) / elapsed)
    print(
        f"bench_score: {best:,.0f} self-evaluations/s "
        f"({best * indicators / len(docs):,.0f} indicators/s; {len(docs)} documents of "
        f"{indicators / len(docs):.1f} indicators, best of {ROUNDS}, scores + 复核; "
        f"{findings // ROUNDS} findings per round)"
    )


if __name__ == "__main__":
    main()
