"""The layout of the published 部门预算绩效文本, built once and shared by every format.

A county's document has a title, 第一部分 部门整体绩效目标 (prose under three numbered
sections) and 第二部分 预算项目绩效目标: one 绩效目标表 per project. ``build_layout``
turns a plan into that structure with every text already written as it will be printed
("96.00", "3月底", "25%", "1.租用线路291条"), so the HTML/PDF, Word and text writers only
place strings: they cannot disagree on what the document says. The ruled grid of a
绩效目标表 (which cell spans which) is in ``grid``.

Texts are data: ``flat`` turns each into one printable line (whitespace runs become one
space, control characters go), so a newline typed into a cell cannot break the text
layout and nothing invalid reaches XML. Escaping is each writer's job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from jixiao.core.model import Indicator, Plan, Project

__all__ = [
    "MONEY_UNITS",
    "Block",
    "IndicatorRow",
    "Layout",
    "ProjectTable",
    "RenderError",
    "amount_text",
    "build_layout",
    "cn_number",
    "flat",
    "level_spans",
    "numbered",
    "percent_text",
]

MONEY_UNITS = ("万元", "元")
MAX_SPENDING_POINTS = 12  # one per month: the grid has twelve columns for them

BlockKind = Literal[
    "part", "part_title", "section", "subgoal", "measure", "para", "labelled",
    # letters (a 批复): a centred line (文号), a line without indent (addressee), a line
    # at the right (issuer, date)
    "center", "plain", "right",
]  # fmt: skip


class RenderError(ValueError):
    """A plan that cannot be laid out (say which field and why, in Chinese)."""


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of the prose: a heading, a numbered item or a paragraph.

    ``subgoal`` and ``measure`` are the numbered titles "（一）…"; a measure's title is
    printed on one line (its text follows without a label, so a reader knows where the
    title ends only by the line). ``labelled`` paragraphs start with a bold label
    ("绩效目标：") followed by ``text``.
    """

    kind: BlockKind
    text: str
    label: str = ""

    @property
    def full(self) -> str:
        return self.label + self.text


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One row of the indicator table; a span of 0 means "covered by the cell above"."""

    level1: str
    level2: str
    name: str
    description: str
    target: str
    basis: str
    level1_span: int
    level2_span: int


@dataclass(frozen=True, slots=True)
class ProjectTable:
    """One 绩效目标表, every cell's text as printed."""

    number: int
    title: str  # "1.<项目名称>绩效目标表"
    department: str  # "288001 巨鹿县政法委本级"
    unit: str  # "单位：万元"
    code: str
    name: str
    total: str
    fiscal: str
    other: str
    purpose: str
    months: tuple[str, ...]  # "3月底", …
    percents: tuple[str, ...]  # "25%", …
    goals: tuple[str, ...]  # "1.租用线路291条", …
    rows: tuple[IndicatorRow, ...]


@dataclass(frozen=True, slots=True)
class Layout:
    title: str
    part1: tuple[Block, ...]  # empty when the plan has no 部门整体绩效目标
    part2: tuple[Block, ...]  # the 第二部分 headings
    tables: tuple[ProjectTable, ...]
    money_unit: str
    subject: str = "部门预算绩效文本"  # what kind of document (a Word file's 主题)


