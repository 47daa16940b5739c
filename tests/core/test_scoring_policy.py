"""Scoring policies: the mof-2020 defaults, YAML overrides and the Chinese errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.scoring.policy import (
    DEFAULT_POLICY,
    PolicyError,
    load_policy,
    policy_from_overrides,
)


def test_default_policy_is_mof_2020_with_the_domain_numbers() -> None:
    p = load_policy(None)
    assert p is DEFAULT_POLICY
    assert p.name == "mof-2020"
    assert dict(p.level1_points or {}) == {"产出": 50, "效益": 30, "满意度": 10}
    assert p.execution_points == 10
    assert p.rounding == 2
    assert p.cap_at_points
    assert p.reverse_formula == "ratio"
    assert [g for g, _ in p.grade_bands] == ["优", "良", "中", "差"]
    assert load_policy("mof-2020") is p


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.5", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grade_bands_include_their_lower_bound(total: str, grade: str) -> None:
    assert DEFAULT_POLICY.grade_of(Decimal(total)) == grade


@pytest.mark.parametrize(
    ("label", "group"),
    [
        ("产出指标", "产出"),
        ("效益指标", "效益"),
        ("满意度指标", "满意度"),
        ("成本指标", "产出"),
        ("效果指标", "效益"),
        ("其他", None),
    ],
)
def test_level1_labels_fall_into_groups(label: str, group: str | None) -> None:
    assert DEFAULT_POLICY.group_of(label) == group


def test_cost_gets_its_own_group_when_the_policy_gives_it_points() -> None:
    p = policy_from_overrides({"level1_points": {"产出": 40, "成本": 10, "效益": 30, "满意度": 10}})
    assert p.group_of("成本指标") == "成本"


def test_reproducing_policy_keys_are_valid_overrides() -> None:
    p = policy_from_overrides({"execution_points": 20, "cap_at_points": False, "rounding": 1})
    assert p.execution_points == 20
    assert not p.cap_at_points
    assert p.rounding == 1
    assert p.quantum == Decimal("0.1")
    # 20 execution points with no stated split of the other 80: first levels unfixed (S1c).
    assert p.level1_points is None


def test_yaml_file_overrides_fields(tmp_path: Path) -> None:
    f = tmp_path / "hebei-whole.yaml"
    f.write_text(
        "rounding: 0\nreverse_formula: linear\ngrade_bands: {优: 80, 良: 70, 中: 60, 差: 0}\n",
        encoding="utf-8",
    )
    p = load_policy(str(f))
    assert p.name == "hebei-whole"
    assert p.rounding == 0
    assert p.reverse_formula == "linear"
    assert p.grade_of(Decimal(85)) == "优"
    assert p.cap_at_points  # untouched fields keep the default


def test_yaml_decimals_stay_exact(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text("level1_points: {产出: 49.5, 效益: 30.5, 满意度: 10}\n", encoding="utf-8")
    p = load_policy(f)
    assert (p.level1_points or {})["产出"] == Decimal("49.5")


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"rounding_digits": 2}, ["未知字段", "rounding_digits", "可用字段"]),
        ({"rounding": "2"}, ["rounding", "整数"]),
        ({"rounding": 7}, ["rounding", "0–4"]),
        ({"cap_at_points": "yes"}, ["cap_at_points", "true 或 false"]),
        ({"reverse_formula": "quadratic"}, ["reverse_formula", "ratio", "linear"]),
        ({"grade_bands": {"优": 80, "良": 90, "中": 60, "差": 0}}, ["grade_bands", "从高到低"]),
        ({"grade_bands": {"优": 90, "良": 80, "中": 60}}, ["最低一档", "0"]),
        ({"level1_points": {"产出": 60, "效益": 30, "满意度": 10}}, ["之和应为100", "110"]),
        ({"level1_points": {"产出": "五十"}}, ["level1_points.产出", "数值"]),
        (
            {"qualitative_bands": {"达成": {"lower": 0.9, "upper": 0.8, "score": 1}}},
            ["qualitative_bands", "达成"],
        ),
        ({"deadline_missed_grade": "优秀"}, ["deadline_missed_grade", "优秀"]),
        ({"base": "sichuan-2030"}, ["base", "不是内置规则"]),
        ({"over_achievement_ratio": 0.5}, ["over_achievement_ratio", "大于 1"]),
    ],
)
def test_invalid_policies_are_rejected_in_chinese(
    overrides: dict[str, object], words: list[str]
) -> None:
    with pytest.raises(PolicyError) as exc:
        policy_from_overrides(overrides)
    for w in words:
        assert w in str(exc.value)


def test_unknown_policy_name_says_what_exists() -> None:
    with pytest.raises(PolicyError, match=r"找不到评分规则.*mof-2020"):
        load_policy("no-such-policy")


def test_broken_yaml_file_is_a_policy_error(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("rounding: [1,\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="无法读取"):
        load_policy(f)
    g = tmp_path / "list.yaml"
    g.write_text("- rounding\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="映射"):
        load_policy(g)


def test_policy_to_dict_round_trips_through_overrides() -> None:
    p = policy_from_overrides({"rounding": 0, "reverse_formula": "linear", "name": "x"})
    d = p.to_dict()
    q = policy_from_overrides(d)
    assert q.to_dict() == d


def test_document_policy_field_may_hold_inline_overrides() -> None:
    from jixiao.core.model import SelfEvaluation
    from jixiao.core.scoring import policy_for

    doc = SelfEvaluation.from_dict({"format": "jixiao.selfeval/1", "policy": {"rounding": 0}})
    assert policy_for(doc).rounding == 0
    assert policy_for(doc, "mof-2020").rounding == 2  # the command line wins
