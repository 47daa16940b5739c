"""Self-evaluations scored per second (scores + 复核), on one core.

Two workloads, each 2,000 distinct documents built from the hand-made tables of
tests/data by changing every numeric actual (about 1,000 distinct values per row), so
value parsing runs cold (its LRU cache is cycled through) as when a county's tables
are scored once:

- ``typical``: selfeval-typical.yaml, a standard table in the value styles most tables
  use (≥/≤/= quantities, a deadline, two qualitative rows);
- ``every rule``: selfeval-formulas.yaml and selfeval-missing-points.yaml, every formula
  (reverse, equality, deadlines, bands, 不适用 rescaling, unit conversion, spread points)
  with several 复核 findings per document.

Timed: ``score_selfeval`` (compute + recheck) per document, by this process's CPU time
(the machine is shared; wall time would measure the other jobs), best of 10 rounds.
Reading the files is not timed. Explanations and the findings' messages are formatted
when read; the last line also builds each report's JSON (``to_dict``), which formats
them all, as ``jixiao score --format json`` does.
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
WORKLOADS = {
    "typical": ("selfeval-typical.yaml",),
    "every rule": ("selfeval-formulas.yaml", "selfeval-missing-points.yaml"),
}


def _variants(names: tuple[str, ...]) -> list[SelfEvaluation]:
    bases = []
    for name in names:
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


def _run(docs: list[SelfEvaluation], *, as_json: bool = False) -> tuple[float, int]:
    best = 0.0
    findings = 0
    for _ in range(ROUNDS):
        start = time.process_time()
        found = 0
        for d in docs:
            report = score_selfeval(d)
            if as_json:
                report.to_dict()
            found += len(report.findings)
        elapsed = time.process_time() - start
        best = max(best, len(docs) / elapsed)
        findings = found
    return best, findings


def main() -> None:
    runs = [(label, names, False) for label, names in WORKLOADS.items()]
    runs.append(("every rule, with JSON", WORKLOADS["every rule"], True))
    for label, names, as_json in runs:
        docs = _variants(names)
        per_doc = sum(len(d.indicators) for d in docs) / len(docs)
        rate, findings = _run(docs, as_json=as_json)
        print(
            f"bench_score [{label}]: {rate:,.0f} self-evaluations/s "
            f"({rate * per_doc:,.0f} indicators/s; {len(docs)} documents of {per_doc:.1f} "
            f"indicators, {findings / len(docs):.1f} findings each; CPU time, best of {ROUNDS})"
        )


if __name__ == "__main__":
    main()
