"""The real published self-evaluations of ../shared/corpus scored against their expect files.

``mof2020``: our scores under the default policy; ``discrepancies``: the 复核 findings
(rule + indicator, as a multiset); ``reproducing_policy``: overrides under which every
published score comes out exactly.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from jixiao.core.model import SelfEvaluation
from jixiao.core.readers import read_document
from jixiao.core.scoring import score_selfeval
from jixiao.core.scoring.policy import policy_from_overrides

SCORE_RULES = {
    "score-mismatch",
    "execution-score-mismatch",
    "qualitative-band",
    "total-mismatch",
    "grade-mismatch",
}


def cases(corpus: Path) -> list[tuple[SelfEvaluation, dict[str, object], str]]:
    out = []
    for f in sorted(corpus.glob("*.selfeval.json")):
        expect = corpus / f.name.replace(".selfeval.json", ".expect.json")
        doc = read_document(f).document
        assert isinstance(doc, SelfEvaluation)
        out.append((doc, json.loads(expect.read_text(encoding="utf-8")), f.name))
    return out


def test_corpus_has_self_evaluations(corpus_dir: Path) -> None:
    assert cases(corpus_dir)


def test_mof2020_scores_match(corpus_dir: Path) -> None:
    for doc, expect, name in cases(corpus_dir):
        want = expect["mof2020"]
        assert isinstance(want, dict)
        r = score_selfeval(doc)
        got = r.to_dict()
        assert [i["score"] for i in got["indicators"]] == want["indicators"], name
        assert got["execution"]["score"] == want["execution"], name
        assert got["total"] == want["total"], name
        assert got["grade"] == want["grade"], name


def test_discrepancies_match(corpus_dir: Path) -> None:
    for doc, expect, name in cases(corpus_dir):
        want = Counter((d["rule"], d["indicator"]) for d in expect["discrepancies"])  # type: ignore[attr-defined]
        got = Counter((f.rule, f.indicator) for f in score_selfeval(doc).findings)
        assert got == want, name


def test_reproducing_policies_reproduce_every_published_score(corpus_dir: Path) -> None:
    seen = 0
    for doc, expect, name in cases(corpus_dir):
        overrides = expect.get("reproducing_policy")
        if not overrides:
            continue
        seen += 1
        assert isinstance(overrides, dict)
        r = score_selfeval(doc, policy_from_overrides(overrides))
        assert not [f for f in r.findings if f.rule in SCORE_RULES], name
        for ind, res in zip(doc.indicators, r.indicators, strict=True):
            if ind.published_score is not None:
                assert res.score == ind.published_score, (name, res.index)
        if doc.execution.published_score is not None:
            assert r.execution.score == doc.execution.published_score, name
    assert seen > 0, "语料中没有 reproducing_policy"
