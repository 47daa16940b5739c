"""Self-evaluation scoring (自评) and re-check (复核).

``score_selfeval(doc, policy)`` computes the policy's scores for a ``jixiao.selfeval/1``
document and the 复核 findings against its published numbers; the result's ``to_dict()``
is the JSON of docs/formats.md#4-scores. Policies: ``policy.py``; scores: ``scorer.py``; findings:
``recheck.py``. Pure Python: no web framework, no Excel library.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.core.model import SelfEvaluation
from jixiao.core.scoring.policy import DEFAULT_POLICY, Policy, PolicyError, load_policy
from jixiao.core.scoring.recheck import recheck
from jixiao.core.scoring.scorer import ScoreReport, compute_scores

__all__ = [
    "DEFAULT_POLICY",
    "Policy",
    "PolicyError",
    "ScoreReport",
    "load_policy",
    "policy_for",
    "score_selfeval",
]


def policy_for(
    doc: SelfEvaluation, override: str | Path | None = None, *, relative_to: Path | None = None
) -> Policy:
    """The policy to score ``doc`` with: ``override`` if given, else the document's own."""
    spec = override if override is not None else doc.policy
    return load_policy(spec, relative_to=relative_to)


def score_selfeval(doc: SelfEvaluation, policy: Policy | None = None) -> ScoreReport:
    """Scores under ``policy`` (default ``mof-2020``) with the 复核 findings attached."""
    report = compute_scores(doc, policy or DEFAULT_POLICY)
    report.findings = recheck(doc, report)
    return report
