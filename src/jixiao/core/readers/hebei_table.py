"""The indicator table (一级指标 … 指标值确定依据) of a Hebei 绩效目标表, from extracted text.

Extraction emits the cells of a row in order: cells that fit their column share a line
(joined by one or two spaces), a cell that wraps puts each of its fragments on a line of
its own. Spaces also sit inside cells ("291 条", "9+X 信息系统"), so rows are never split
on spaces alone. The reader

1. splits each line into cells, gluing space-separated pieces that belong together
   (a number and its unit, the parts of a date, text next to an ASCII word);
2. finds the level1/level2 labels, which may wrap ("经济效益指" + "标");
3. cuts the cells between two labels into rows of (三级指标, 描述, 指标值, 依据) by dynamic
   programming: fragments that stand alone on consecutive lines may be rejoined into one
   cell when the earlier ones are "full" (a wrapped cell's non-final lines are its
   widest), and the cut that makes the 指标值 a value (``parse_value``) and the 依据 the
   phrase repeated through the table wins. A second pass reuses what the first learned
   about the document (column widths, the repeated 依据 phrases).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from jixiao.core.classification import LEVEL1_LABELS, LEVEL2_LABELS, TREE, label
from jixiao.core.model import Indicator
from jixiao.core.readers.cleaning import clean, width
from jixiao.core.values import parse_value

__all__ = [
    "LABEL_PREFIXES",
    "TableError",
    "TableLine",
    "Unit",
    "parse_indicator_rows",
    "split_cells",
]

_COST_LEVEL2 = frozenset(label(l2) for l2 in TREE["成本"])
_LABELS = LEVEL1_LABELS | LEVEL2_LABELS
#: Beginnings of a label, for labels wrapped over several lines ("经济效益指" + "标").
LABEL_PREFIXES = frozenset(lab[:i] for lab in _LABELS for i in range(2, len(lab)))

# Units that may follow a number after an extraction space ("291 条", "≤4 万元").
_UNIT_WORDS = (
    "% ％ ‰ 万元 元 亿元 千元 万 个 人 人次 万人 万人次 次 条 页 册 天 日 月 年 项 件 台 套 户 户次 "
    "家 所 座 辆 公里 千米 米 平方米 亩 吨 小时 分钟 份 张 篇 场 期 批 名 位 处 盏 株 棵 本 "
    "个百分点 百分比 元/人 人/年 km m ㎡ kg"
)
_UNITS = frozenset(_UNIT_WORDS.split(" "))
_OP_ONLY = re.compile(r"^(?:>=|<=|[≥≤><=≧≦＞＜═＝])$")
_OPEN_NUMBER = re.compile(r"^(?:>=|<=|[≥≤><=≧≦＞＜═＝])?\s*[+-]?\d+(?:\.\d+)?$")
_YEAR_ONLY = re.compile(r"^\d{4}$")
_YEAR_END = re.compile(r"\d{4}\s*年$")
_DAYNUM = re.compile(r"^\d{1,2}$")
_WORDCH = re.compile(r"[A-Za-z0-9+＋Ａ-Ｚａ-ｚ０-９]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_BARE_NUMBER = re.compile(r"^\d+$")

_ROLES = ("name", "description", "target", "basis")
_JOIN_COST = {"name": 0.12, "description": 0.15, "target": 0.1, "basis": 0.11}
MAX_FRAGMENTS = 6


class TableError(ValueError):
    """A table that cannot be cut into rows; ``lineno`` points at the offending line."""

    def __init__(self, message: str, lineno: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.lineno = lineno


@dataclass(slots=True)  # not frozen: a frozen dataclass is 3x slower to build
class TableLine:
    """One non-blank line of the table as extracted: index among non-blank lines."""

    index: int
    lineno: int
    text: str


@dataclass(slots=True)
class Unit:
    """A cell, or one fragment of a wrapped cell when ``solo`` (alone on its line)."""

    text: str
    index: int
    lineno: int
    solo: bool
    width: int
    trailing: bool  # the source line ends in whitespace after this unit
    lead: bool = False  # alone on a line that starts with a space: likely a new cell
    c: str = ""  # ``clean(text)``, computed once (``units_of``)


_DIGIT = re.compile(r"[0-9０-９]")
_NO_VALUE = ("qualitative", None, None)


def _value(text: str) -> tuple[str, str | None, str | None]:
    """(kind, op, unit) of ``text`` as a value; text without a digit is never a quantity
    or a dated deadline, which spares ``parse_value`` most cells."""
    if not _DIGIT.search(text) and not text.startswith(("年底", "年末")):
        return _NO_VALUE
    pv = parse_value(text)
    return pv.kind, pv.op, pv.unit


def _is_value(text: str) -> bool:
    return _value(text)[0] in ("quantity", "deadline")


def _glue(a: str, b: str, gap: int) -> bool:
    """Whether two space-separated pieces on one line belong to the same cell."""
    last = a[-1]
    # The glues of a number, an operator or a year: ``a`` ends in a digit (``\d`` is
    # ``isdecimal``) or 年, or is an operator (at most two characters).
    if last.isdecimal() or last == "年" or len(a) <= 2:
        if _OP_ONLY.match(a) and b[:1].isdigit():
            return True
        if _OPEN_NUMBER.match(a) and (
            b in _UNITS
            or b.split("/", 1)[0] in _UNITS
            or b[:1] in "%％"
            or (len(b) == 1 and _CJK.match(b) is not None)
        ):
            return True
        if (_YEAR_ONLY.match(a) and b.startswith("年")) or (
            _YEAR_END.search(a) and b[:1].isdigit()
        ):
            return True
        if _DAYNUM.match(a) and b.startswith("月"):
            return True
    return (
        gap == 1
        and (_WORDCH.match(a[-1]) is not None or _WORDCH.match(b[0]) is not None)
        and not _is_value(a)
        and not _is_value(b)
    )


_SPACE_RUN = re.compile(r"(\s+)")


def split_cells(text: str) -> list[str]:
    """Split one extracted line into its cells (see the module docstring)."""
    stripped = text.strip()
    if " " not in stripped and "\t" not in stripped and "\u3000" not in stripped:
        return [stripped] if stripped else []
    # pieces and the runs of whitespace between them: piece, gap, piece, …, piece
    parts = _SPACE_RUN.split(stripped)
    cells = [parts[0]]
    for k in range(2, len(parts), 2):
        piece = parts[k]
        if _glue(cells[-1], piece, len(parts[k - 1])):
            cells[-1] = f"{cells[-1]} {piece}"
        else:
            cells.append(piece)
    # "用于综治网格员账号及 9" + "＋X信息系统金额": a line that is text and a bare number
    # is a description wrapped inside "9＋X", not a description and its target.
    if (
        len(cells) == 2
        and len(parts) == 3
        and len(parts[1]) == 1
        and _BARE_NUMBER.match(cells[1])
        and _CJK.search(cells[0][-1:])
        and not _is_value(cells[0])
    ):
        cells = [f"{cells[0]} {cells[1]}"]
    return cells


def units_of(lines: Sequence[TableLine]) -> list[Unit]:
    out: list[Unit] = []
    for ln in lines:
        text = ln.text
        cells = split_cells(text)
        trailing = text[-1:].isspace()  # text != text.rstrip()
        if len(cells) == 1:
            c = cells[0]
            # A leading space takes room in the column: it counts in a fragment's width.
            lead = text[:1].isspace()
            # Whitespace other than " " is not printable: most cells need no clean().
            cc = c if " " not in c and c.isprintable() else clean(c)
            out.append(Unit(c, ln.index, ln.lineno, True, width(c) + lead, trailing, lead, cc))
            continue
        last = len(cells) - 1
        for k, c in enumerate(cells):
            # Cells cut at spaces have no whitespace but the spaces that glue them.
            cc = clean(c) if " " in c else c
            out.append(
                Unit(c, ln.index, ln.lineno, False, width(c), trailing and k == last, False, cc)
            )
    return out


def _text(cell: list[Unit]) -> str:
    """A cell's text: its units' cleaned texts joined (a wrap is never a word gap)."""
    return cell[0].c if len(cell) == 1 else "".join([u.c for u in cell])


@dataclass(slots=True)
class _Segment:
    level1: str | None
    level2: str | None
    units: list[Unit]
    # Two fragments alone on consecutive lines: they may be one cell (see _groups).
    choice: bool = False


def _segments(units: list[Unit]) -> list[_Segment]:
    """Cut the unit stream at level1/level2 labels (which may wrap over solo lines).

    "成本指标" is both a level1 and a level2 label: it is the level1 when a cost level2
    label (经济成本指标 …) follows it directly, so its segment opens at the next item.
    """
    segments: list[_Segment] = []
    level1: str | None = None
    level2: str | None = None
    pending = False  # a 成本指标 label waiting for the next item
    i, n = 0, len(units)
    while i < n:
        u = units[i]
        t = u.c
        label: str | None = None
        if t in _LABELS:
            label, i = t, i + 1
        elif u.solo and t in LABEL_PREFIXES:
            j, joined = i, t
            while j + 1 < n and units[j + 1].solo and units[j + 1].index == units[j].index + 1:
                joined += units[j + 1].c
                j += 1
                if joined in _LABELS:
                    break
                if joined not in LABEL_PREFIXES:
                    break
            if joined in _LABELS:
                label, i = joined, j + 1
        if pending:
            if label in _COST_LEVEL2:
                level1, level2 = "成本指标", None
            else:
                level2 = "成本指标"
            segments.append(_Segment(level1, level2, []))
            pending = False
        if label is not None:
            if label == "成本指标":
                pending = True
                continue
            if label in LEVEL1_LABELS:
                level1, level2 = label, None
            else:
                level2 = label
            segments.append(_Segment(level1, level2, []))
            continue
        if not segments:
            segments.append(_Segment(level1, level2, []))
        seg = segments[-1]
        if seg.units and not seg.choice:
            prev = seg.units[-1]
            seg.choice = prev.solo and u.solo and u.index == prev.index + 1
        seg.units.append(u)
        i += 1
    return [s for s in segments if s.units]


@dataclass(slots=True)
class _Context:
    roles: tuple[str, ...]
    widths: dict[str, int]
    phrases: frozenset[str]
    trailing_hint: bool


_HEAD_RUN = re.compile(r"[A-Za-z0-9.+%]+")


def _head_width(text: str) -> int:
    m = _HEAD_RUN.match(text)
    return width(m.group()) if m else width(text[:1])


@dataclass(slots=True)
class _Group:
    """Units ``i … i+g-1`` read as one cell: what the cost of any role needs.

    Wrapping is greedy: a line breaks only where the next character (or ASCII word) no
    longer fits, so each non-final fragment plus the head of the next exceeds the column
    width, which is at least the widest fragment and the widest complete cell seen in
    that column. ``threshold`` is the smallest such sum: the group is a possible wrapped
    cell in a column narrower than it. The text's value (``kind``, ``op``, ``unit``) is
    read when a cut first costs the group (``_cost``): many groups are never reached.
    """

    size: int
    text: str
    widest: int
    threshold: int
    penalty: float  # trailing/leading-space evidence against the joins
    kind: str | None = None
    op: str | None = None
    unit: str | None = None

    def joinable(self, col_width: int | None) -> bool:
        return self.size == 1 or self.threshold > max(self.widest, col_width or 0)


_SOLO_THRESHOLD = 1 << 30  # a single unit is never a join: no width limits it


def _groups(units: list[Unit], trailing_hint: bool) -> list[list[_Group]]:
    """For each start ``i``, the groups of 1, 2, … units that may form one cell.

    Only groups that some column may join are kept: once a group's ``threshold`` is not
    above its widest fragment, neither is any longer group's (the threshold only falls,
    the widest fragment only grows), so ``groups[i][g - 1]`` is the group of ``g`` units.
    """
    out: list[list[_Group]] = []
    n = len(units)
    for i in range(n):
        prev = units[i]
        text, widest, threshold, penalty = prev.c, prev.width, _SOLO_THRESHOLD, 0.0
        row = [_Group(1, text, widest, threshold, penalty)]
        for g in range(2, min(MAX_FRAGMENTS, n - i) + 1):
            u = units[i + g - 1]
            if not (prev.solo and u.solo and u.index == prev.index + 1):
                break
            # A space typed before an ASCII word may have been dropped at the break.
            gap = 1 if _HEAD_RUN.match(u.text) or _HEAD_RUN.fullmatch(prev.text[-1:]) else 0
            threshold = min(threshold, prev.width + _head_width(u.text) + gap)
            widest = max(widest, u.width)
            if threshold <= widest:
                break  # not joinable in any column, nor is any longer group
            if trailing_hint and prev.trailing:
                penalty += 0.6
            # Hazard 4: a leading space marks a new cell, rarely a continuation.
            if u.lead:
                penalty += 1.0
            # Unit texts have no surrounding whitespace: clean(a + b) == clean(a) + clean(b).
            text += u.c
            row.append(_Group(g, text, widest, threshold, penalty))
            prev = u
        out.append(row)
    return out


def _phrase_cost(role: str, grp: _Group, ctx: _Context) -> float:
    """The term of ``_cost`` that the second pass adds: a 依据 that is not a phrase
    repeated in the document."""
    return 0.5 if role == "basis" and ctx.phrases and grp.text not in ctx.phrases else 0.0


def _cost(role: str, grp: _Group, ctx: _Context) -> float:
    # Ties between equally valid cuts: a narrow column (三级指标) and a long value are
    # likelier to wrap than a description or a 依据 phrase.
    cost = _JOIN_COST[role] * (grp.size - 1) + grp.penalty
    kind = grp.kind
    if kind is None:
        kind, grp.op, grp.unit = _value(grp.text)
        grp.kind = kind
    if role == "target":
        if _swallows(grp.text, kind, grp.unit):
            return cost + 1.5  # "≥100页满足正常": a value swallowing the next cell
        if kind == "deadline" or (kind == "quantity" and (grp.op or grp.unit)):
            return cost
        if kind == "quantity":
            return cost + 1.0
        return cost + 3.0 + (1.0 if grp.size > 1 else 0.0)
    if kind == "quantity" and grp.op and grp.unit:
        cost += 2.0
    if role == "basis" and ctx.phrases and grp.text not in ctx.phrases:
        cost += 0.5
    return cost


_DATE_HEAD = re.compile(
    r"^(?:\d{4}\s*年)?(?:\d{1,2}\s*月)?(?:\d{1,2}\s*[日号])?(?:底|末|上旬|中旬|下旬)?"
    r"(?:之前|以前|前|之内|以内|内)?"
)
_RATE_UNIT = re.compile(r"[^/]{1,2}/[^/、]{1,3}(?:、[^/、]{1,2})?")  # 元/人, 元/人、天
_DEADLINE_WORDS = frozenset("完成支出付拨工验收发放到位实施结束前内底")


def _swallows(text: str, kind: str, unit: str | None) -> bool:
    """A value whose tail is not a unit or deadline wording but the start of the next cell."""
    if kind == "quantity" and unit is not None:
        return unit not in _UNITS and len(unit) > 2 and not _RATE_UNIT.fullmatch(unit)
    if kind == "deadline":
        m = _DATE_HEAD.match(text)
        rest = text[m.end() :] if m else text
        return any(ch not in _DEADLINE_WORDS for ch in rest)
    return False


def _cut(
    units: list[Unit], ctx: _Context, groups: list[list[_Group]] | None
) -> list[list[list[Unit]]] | None:
    """Best cut of ``units`` into whole rows of ``ctx.roles`` cells, or None.

    ``groups`` is None when no fragments can be rejoined: every unit is then a cell.
    """
    n, k = len(units), len(ctx.roles)
    if n == 0:
        return None
    if groups is None:
        if n % k:
            return None
        return [[[u] for u in units[j : j + k]] for j in range(0, n, k)]
    # best[j * k + r]: cheapest cut of units[:j] ending before a cell of role r;
    # back[...]: the state it came from.
    inf = float("inf")
    best = [inf] * ((n + 1) * k)
    back = [0] * ((n + 1) * k)
    best[0] = 0.0
    roles = ctx.roles
    cols = [ctx.widths.get(role) or 0 for role in roles]
    for i in range(n):
        gs = groups[i]
        base = i * k
        for r in range(k):
            c0 = best[base + r]
            if c0 == inf:
                continue
            role = roles[r]
            col = cols[r]
            nr = r + 1 if r + 1 < k else 0
            for grp in gs:
                # Kept groups are joinable unless narrower than the column (_groups).
                if grp.threshold <= col:
                    continue
                c = c0 + _cost(role, grp, ctx)
                j = (i + grp.size) * k + nr
                if c < best[j]:
                    best[j] = c
                    back[j] = base + r
    if best[n * k] == inf:
        return None
    cells: list[list[Unit]] = []
    state = n * k
    while state:
        prev = back[state]
        cells.append(units[prev // k : state // k])
        state = prev
    cells.reverse()
    return [cells[j : j + k] for j in range(0, len(cells), k)]


_ROLE_NAMES = {
    "name": "三级指标",
    "description": "绩效指标描述",
    "target": "指标值",
    "basis": "指标值确定依据",
}


def parse_indicator_rows(
    lines: Sequence[TableLine],
    roles: tuple[str, ...] = _ROLES,
    known: Counter[str] | None = None,
) -> list[Indicator]:
    """Rows of the indicator table in published order; ``TableError`` when a row is short.

    ``known`` counts the 依据 phrases of the tables read before in the same document; the
    phrases of this table are added to it.
    """
    units = units_of(lines)
    segments = _segments(units)
    if not segments:
        raise TableError("指标表没有任何指标行", lines[0].lineno if lines else None)
    trailing = sum([ln.text[-1:].isspace() for ln in lines])  # text != text.rstrip()
    ctx = _Context(roles, {}, frozenset(), trailing * 3 >= len(lines))
    groups = [_groups(s.units, ctx.trailing_hint) if s.choice else None for s in segments]
    first = [_cut(s.units, ctx, g) for s, g in zip(segments, groups, strict=True)]
    # Learn the document: widest complete cell per column, 依据 phrases used twice.
    widths: dict[str, int] = {}
    phrases: Counter[str] = Counter(known or {})
    for seg_groups, rows in zip(groups, first, strict=True):
        certain = seg_groups is None  # no fragments to rejoin: nothing guessed
        for row in rows or []:
            for role, cell in zip(roles, row, strict=True):
                if certain:
                    for u in cell:
                        widths[role] = max(widths.get(role, 0), u.width)
                if role == "basis":
                    phrases[_text(cell)] += 1
    # A phrase also counts where it stands as a cell of its own but was cut into another
    # cell in the first pass ("计划标准" glued to the next row's wrapped name).
    standalone = Counter(u.c for u in units if u.c in phrases)
    repeated = frozenset(p for p, c in phrases.items() if max(c, standalone[p]) >= 2)
    ctx2 = _Context(roles, widths, repeated, ctx.trailing_hint)
    out: list[Indicator] = []
    for seg, seg_groups, rows1 in zip(segments, groups, first, strict=True):
        rows = rows1
        if seg_groups is not None and not _still_best(rows1, seg_groups, ctx, ctx2):
            rows = _cut(seg.units, ctx2, seg_groups)
        if rows is None:
            rows = rows1
        if rows is None:
            got = " | ".join(u.c for u in seg.units)
            need = "、".join(_ROLE_NAMES.get(r, r) for r in roles)
            raise TableError(
                f"指标行不完整：应依次有{need}共 {len(roles)} 列，读到“{got}”",
                seg.units[0].lineno,
            )
        for row in rows:
            if known is not None:
                known[_text(row[-1])] += 1
            vals = {role: _text(cell) for role, cell in zip(roles, row, strict=True)}
            out.append(
                Indicator(
                    level1=seg.level1,
                    level2=seg.level2,
                    name=vals.get("name") or None,
                    description=vals.get("description") or None,
                    target=vals.get("target") or None,
                    basis=vals.get("basis") or None,
                )
            )
    return out


def _still_best(
    rows: list[list[list[Unit]]] | None,
    groups: list[list[_Group]],
    ctx1: _Context,
    ctx2: _Context,
) -> bool:
    """Whether the first cut is still optimal with what was learned.

    The second pass only adds costs and forbids joins, so a cut that keeps its cost is
    still the best one: no need to search again.
    """
    if rows is None:
        return False
    i = 0  # the rows cover the units in order: a cell starts where the last one ended
    for row in rows:
        for role, cell in zip(ctx1.roles, row, strict=True):
            grp = groups[i][len(cell) - 1]
            i += len(cell)
            if not grp.joinable(ctx2.widths.get(role)):
                return False
            if _phrase_cost(role, grp, ctx2) != _phrase_cost(role, grp, ctx1):
                return False  # _cost is the same but for this term
    return True
