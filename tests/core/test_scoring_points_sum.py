"""R4 per first-level group where the policy fixes them (issue 11 #16), including tables
whose execution weight is not the policy's."""

from __future__ import annotations

from jixiao.core.scoring import score_selfeval
from tests.core.test_scoring_recheck import doc


def _rows(output: str, benefit: str, satisfaction: str) -> list[dict[str, str]]:
    return [
        {"level1": "产出指标", "target": "≥1", "actual": "1", "points": output},
        {"level1": "效益指标", "target": "≥1", "actual": "1", "points": benefit},
        {"level1": "满意度指标", "target": "≥1", "actual": "1", "points": satisfaction},
    ]


def _points_sum(output: str, benefit: str, satisfaction: str, execution: str) -> list[str]:
    d = doc(_rows(output, benefit, satisfaction), execution={"points": execution})
    return [f.message for f in score_selfeval(d).findings if f.rule == "points-sum"]


def test_groups_as_fixed_and_execution_10_is_clean() -> None:
    assert _points_sum("50", "30", "10", "10") == []


def test_a_total_of_100_with_wrong_groups_is_reported() -> None:
    (message,) = _points_sum("60", "20", "10", "10")
    assert "产出指标60分，规则为50分" in message
    assert "效益指标20分，规则为30分" in message


def test_an_execution_weight_other_than_the_policys_is_reported_even_at_100() -> None:
    (message,) = _points_sum("45", "25", "10", "20")
    assert "预算执行率20分，规则为10分" in message
    assert "产出指标45分，规则为50分" in message
    (message,) = _points_sum("50", "30", "10", "20")
    assert "合计110分，应为100分" in message
