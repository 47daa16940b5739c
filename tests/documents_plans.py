"""Plans for the round-trip laws of the document writers: ``read(render(p)) == carried(p)``.

Drawn by hypothesis from realistic pieces (the words, values and level labels of county
绩效目标表) mixed with what makes a renderer stumble: long texts that wrap over many
lines, ASCII words with spaces ("ISO 9001"), markup and formula text (``<script>``,
``{{ x }}``, ``=cmd|``), amounts in 元 or 万元 with 0–4 decimals, a blank 其他资金, any
subset of months in the 资金支出计划, empty texts and absent parts.

The plans stay inside the published layout's own grammar (docs/documents.md): no text
contains the layout's headings or markers ("（一）", "绩效目标：", "N.…绩效目标表"), a
goal does not start with a number (it follows "1."), indicator cells have no spaces and
use the level labels of the standard framework, and the only year written is the
plan's own (the reader takes the year the document names most often).
"""

from __future__ import annotations

from decimal import Decimal
from random import Random

from hypothesis import strategies as st

from jixiao.core.model import (
    Budget,
    Department,
    Indicator,
    Measure,
    Overall,
    Plan,
    Project,
    Region,
    SpendingPoint,
    Subgoal,
)

__all__ = ["plans", "projects"]

WORDS = [
    "资金", "使用", "完成", "宣传", "印制", "维护", "天数", "网络", "设备", "学生", "资助",
    "培训", "补助", "覆盖", "人次", "合格", "及时", "安全", "运行", "保障", "群众", "线路",
    "租赁", "服务", "系统", "账号", "校舍", "改造", "救助", "供养", "办公", "运转", "，",
    "、", "；", "。", "“综治”", "《条例》",
]  # fmt: skip
# Short ASCII runs as units write them, and text that is markup or a formula elsewhere.
ASCII = ["GPS", "App", "9+X", "5G", "ISO 9001", "Wi-Fi", "PDF 文件"]
HOSTILE = ["<script>alert(1)</script>", "{{ 7*7 }}", "=cmd|'/C calc'!A0", "&amp;", "{% raw %}"]
CELL_BITS = ["GPS", "9+X", "5G", "<b>", "{{x}}", "=cmd|A0", "&lt;"]  # no spaces: a table cell
NUMBERS = ["90%", "4.5%", "360天", "1.5万元", "291条"]
TARGETS = [
    "≥95%", "≥90%", "100%", "≤4万元", "291条", "≥100页", "{year}年12月底前", "4万元",
    "{year}年6月底前完成支出", "逐步提高", "有效提升", "≥1200人次", "≤1000元/人", "≥5.24万元",
    "12所", "≤0.5%", "≥360天", "=100%", "≥90", "12月底前", "逐年增长", "30万元", "≥98.5%",
]  # fmt: skip
BASES = ["工作安排", "满足正常工作运转", "计划标准", "历史标准", "行业标准", "上年完成情况"]
LEVELS = [
    ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
    ("产出指标", "成本指标"), ("成本指标", "经济成本指标"), ("成本指标", "社会成本指标"),
    ("效益指标", "经济效益指标"), ("效益指标", "社会效益指标"), ("效益指标", "生态效益指标"),
    ("效益指标", "可持续影响指标"), ("满意度指标", "服务对象满意度指标"),
]  # fmt: skip
CODE = "0123456789ABCDEFGHJKLMNP"
REGIONS = ["巨鹿县", "任县", "平乡县", "襄都区", "南宫市"]
DEPTS = ["政法委本级", "教育局本级", "民政局", "财政局本级", "卫生健康局"]


def words(rnd: Random, lo: int, hi: int) -> str:
    """Chinese words, starting with one (never with a number or a mark)."""
    return rnd.choice(WORDS[:32]) + "".join(rnd.choices(WORDS, k=rnd.randint(lo, hi)))


def prose(rnd: Random, lo: int = 2, hi: int = 60, *, year: int = 2024, extras: int = 4) -> str:
    """A paragraph: Chinese words with numbers, ASCII runs and hostile text mixed in."""
    parts = [words(rnd, lo, hi)]
    for _ in range(rnd.randint(0, extras)):
        extra = rnd.choice([*ASCII, *HOSTILE, *NUMBERS, f"{year}年"])
        parts += [extra, words(rnd, 1, 8)]
    return "".join(parts)


