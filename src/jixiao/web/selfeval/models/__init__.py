"""Self-evaluation models: the evaluation and its rows, the record, published batches."""

from __future__ import annotations

from jixiao.web.selfeval.models.batch import BatchTable, RecheckBatch
from jixiao.web.selfeval.models.evaluation import EvalRow, RegionPolicy, SelfEvaluation
from jixiao.web.selfeval.models.evidence import Evidence
from jixiao.web.selfeval.models.record import Change, EvalTransition

__all__ = [
    "BatchTable",
    "Change",
    "EvalRow",
    "EvalTransition",
    "Evidence",
    "RecheckBatch",
    "RegionPolicy",
    "SelfEvaluation",
]
