"""The office-made corpus of issue 17: generate, convert with LibreOffice, read, count.

    uv run python -m bench.office_corpus [N] [SEED] [DIR]

Writes N Word documents as units type them (``tests/unit_docx.py``, plans from
``tests/documents_plans.py``, drawn by hypothesis from SEED), exports them to PDF with
LibreOffice headless in one batch, reads both and compares every field with the plan
(``carried``). Prints: Word documents read exactly; PDFs read exactly, right but with
a warning, wrong with a warning (said so), wrong without one (silently: the count that
must be zero); fields recovered. Needs ``soffice`` (scripts/system-deps.sh). Not run
by ``python -m bench`` (it takes minutes).
"""

from __future__ import annotations

import collections
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _flat(x: Any, p: str = "") -> dict[str, Any]:
    if isinstance(x, dict):
        return {k2: v2 for k, v in x.items() for k2, v2 in _flat(v, f"{p}.{k}").items()}
    if isinstance(x, list):
        return {k2: v2 for i, v in enumerate(x) for k2, v2 in _flat(v, f"{p}[{i}]").items()}
    return {p: x}


def main() -> None:
    from hypothesis import HealthCheck, given, seed, settings

    sys.path.insert(0, str(ROOT))
    from tests.documents_plans import plans
    from tests.office import office_pdfs
    from tests.unit_docx import Style, styles, write_unit_docx

    from jixiao.core.documents.carried import carried
    from jixiao.core.model import Plan
    from jixiao.core.readers.pdf import read_pdf
    from jixiao.core.readers.word import read_docx

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    sd = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    docs: dict[str, tuple[Plan, bytes]] = {}

    @seed(sd)
    @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(plans(max_projects=3), styles())
    def collect(plan: Plan, style: Style) -> None:
        docs[f"d{len(docs):04d}"] = (plan, write_unit_docx(plan, style))

    collect()
    pdfs = office_pdfs({k: v[1] for k, v in docs.items()})
    count: collections.Counter[str] = collections.Counter()
    fields = right = 0
    silent = []
    with tempfile.TemporaryDirectory() as keep:
        out = Path(sys.argv[3]) if len(sys.argv) > 3 else Path(keep)
        out.mkdir(parents=True, exist_ok=True)
        for name, (plan, docx) in docs.items():
            want = carried(plan).to_dict()
            word = read_docx(docx, f"{name}.docx")
            count["docx exact"] += word.document.to_dict() == want and not word.warnings
            (out / f"{name}.pdf").write_bytes(pdfs[name])
            try:
                result = read_pdf(pdfs[name], source=f"{name}.pdf")
                got, warned = _flat(result.document.to_dict()), bool(result.warnings)
            except Exception:  # a ReadError: wrong, and said so
                got, warned = {}, True
            wf = _flat(want)
            bad = [k for k in wf if got.get(k) != wf[k]]
            fields += len(wf)
            right += len(wf) - len(bad)
            kind = ("exact" if not warned else "right, warned") if not bad else "wrong, said so"
            if bad and not warned:
                kind = "wrong SILENTLY"
                silent.append((name, bad[:3]))
            count[f"pdf {kind}"] += 1
    print(f"{len(docs)} documents (seed {sd}): {dict(count)}")
    print(f"pdf fields {right}/{fields} = {right / max(fields, 1):.4f}; silent: {silent}")


if __name__ == "__main__":
    main()
