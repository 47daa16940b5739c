"""The 绩效目标批复: the finance bureau's reply approving a unit's targets, targets attached.

A reply is a short letter — title, 文号, the unit addressed, the reply text (批复意见),
the issuing bureau and date — followed by 附件: the approved targets in the layout of
the 绩效文本 (第一部分 and every 绩效目标表). It is a ``Layout`` like the 绩效文本 and is
printed by the same writers (HTML/PDF, Word), so both documents look alike and every
text is escaped the same way. An adjustment (调整) gets its own reply with its own
title. The 文号 comes from a per-region pattern such as ``巨财绩〔{year}〕{n}号``
(``reply_number``); numbering itself (unique, gap-free) is the web layer's job.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date
from typing import Literal

from jixiao.core.documents.layout import Block, Layout, RenderError, build_layout, flat
from jixiao.core.model import Plan

__all__ = [
    "DEFAULT_PATTERN",
    "DEFAULT_TEXT",
    "PATTERN_FIELDS",
    "Reply",
    "ReplyFormat",
    "check_pattern",
    "render_reply",
    "reply_layout",
    "reply_number",
    "reply_title",
]

ReplyFormat = Literal["pdf", "docx", "html"]

#: ``{abbr}``: the region's one-character abbreviation (巨鹿县 → 巨); ``{year}``; ``{n}``.
DEFAULT_PATTERN = "{abbr}财绩〔{year}〕{n}号"
PATTERN_FIELDS = frozenset({"abbr", "year", "n"})
#: The reply text when the reviewer approved without writing one.
DEFAULT_TEXT = "经审核，原则同意你单位报送的绩效目标。"
CLOSING = (
    "批复的绩效目标见附件。请你单位严格按照批复的绩效目标组织预算执行，做好绩效运行监控，"
    "年度终了对照绩效目标开展绩效自评，并按规定公开绩效目标。"
)


@dataclass(frozen=True, slots=True)
class Reply:
    """What the letter says besides the targets: numbered, addressed, dated, signed."""

    number: str  # 巨财绩〔2024〕3号
    issuer: str  # 巨鹿县财政局
    addressee: str  # 巨鹿县政法委本级
    issued: date
    text: str = ""  # the 批复意见 as written (one paragraph per line); empty → DEFAULT_TEXT
    adjustment: bool = False


def check_pattern(pattern: str) -> None:
    """``RenderError`` (Chinese) unless ``pattern`` is a usable 文号 pattern: it names
    ``{n}`` and no field other than ``{abbr}``, ``{year}``, ``{n}``."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise RenderError(f"文号格式“{flat(pattern)}”无法解析：{exc}") from None
    unknown = fields - PATTERN_FIELDS
    if unknown:
        names = "、".join(sorted(f"{{{f}}}" for f in unknown))
        raise RenderError(f"文号格式只能使用 {{abbr}}、{{year}}、{{n}}，不能使用 {names}")
    if "n" not in fields:
        raise RenderError("文号格式须包含序号 {n}，例如 巨财绩〔{year}〕{n}号")


def reply_number(pattern: str, *, region: str, year: int, n: int) -> str:
    """The 文号 for the ``n``-th reply of ``year`` in ``region``."""
    check_pattern(pattern)
    abbr = flat(region)[:1]
    return pattern.format(abbr=abbr, year=year, n=n)


def reply_title(plan: Plan, reply: Reply) -> str:
    what = "预算绩效目标调整" if reply.adjustment else "预算绩效目标"
    year = f"{plan.year}年度" if plan.year is not None else ""
    return f"关于{_addressee(plan, reply)}{year}{what}的批复"


def _addressee(plan: Plan, reply: Reply) -> str:
    return flat(reply.addressee) or flat(plan.department.name) or "你单位"


def _date_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def reply_layout(plan: Plan, reply: Reply) -> Layout:
    """The reply as a layout: the letter, then 附件 with the approved targets."""
    targets = build_layout(plan)
    who = _addressee(plan, reply)
    year = f"{plan.year}年度" if plan.year is not None else "本年度"
    received = (
        f"你单位报送的{year}预算绩效目标调整申请收悉。经审核，现批复如下："
        if reply.adjustment
        else f"你单位报送的{year}预算绩效目标收悉。经审核，现批复如下："
    )
    paragraphs = [t for t in (flat(line) for line in reply.text.splitlines()) if t]
    letter = (
        Block("center", flat(reply.number)),
        Block("plain", f"{who}："),
        Block("para", received),
        *(Block("para", t) for t in (paragraphs or [DEFAULT_TEXT])),
        Block("para", CLOSING),
        Block("right", flat(reply.issuer)),
        Block("right", _date_text(reply.issued)),
    )
    attachment = "调整后的预算绩效目标" if reply.adjustment else "批复的预算绩效目标"
    return Layout(
        title=reply_title(plan, reply),
        part1=letter,
        part2=(
            Block("part", "附件"),
            Block("part_title", f"{who}{year}{attachment}"),
            *targets.part1,
            *targets.part2,
        ),
        tables=targets.tables,
        money_unit=targets.money_unit,
        subject="绩效目标批复",
    )


def render_reply(plan: Plan, reply: Reply, fmt: ReplyFormat) -> bytes:
    """The reply document in ``fmt``; ``RenderError`` when the plan cannot be printed."""
    doc = reply_layout(plan, reply)
    if fmt == "pdf":
        from jixiao.core.documents.pdf import render_layout_pdf

        return render_layout_pdf(doc)
    if fmt == "docx":
        from jixiao.core.documents.word import render_layout_docx

        return render_layout_docx(doc)
    if fmt == "html":
        from jixiao.core.documents.html import render_layout_html

        return render_layout_html(doc).encode("utf-8")
    raise RenderError(f"批复文件不支持格式“{fmt}”，应为 pdf、docx 或 html")
