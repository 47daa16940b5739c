"""Self-evaluation scoring (自评) and re-check (复核).

``score_selfeval(doc, policy)`` computes the policy's scores for a ``jixiao.selfeval/1``
document and the 复核 findings against its published numbers; the result's ``to_dict()``
is the JSON of docs/formats.md#4-scores. Policies: ``policy.py``; scores: ``scorer.py``; findings:
``recheck.py``. Pure Python: no web framework, no Excel library.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from jixiao.core.model import SelfEvaluation
from jixiao.core.scoring.policy import (
    BUILTIN_POLICIES,
    DEFAULT_POLICY,
    Policy,
    PolicyError,
    load_policy,
)
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
    """The policy to score ``doc`` with: ``override`` if given, else the document's own.

    The user's ``override`` may be any file; the document's own ``policy`` (text from a
    file someone sent) may only name a built-in policy or a file beside the input —
    never any path on the machine."""
    if override is not None:
        return load_policy(override, relative_to=relative_to)
    spec = doc.policy
    if isinstance(spec, str) and spec.strip() not in BUILTIN_POLICIES:
        name = spec.strip()
        if relative_to is None or not _beside_input(name):
            shown = name if len(name) <= 60 else name[:60] + "…"
            raise PolicyError(
                f"文档的 policy “{shown}” 无效：只能是内置评分规则（{'、'.join(BUILTIN_POLICIES)}）"
                "或与输入文件同一目录下的 .yaml/.yml/.json 文件名"
            )
        return load_policy(relative_to / name)
    if spec is not None and not isinstance(spec, str | Mapping):
        raise PolicyError(f"文档的 policy 应为评分规则名称或对象，实为 {type(spec).__name__}")
    return load_policy(spec, relative_to=relative_to)


def _beside_input(name: str) -> bool:
    """A plain file name (no directory, no "..", sane length) of a policy file."""
    return (
        0 < len(name) <= 120
        and "/" not in name
        and "\\" not in name
        and "\0" not in name
        and not name.startswith(".")
        and Path(name).suffix.lower() in {".yaml", ".yml", ".json"}
    )


def score_selfeval(doc: SelfEvaluation, policy: Policy | None = None) -> ScoreReport:
    """Scores under ``policy`` (default ``mof-2020``) with the 复核 findings attached."""
    report = compute_scores(doc, policy or DEFAULT_POLICY)
    report.findings = recheck(doc, report)
    return report