def cell(rnd: Random, lo: int = 1, hi: int = 6) -> str:
    """A table cell's text: Chinese words and, sometimes, an ASCII run (no spaces)."""
    text = words(rnd, lo, hi)
    if rnd.randint(0, 4) == 0:
        text += rnd.choice(CELL_BITS) + words(rnd, 0, 3)
    return text


def maybe(rnd: Random, text: str) -> str | None:
    """Absent, empty or the text: empty texts print nothing and read back as absent."""
    return rnd.choice([None, "", text, text])


@st.composite
def amounts(draw: st.DrawFn) -> Decimal:
    places = draw(st.integers(0, 4))
    return Decimal(draw(st.integers(0, 10**9))).scaleb(-places)


@st.composite
def indicators(draw: st.DrawFn, rnd: Random, year: int) -> list[Indicator]:
    # As in published tables the 依据 phrase repeats through a table.
    bases = rnd.sample(BASES, rnd.randint(1, 3))
    levels = rnd.choices(LEVELS, k=draw(st.integers(1, 14)))
    if draw(st.booleans()):
        levels.sort(key=LEVELS.index)
    return [
        Indicator(
            level1=l1,
            level2=l2,
            name=cell(rnd, 1, 5),
            description=cell(rnd, 1, 30),
            target=rnd.choice(TARGETS).format(year=year),
            basis=rnd.choice(bases),
        )
        for l1, l2 in levels
    ]


@st.composite
def projects(draw: st.DrawFn, rnd: Random, year: int = 2024) -> Project:
    fiscal = draw(st.none() | amounts())
    other = draw(st.none() | amounts())
    total = draw(st.none() | amounts()) if draw(st.integers(0, 9)) == 0 else None
    if total is None:
        total = (fiscal or Decimal(0)) + (other or Decimal(0))
    months = sorted(rnd.sample(range(1, 13), draw(st.integers(1, 12))))
    places = draw(st.integers(0, 2))  # cumulative percentages: 25, 33.3, 12.50
    steps = sorted(Decimal(rnd.randint(0, 100 * 10**places)).scaleb(-places) for _ in months)
    code = None if draw(st.integers(0, 5)) == 0 else "1305" + "".join(rnd.choices(CODE, k=17))
    return Project(
        code=code,
        # A title is printed on one line (set smaller when long): names of up to ~40 characters.
        name=prose(rnd, 1, 10, year=year, extras=1) + rnd.choice(["经费", "专项资金", ""]),
        budget=Budget(total=total, fiscal=fiscal, other=other),
        purpose=maybe(rnd, "用于" + prose(rnd, 1, 40, year=year)),
        spending_plan=[SpendingPoint(m, p) for m, p in zip(months, steps, strict=True)],
        goals=[prose(rnd, 1, 25, year=year) for _ in range(draw(st.integers(0, 5)))],
        indicators=draw(indicators(rnd, year)),
    )


def overall(rnd: Random, year: int) -> Overall:
    return Overall(
        goal=maybe(rnd, prose(rnd, year=year)),
        subgoals=[
            Subgoal(
                title=rnd.choice([None, prose(rnd, 1, 30, year=year)]),
                goal=maybe(rnd, prose(rnd, year=year)),
                indicator_text=maybe(rnd, prose(rnd, year=year)),
            )
            for _ in range(rnd.randint(0, 4))
        ],
        measures=[
            Measure(
                title=rnd.choice([None, words(rnd, 1, 12)]), text=maybe(rnd, prose(rnd, year=year))
            )
            for _ in range(rnd.randint(0, 6))
        ],
    )


@st.composite
def plans(draw: st.DrawFn, max_projects: int = 5) -> Plan:
    """Texts come from a ``Random`` seeded by hypothesis (drawing every word through
    hypothesis took a second per plan); the structure and every number are drawn."""
    rnd = Random(draw(st.integers(0, 2**32)))
    year = draw(st.integers(2020, 2030))
    region = draw(st.sampled_from(REGIONS))
    return Plan(
        year=year,
        region=Region(name=region),
        department=Department(
            code=draw(st.none() | st.text("0123456789", min_size=6, max_size=6)),
            name=region + draw(st.sampled_from(DEPTS)),
        ),
        money_unit=draw(st.sampled_from(["万元", "元"])),
        overall=overall(rnd, year) if draw(st.booleans()) else None,
        projects=draw(st.lists(projects(rnd, year), min_size=1, max_size=max_projects)),
    )
