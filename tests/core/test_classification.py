"""The indicator classification: one tree and its aliases for checker, readers and editor."""

from __future__ import annotations

from jixiao.core import classification as cls
from jixiao.core.checks import check_plan
from jixiao.core.config import CheckConfig, parse_config
from jixiao.core.model import Plan
from tests.core.checks_support import SOUND, plan_of


def test_labels_are_canonicalised_for_matching() -> None:
    assert cls.canon_label("产出指标（50分）") == "产出"
    assert cls.canon_label(" 服务对象满意度 指标") == "服务对象满意度"
    assert cls.canon_label(None) == ""


def test_classify_applies_aliases_and_reads_prefixed_level2() -> None:
    assert cls.classify("效果指标", "环境效益指标") == ("效益", "生态效益")
    assert cls.classify("产出指标", "产出数量指标") == ("产出", "数量")
    assert cls.classify("效益指标", "可持续发展指标") == ("效益", "可持续影响")
    # An unknown label stays as written (the checker reports it).
    assert cls.classify("投入指标", "资金投入") == ("投入", "资金投入")


def test_parent_label_of_a_level2() -> None:
    assert cls.parent_label("质量指标") == "产出指标"
    assert cls.parent_label("经济成本指标") == "成本指标"
    assert cls.parent_label("环境效益指标") == "效益指标"
    assert cls.parent_label("群众满意度指标") == "满意度指标"
    # 成本指标 alone sits under 产出 in one layout and is a group in the other.
    assert cls.parent_label("成本指标") is None
    assert cls.parent_label("") is None


def test_the_editor_offers_the_canonical_tree() -> None:
    assert cls.EDITOR_PAIRS["产出指标"] == ("数量指标", "质量指标", "时效指标", "成本指标")
    assert cls.EDITOR_PAIRS["成本指标"] == ("经济成本指标", "社会成本指标", "生态环境成本指标")
    # Every pair the editor offers passes the checker's structure rule.
    for l1, l2s in cls.EDITOR_PAIRS.items():
        for l2 in l2s:
            a, b = cls.classify(l1, l2)
            assert cls.level2_allowed(a, b), (l1, l2)


def test_readers_know_every_offered_label() -> None:
    offered = set(cls.EDITOR_PAIRS) | {l2 for l2s in cls.EDITOR_PAIRS.values() for l2 in l2s}
    assert offered <= cls.LEVEL1_LABELS | cls.LEVEL2_LABELS
    assert "效果指标" in cls.LEVEL1_LABELS


def rules_of(plan: Plan, config: CheckConfig | None = None) -> set[str]:
    return {f.rule for f in check_plan(plan, config)}


def _aliased_rows() -> list[tuple[str, str, str, str, str]]:
    rows = list(SOUND)
    rows[4] = ("效果指标", "可持续发展指标", "网络覆盖村数", "视联网覆盖行政村个数", "≥291个")
    return rows


def test_a_label_known_by_alias_is_neither_an_error_nor_a_missing_group() -> None:
    rules = rules_of(plan_of(_aliased_rows()))
    assert "structure" not in rules
    assert "missing-level1" not in rules


def test_a_region_adds_aliases_on_top_of_the_defaults() -> None:
    rows = _aliased_rows()
    rows[5] = ("群众评价指标", "群众满意度指标", "满意度", "服务对象满意度", "≥90%")
    assert "structure" in rules_of(plan_of(rows))
    config = parse_config({"policy": {"aliases": {"群众评价指标": "满意度指标"}}})
    rules = rules_of(plan_of(rows), config)
    assert "structure" not in rules
    assert "missing-level1" not in rules