_CN = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十, 35 → 三十五 (numbered sub-goals and measures)."""
    if n <= 10:
        return _CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens - 1]) + "十" + (_CN[ones - 1] if ones else "")


# C0/C1 controls, surrogates and non-characters: not printable, not valid in XML.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def flat(text: str | None) -> str:
    """``text`` as one printable line: whitespace runs → one space, controls removed."""
    if not text:
        return ""
    return " ".join(_INVALID.sub("", text).split())


def _decimal_text(value: Decimal) -> str:
    """Plain digits, never exponent notation ("1E+2" is 100)."""
    return format(value, "f")


def amount_text(value: Decimal | None) -> str:
    """An amount as printed: at least two decimals ("96" → "96.00"), never fewer digits
    than stored ("1.2345" stays), blank when absent."""
    if value is None:
        return ""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        value = value.quantize(Decimal("0.01"))
    return _decimal_text(value)


def percent_text(value: Decimal | None) -> str:
    return "" if value is None else _decimal_text(value) + "%"


def numbered(items: list[str]) -> tuple[str, ...]:
    """Goals as printed: "1.…", "2.…" (empty goals dropped: they print nothing)."""
    texts = [t for t in (flat(x) for x in items) if t]
    return tuple(f"{i}.{t}" for i, t in enumerate(texts, start=1))


def document_title(plan: Plan) -> str:
    dept = flat(plan.department.name)
    year = f"{plan.year}年" if plan.year is not None else ""
    return f"{dept}{year}部门预算绩效文本"


def build_layout(plan: Plan) -> Layout:
    """The plan as its published 绩效文本; ``RenderError`` when it cannot be printed."""
    unit = plan.money_unit or "万元"
    if unit not in MONEY_UNITS:
        raise RenderError(f"金额单位应为“万元”或“元”，实为“{flat(unit)}”")
    return Layout(
        title=document_title(plan),
        part1=_part1(plan),
        part2=(Block("part", "第二部分"), Block("part_title", "预算项目绩效目标")),
        tables=tuple(
            _table(plan, project, n, unit) for n, project in enumerate(plan.projects, start=1)
        ),
        money_unit=unit,
    )


def _part1(plan: Plan) -> tuple[Block, ...]:
    ov = plan.overall
    if ov is None:
        return ()
    out = [
        Block("part", "第一部分"),
        Block("part_title", "部门整体绩效目标"),
        Block("section", "一、总体绩效目标"),
    ]
    if flat(ov.goal):
        out.append(Block("para", flat(ov.goal)))
    out.append(Block("section", "二、分项绩效目标"))
    for i, sg in enumerate(ov.subgoals, start=1):
        out.append(Block("subgoal", f"（{cn_number(i)}）{flat(sg.title)}"))
        out.append(Block("labelled", flat(sg.goal), "绩效目标："))
        out.append(Block("labelled", flat(sg.indicator_text), "绩效指标："))
    out.append(Block("section", "三、工作保障措施"))
    for i, ms in enumerate(ov.measures, start=1):
        out.append(Block("measure", f"（{cn_number(i)}）{flat(ms.title)}"))
        if flat(ms.text):
            out.append(Block("para", flat(ms.text)))
    return tuple(out)


def _table(plan: Plan, p: Project, n: int, unit: str) -> ProjectTable:
    where = f"第{n}个项目（{flat(p.name) or flat(p.code) or '无名称'}）"
    if len(p.spending_plan) > MAX_SPENDING_POINTS:
        raise RenderError(
            f"{where}的资金支出计划有 {len(p.spending_plan)} 个时点，最多 {MAX_SPENDING_POINTS} 个"
        )
    dept = " ".join(x for x in (flat(plan.department.code), flat(plan.department.name)) if x)
    b = p.budget
    return ProjectTable(
        number=n,
        title=f"{n}.{flat(p.name)}绩效目标表",
        department=dept,
        unit=f"单位：{unit}",
        code=flat(p.code),
        name=flat(p.name),
        total=amount_text(b.total),
        fiscal=amount_text(b.fiscal),
        other=amount_text(b.other),
        purpose=flat(p.purpose),
        months=tuple(f"{sp.month}月底" for sp in p.spending_plan),
        percents=tuple(percent_text(sp.percent) for sp in p.spending_plan),
        goals=numbered(p.goals),
        rows=_rows(p.indicators),
    )


def _rows(inds: list[Indicator]) -> tuple[IndicatorRow, ...]:
    labels = [(flat(i.level1), flat(i.level2)) for i in inds]
    spans = level_spans(labels)
    return tuple(
        IndicatorRow(
            level1=labels[k][0],
            level2=labels[k][1],
            name=flat(ind.name),
            description=flat(ind.description),
            target=flat(ind.target),
            basis=flat(ind.basis),
            level1_span=spans[k][0],
            level2_span=spans[k][1],
        )
        for k, ind in enumerate(inds)
    )


def level_spans(
    labels: Sequence[tuple[str, str]], breaks: AbstractSet[int] = frozenset()
) -> list[tuple[int, int]]:
    """The rows each merged level cell spans: a level1 cell covers the run of rows with
    the same level1, a level2 cell the run with the same level1 and level2; 0 means
    covered by the cell above. A row in ``breaks`` starts new cells (the PDF restarts
    them where a page breaks a run, so every page shows its labels)."""
    seg = 0
    keys1: list[tuple[int, str]] = []
    keys2: list[tuple[int, str, str]] = []
    for k, (l1, l2) in enumerate(labels):
        seg += k in breaks
        keys1.append((seg, l1))
        keys2.append((seg, l1, l2))
    return [(_span(keys1, k), _span(keys2, k)) for k in range(len(labels))]


def _span(keys: Sequence[object], k: int) -> int:
    if k > 0 and keys[k - 1] == keys[k]:
        return 0
    n = 1
    while k + n < len(keys) and keys[k + n] == keys[k]:
        n += 1
    return n
