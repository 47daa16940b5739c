"""Points of a new self-evaluation: every first-level group adds up exactly (S1, S3)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.model import EvalIndicator, Execution, SelfEvaluation
from jixiao.core.scoring import DEFAULT_POLICY
from jixiao.core.scoring.allocation import allocate_points
from jixiao.core.scoring.recheck import recheck
from jixiao.core.scoring.scorer import compute_scores

LABELS = st.sampled_from(["产出指标", "效益指标", "满意度指标", "成本指标", "效果指标", "其他"])


@given(st.lists(LABELS, min_size=1, max_size=40))
def test_groups_add_up_and_r4_is_silent(labels: list[str]) -> None:
    points = allocate_points(labels, DEFAULT_POLICY)
    assert all(p >= 0 and p == p.quantize(Decimal("0.01")) for p in points)
    doc = SelfEvaluation(
        execution=Execution(points=DEFAULT_POLICY.execution_points),
        indicators=[
            EvalIndicator(level1=lab, points=p) for lab, p in zip(labels, points, strict=True)
        ],
    )
    report = compute_scores(doc, DEFAULT_POLICY)
    groups = {DEFAULT_POLICY.group_of(lab) for lab in labels}
    if None not in groups and groups == {"产出", "效益", "满意度"}:
        assert sum(points) + DEFAULT_POLICY.execution_points == 100
        assert not [f for f in recheck(doc, report) if f.rule == "points-sum"]


def test_example_split() -> None:
    labels = ["产出指标"] * 3 + ["效益指标"] * 2 + ["满意度指标"]
    assert allocate_points(labels, DEFAULT_POLICY) == [
        Decimal("16.66"), Decimal("16.66"), Decimal("16.68"), Decimal(15), Decimal(15), Decimal(10)
    ]  # fmt: skip
