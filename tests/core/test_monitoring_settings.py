"""The [monitoring] section of jixiao.toml: values, defaults and errors naming the key."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.checks import RULE_SLUGS
from jixiao.core.config import ConfigError, load_config
from jixiao.core.monitoring.settings import MonitorSettings


def load(tmp_path: Path, text: str):
    p = tmp_path / "jixiao.toml"
    p.write_text(text, encoding="utf-8")
    return load_config(p, RULE_SLUGS)


def test_defaults_without_a_section(tmp_path: Path) -> None:
    s = load(tmp_path, "[rules.placeholder]\nenabled = false\n").monitor_settings()
    assert s == MonitorSettings()
    assert (s.lamp_base, s.red_below, s.yellow_below) == ("time", 60, 80)
    assert s.deviation_categories == (
        "经费保障",
        "制度保障",
        "人员保障",
        "硬件（条件）保障",
        "其他",
    )
    assert (s.key_min_budget, s.key_below, s.key_from_month) == (200, 60, 8)
    assert s.limits.max_rows == 1_000_000


def test_every_setting(tmp_path: Path) -> None:
    s = load(
        tmp_path,
        """
[monitoring]
lamp_base = "plan"
red_below = 50
yellow_below = "75.5"
deviation_categories = ["规划和目标设计", "投入保障", "制度保障", "项目管理"]
budget_words_lamps = ["red"]
[monitoring.qualitative]
green = ["全面完成"]
[monitoring.key]
min_budget = 100
below = 50.5
from_month = 9
[monitoring.limits]
max_rows = 5000
max_amount = "1e10"
""",
    ).monitor_settings()
    assert (s.lamp_base, s.red_below, s.yellow_below) == ("plan", 50, Decimal("75.5"))
    assert s.deviation_categories[0] == "规划和目标设计"
    assert s.budget_words_lamps == ("red",)
    assert dict(s.qualitative) == {
        "全面完成": "green",
        "部分达成年度指标并具有一定效果": "yellow",
        "未达成年度指标且效果较差": "red",
    }
    assert (s.key_min_budget, s.key_below, s.key_from_month) == (100, Decimal("50.5"), 9)
    assert (s.limits.max_rows, s.limits.max_amount, s.limits.max_columns) == (
        5000,
        Decimal("1e10"),
        200,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('lamp_base = "month"', "monitoring.lamp_base 应为"),
        ("red_below = 90", "monitoring.red_below（90）不能大于 monitoring.yellow_below（80）"),
        ('red_below = "sixty"', "monitoring.red_below 应为数字"),
        ("yellow_below = 120", "monitoring.yellow_below 应在 0 到 100 之间"),
        ("deviation_categories = []", "monitoring.deviation_categories 应为非空文本的列表"),
        ('budget_words_lamps = ["blue"]', "monitoring.budget_words_lamps 应为灯色的列表"),
        ("colour = 1", "monitoring.colour 未知"),
        ("[monitoring.key]\nfrom_month = 13", "monitoring.key.from_month 应为 1 到 12 之间的整数"),
        ("[monitoring.key]\nmin = 1", "monitoring.key.min 未知"),
        ('[monitoring.qualitative]\nblue = ["x"]', "monitoring.qualitative.blue 未知"),
        ("[monitoring.limits]\nmax_rows = 0", "monitoring.limits.max_rows 应为 1 到"),
    ],
)
def test_errors_name_the_key_and_the_file(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as exc:
        load(tmp_path, "[monitoring]\n" + text + "\n")
    assert message in str(exc.value)
    assert str(tmp_path / "jixiao.toml") in str(exc.value)
