"""Checker configuration (jixiao.toml): switch off, re-grade, word lists, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.core.checks import RULE_SLUGS, RULES, check_plan
from jixiao.core.config import ConfigError, find_config, load_config
from tests.core.checks_support import at, with_row


def test_registry_has_the_documented_slugs() -> None:
    required = {
        "structure", "missing-level1", "missing-output-kind", "placeholder", "empty-target",
        "not-measurable", "cost-direction", "direction", "unit-mismatch", "missing-unit",
        "misfiled", "name-value-mismatch", "execution-rate-indicator", "duplicate-indicator",
        "vague-indicator", "over-100", "cost-exceeds-budget", "budget-sum", "spending-plan",
        "satisfaction-missing",
    }  # fmt: skip
    assert required <= RULE_SLUGS
    assert len(RULE_SLUGS) == len(RULES)
    for rule in RULES:
        assert rule.basis
        assert rule.title
        assert rule.messages
        assert rule.severity in ("error", "warning", "info")


def test_load_toml(tmp_path: Path) -> None:
    p = tmp_path / "jixiao.toml"
    p.write_text(
        '[rules.placeholder]\nenabled = false\n[rules.vague-indicator]\nseverity = "error"\n'
        '[words]\nvague_extra = ["工作成效"]\n[policy]\nrequired_level1 = ["产出指标", "效益"]\n',
        encoding="utf-8",
    )
    config = load_config(p, RULE_SLUGS)
    assert not config.enabled("placeholder")
    assert config.required_level1 == ("产出", "效益")
    plan = with_row(("效益指标", "社会效益指标", "工作成效", "工作成效", "≥90%"))
    assert at(plan, "vague-indicator", config) == [(7, "error")]
    assert at(with_row(("效益指标", "社会效益指标", "1", "1", "≥90%")), "placeholder", config) == []
    assert find_config(tmp_path) == p
    assert find_config(tmp_path / "nowhere") is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[rules.no-such-rule]\nenabled = false\n", "no-such-rule"),
        ('[rules.placeholder]\nseverity = "fatal"\n', "error、warning 或 info"),
        ("[rules.placeholder]\nenabled = 1\n", "true 或 false"),
        ("[words]\nvague = 3\n", "words.vague"),
        ("[words]\nwhatever = []\n", "words.whatever"),
        ("[colour]\nx = 1\n", "colour"),
        ("[rules\n", "不是有效的 TOML"),
        ('[policy]\nrequired_level1 = ["产出", "投入"]\n', "投入"),
    ],
)
def test_invalid_config_gives_a_chinese_error(tmp_path: Path, text: str, says: str) -> None:
    p = tmp_path / "jixiao.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=says):
        load_config(p, RULE_SLUGS)


def test_no_config_means_defaults() -> None:
    plan = with_row(("效益指标", "社会效益指标", "1", "1", "≥90%"))
    assert check_plan(plan, load_config(None)) == check_plan(plan)
