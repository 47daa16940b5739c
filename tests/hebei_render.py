"""Render a ``Plan`` in the text layout of an extracted Hebei 部门预算绩效文本 (docs/sources.md#model-document).

The inverse of the text reader, used to prove that it is general: any plan, any column
widths, with or without blank lines, trailing spaces and extraction spaces ("291 条",
"2024年 12"), must read back to the same plan. It imitates how the published PDFs come
out of text extraction: cells that fit their column share a line, joined by one or two
spaces; a cell that wraps puts each fragment on a line of its own; a row starts a new
line; a level1 label (and a level2 label merged over several rows) stands alone.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from jixiao.core.model import Indicator, Plan, Project
from jixiao.core.readers.cleaning import _char_width

__all__ = ["Style", "render_plan", "wrap"]

_CN_NUM = "一二三四五六七八九十"


@dataclass(frozen=True)
class Style:
    """Column widths in half-width units (a CJK character is 2) and extraction habits."""

    prose: int = 60
    label: int = 10
    level: int = 10
    name: int = 10
    desc: int = 24
    target: int = 10
    basis: int = 14
    project_name: int = 40
    inline_name_max: int = 40
    blank_lines: bool = True
    trailing: bool = True
    artefacts: bool = True
    seed: int = 0
    # 0 = never, 1 = always: a leading space before a cell that starts a line
    leading: float = 0.3
    extra: dict[str, int] = field(default_factory=dict)


_ASCII_RUN = re.compile(r"[A-Za-z0-9.+%]+")


def width(text: str) -> int:
    """Display width of a line as laid out, leading spaces included."""
    return sum(_char_width(c) for c in text)


def wrap(text: str, cols: int) -> list[str]:
    """Greedy wrap by display width; short ASCII runs ("12", "9+X") are not split."""
    if width(text) <= cols:
        return [text]
    tokens: list[str] = []
    pos = 0
    for m in _ASCII_RUN.finditer(text):
        tokens.extend(text[pos : m.start()])
        run = m.group()
        tokens.extend([run] if len(run) <= 3 else list(run))
        pos = m.end()
    tokens.extend(text[pos:])
    lines: list[str] = []
    cur = ""
    for tok in tokens:
        if cur and width(cur + tok) > cols:
            lines.append(cur)
            cur = tok.lstrip()
        else:
            cur += tok
    if cur:
        lines.append(cur)
    return [ln.rstrip() for ln in lines if ln.strip()]


class _Out:
    def __init__(self, style: Style) -> None:
        self.style = style
        self.rng = random.Random(style.seed)
        self.lines: list[str] = []
        self.row: list[str] = []

    def line(self, text: str, *, end_of_cell: bool = True) -> None:
        if self.style.trailing and end_of_cell:
            text += " " * self.rng.choice((1, 1, 2, 3))
        self.lines.append(text)
        if self.style.blank_lines:
            self.lines.append(self.rng.choice(("", "", " ")))

    def lead(self) -> str:
        return " " if self.rng.random() < self.style.leading else ""

    def wrapped(self, text: str, cols: int, *, artefacts: bool = False) -> None:
        """A cell or paragraph on lines of its own; a leading space takes room."""
        frags = wrap(self.lead() + (self.artefact(text) if artefacts else text), cols)
        for i, frag in enumerate(frags):
            self.line(frag, end_of_cell=i == len(frags) - 1)

    def flush(self) -> None:
        if self.row:
            self.line(self.lead() + "".join(self.row))
            self.row = []

    def cell(self, text: str, cols: int, *, artefacts: bool = False) -> None:
        """A table cell: shares the current line if it fits, else wraps on lines of its own.

        Spaces between digits and Chinese ("291 条") take room like any character.
        """
        text = self.artefact(text) if artefacts else text
        frags = wrap(text, cols)
        if len(frags) == 1:
            if self.row:
                self.row.append(self.rng.choice((" ", " ", "  ")))
            self.row.append(text)
            return
        self.flush()
        self.wrapped(text, cols)

    def artefact(self, text: str) -> str:
        """Spaces that text extraction puts between digits and Chinese ("291 条")."""
        if not self.style.artefacts:
            return text
        rng = self.rng
        text = re.sub(
            r"(\d)(条|页|册|天|万元|元|人|个|次)",
            lambda m: m.group(1) + (" " if rng.random() < 0.5 else "") + m.group(2),
            text,
        )
        text = re.sub(
            r"(\d{4}年)(\d)",
            lambda m: m.group(1) + (" " if rng.random() < 0.7 else "") + m.group(2),
            text,
        )
        text = re.sub(
            r"([\u4e00-\u9fff])(?=[0-9]*[A-Za-z+＋])",
            lambda m: m.group(1) + (" " if rng.random() < 0.5 else ""),
            text,
        )
        return re.sub(
            r"(?<=[A-Za-z+＋])([\u4e00-\u9fff])",
            lambda m: (" " if rng.random() < 0.5 else "") + m.group(1),
            text,
        )


def render_plan(plan: Plan, style: Style | None = None) -> str:
    """The plan as the text extraction of its published 绩效文本 would show it."""
    st = style or Style()
    out = _Out(st)
    ov = plan.overall
    if ov is not None:
        out.line(" 第一部分")
        out.line("部门整体绩效目标")
        out.line("一、总体绩效目标")
        out.line("总体绩效目标")
        out.wrapped(ov.goal or "", st.prose, artefacts=True)
        out.line("二、分项绩效目标")
        out.line("分项绩效目标")
        for i, sg in enumerate(ov.subgoals):
            out.wrapped(f"（{_CN_NUM[i]}）{sg.title or ''}", st.prose)
            out.wrapped(f"绩效目标：{sg.goal or ''}", st.prose, artefacts=True)
            out.wrapped(f"绩效指标：{sg.indicator_text or ''}", st.prose, artefacts=True)
        out.line("三、工作保障措施")
        out.line("工作保障措施")
        for i, ms in enumerate(ov.measures):
            mark = out.rng.choice((f"({_CN_NUM[i]})", f"（{_CN_NUM[i]}）", f"({_CN_NUM[i]}）"))
            out.line(out.lead() + mark + (ms.title or ""))
            out.wrapped(ms.text or "", st.prose, artefacts=True)
    for n, project in enumerate(plan.projects, start=1):
        _project(out, plan, project, n)
    return "\n".join(out.lines) + "\n"


def _project(out: _Out, plan: Plan, p: Project, n: int) -> None:
    st = out.style
    name = out.artefact(p.name or "")
    out.line(f" {n}.{name}绩效目标表")
    dept = plan.department
    out.line(f"{dept.code} {dept.name} 单位：{plan.money_unit}")
    if width(name) <= st.inline_name_max:
        out.line(f"项目编码 {p.code} 项目名称 {name}")
    else:
        out.line(f"项目编码 {p.code} 项目名称")
        out.wrapped(name, st.project_name)
    out.wrapped("预算规模及资金用途", st.label)
    b = p.budget
    out.line(f"预算数 {b.total}")
    out.wrapped("其中：财政资金", st.label)
    fiscal = f"{b.fiscal} " if b.fiscal is not None else ""
    other = f" {b.other}" if b.other is not None else ""
    out.line(f"{fiscal}其他资金{other}")
    if p.purpose:
        out.wrapped(p.purpose, st.prose, artefacts=True)
    out.wrapped("资金支出计划（%）", st.label)
    months = [
        f"{sp.month}{' ' if st.artefacts and i == 0 else ''}月底"
        for i, sp in enumerate(p.spending_plan)
    ]
    out.line(" ".join(months))
    out.line(" ".join(f"{sp.percent}%" for sp in p.spending_plan))
    out.line("绩效目标")
    for i, goal in enumerate(p.goals, start=1):
        out.wrapped(f"{i}.{goal}", st.prose, artefacts=True)
    out.line("一级指标 二级指标 三级指标 绩效指标描述 指标值 指标值确定依据")
    _rows(out, p.indicators)


def _rows(out: _Out, rows: list[Indicator]) -> None:
    st = out.style
    level1: str | None = None
    level2: str | None = None
    for k, ind in enumerate(rows):
        out.flush()
        if ind.level1 != level1:
            level1, level2 = ind.level1, None
            out.wrapped(ind.level1 or "", st.level)
        if ind.level2 != level2:
            level2 = ind.level2
            span = 1
            while k + span < len(rows) and (rows[k + span].level1, rows[k + span].level2) == (
                level1,
                level2,
            ):
                span += 1
            if span > 1:  # merged over several rows: stands alone
                out.wrapped(level2 or "", st.level)
            else:
                out.cell(level2 or "", st.level)
        out.cell(ind.name or "", st.name, artefacts=True)
        out.cell(ind.description or "", st.desc, artefacts=True)
        out.cell(ind.target or "", st.target, artefacts=True)
        out.cell(ind.basis or "", st.basis)
    out.flush()
