"""One indicator table across page breaks: columns by position, split rows joined.

Office suites let a 绩效目标表 flow from page to page: the part on the next page may
have other ruled columns (or none of the header), a row may break in the middle
("社会效益指" | "标"), and the header may be repeated (Word's 重复标题行). So:

- each cell is placed in the logical column (一级指标 … 指标值确定依据) whose header cell
  it overlaps most horizontally (``column_cells``) — page positions for a PDF, grid
  columns for Word — never by its index in the row;
- a level cell on a new page whose text is no label but completes the running one
  ("社会效益指" | "标") is the rest of a merged label cut by the page (``label_rest``);
- the first row of a part on a new page that opens no level label continues the row
  before it when it cannot be a row of its own (``continues``): no 三级指标 or 指标值,
  a cell left empty that the row before filled, a 指标值 starting as no value starts
  ("%", "底前"), or every cell continuing (the part before the break was full). Its
  cells are then appended to the previous row's (``join``), as a wrapped cell is read;
- in the block above the indicator table, a row that starts a page, holds no label and
  has exactly the cells of the row before is that row's rest (``join_split_head_rows``:
  a 资金用途 or 绩效目标 cell, or a label "项目编" | "码", broken by the page);
- ``level_doubts`` checks what each column may hold (level labels of the framework) and
  says what it could not make consistent, so a doubtful project is never passed off as
  clean (docs/formats.md: ``extra.read_doubts``).
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.core.classification import TREE, canon_label, classify, owner_of
from jixiao.core.readers.cleaning import clean, join_wrapped

__all__ = [
    "COLUMNS",
    "Cells",
    "Extent",
    "ambiguous",
    "column_cells",
    "continues",
    "header_extents",
    "join",
    "join_split_head_rows",
    "known_level",
    "label_rest",
    "level_doubts",
    "text",
]

Extent = tuple[float, float]
# Logical column → the cell's text, "" for an empty cell, None where no cell is (merged).
Cells = dict[str, str | None]

COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("一级指标", ("一级指标",)),
    ("二级指标", ("二级指标",)),
    ("三级指标", ("三级指标",)),
    ("绩效指标描述", ("绩效指标描述", "指标描述", "指标内容")),
    ("指标值", ("指标值", "年度指标值")),
    ("指标值确定依据", ("指标值确定依据", "确定依据")),
)
LEVELS = ("一级指标", "二级指标")


def header_extents(
    labels: Sequence[str], extents: Sequence[Extent | None]
) -> tuple[dict[str, Extent], list[str]]:
    """The header's columns by title, and the titles it lacks."""
    out: dict[str, Extent] = {}
    missing = []
    for title, keys in COLUMNS:
        k = next((i for i, lab in enumerate(labels) if lab in keys and extents[i]), None)
        if k is None:
            missing.append(title)
        else:
            ext = extents[k]
            assert ext is not None
            out[title] = ext
    return out, missing


def _overlap(a: Extent, b: Extent) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


def column_cells(
    row: Sequence[str | None], extents: Sequence[Extent | None], header: dict[str, Extent]
) -> Cells:
    """Each logical column's cell in ``row`` (its lines as extracted): the cell
    overlapping the header cell most, at least half of the narrower of the two."""
    out: Cells = dict.fromkeys(header)
    best: dict[str, float] = {}
    for text, ext in zip(row, extents, strict=True):
        if text is None or ext is None:
            continue
        for title, h in header.items():
            ov = _overlap(ext, h)
            if ov > 0.5 * min(ext[1] - ext[0], h[1] - h[0]) and ov > best.get(title, 0.0):
                best[title] = ov
                out[title] = text.strip()
    return out


def text(cells: Cells, title: str) -> str | None:
    """A cell's text as read: its lines joined as a wrap (blank → None)."""
    raw = cells.get(title)
    return join_wrapped(raw.split("\n")) or None if raw else None


def known_level(title: str, label: str) -> bool:
    if title == "一级指标":
        return classify(label, None)[0] in TREE
    l2 = canon_label(label)
    return owner_of(l2) is not None or l2.endswith("满意度")


def label_rest(title: str, running: str | None, cur: Cells) -> str | None:
    """The whole label when ``cur``'s level cell is the rest of the running label, cut
    by the page ("社会效益指" | "标"): a label only joined to the one before."""
    rest = text(cur, title)
    # "经济" | "成本指标": the rest may be a label itself when the running one is none.
    if not running or not rest or (known_level(title, rest) and known_level(title, running)):
        return None
    joined = clean(running + rest)
    return joined if known_level(title, joined) else None


# A value never starts with these: the cell is the rest of one cut by the page.
_VALUE_TAIL = tuple("%％万元天次人条页所个项前底年月日/.")
_PARTS = ("三级指标", "绩效指标描述", "指标值", "指标值确定依据")


def continues(prev: Cells, cur: Cells) -> bool:
    """Whether ``cur`` (first row of a part on a new page, opening no level label) is
    the rest of ``prev``, cut by the page."""
    if not text(cur, "三级指标") or not text(cur, "指标值"):
        return True  # a row of its own has a name and a value
    if any(text(prev, t) and not text(cur, t) for t in _PARTS):
        return True  # a cell that fitted on the page before has no rest
    target = text(cur, "指标值") or ""
    if target.startswith(_VALUE_TAIL):
        return True
    # Every cell continues: the part before the break was full, all cells as tall.
    lines = {(prev.get(t) or "").count("\n") + 1 for t in _PARTS if prev.get(t)}
    return len(lines) == 1 and min(lines) >= 2


def ambiguous(prev: Cells, cur: Cells) -> bool:
    """A row of its own by ``continues``, yet it may be the rest of ``prev``: every cell
    of ``prev`` was one line, so the part before the break may have held one line."""
    lines = {(prev.get(t) or "").count("\n") + 1 for t in _PARTS if prev.get(t)}
    return lines == {1} and all(text(cur, t) for t in _PARTS)


def join(prev: Cells, cur: Cells) -> Cells:
    """``prev`` with the rest of each of its cells from ``cur``."""
    out = dict(prev)
    for title, rest in cur.items():
        if rest:
            out[title] = f"{prev.get(title) or ''}\n{rest}".strip("\n")
    return out


def level_doubts(level1: str | None, level2: str | None) -> list[str]:
    """What is wrong with a row's level labels, in Chinese (empty when they are known)."""
    out = []
    if level1 and not known_level("一级指标", level1):
        out.append(f"一级指标“{level1}”不是指标体系中的名称")
    if level2 and not known_level("二级指标", level2):
        out.append(f"二级指标“{level2}”不是指标体系中的名称")
    return out


# How the labels of the block above the indicator table start: a row with a cell
# starting so is a row of its own (the rest of a cut label, "财政资金", is not).
HEAD_LABELS = (
    "项目编码",
    "项目名称",
    "预算规模",
    "预算数",
    "其中",
    "其他资金",
    "资金支出计划",
    "绩效目标",
)
# Rows followed by a row of the same cells that is not their rest (用途, the percentages).
_FOLLOWED = ("其他资金", "资金支出计划")

HeadRow = tuple[int, list[str | None], list[Extent | None]]


def _near(e: Extent, f: Extent) -> bool:
    return abs(e[0] - f[0]) < 1.5 and abs(e[1] - f[1]) < 1.5


def _same_cells(
    prev: Sequence[Extent | None], row: Sequence[str | None], ext: Sequence[Extent | None]
) -> bool:
    """The row's cells are the previous row's: each of those is in it, and each of its
    cells with text is one of those (a merged label column may show as an empty cell)."""
    pe = [e for e in prev if e is not None]
    re_ = [e for e in ext if e is not None]
    filled = [e for c, e in zip(row, ext, strict=True) if c and e is not None]
    return all(any(_near(p, e) for e in re_) for p in pe) and all(
        any(_near(e, p) for p in pe) for e in filled
    )


def _cut_budget(
    prev_text: str, prev: Sequence[Extent | None], ext: Sequence[Extent | None]
) -> bool:
    """The budget row's own rest: all of its cells again (用途 below has one or two)."""
    pe = [e for e in prev if e is not None]
    ce = [e for e in ext if e is not None]
    return "其他资金" in prev_text and len(ce) == len(pe) > 2


def join_split_head_rows(rows: list[HeadRow]) -> list[HeadRow]:
    """Rows of the block above the indicator table with rows broken by a page joined."""
    out: list[HeadRow] = []
    for pno, row, ext in rows:
        if out:
            ppno, prow, pext = out[-1]
            prev_text = clean("".join(c or "" for c in prow))
            if (
                pno != ppno
                and not any(clean(c or "").startswith(HEAD_LABELS) for c in row)
                and _same_cells(pext, row, ext)
                and (
                    not any(lab in prev_text for lab in _FOLLOWED)
                    or _cut_budget(prev_text, pext, ext)
                )
            ):
                merged = list(prow)
                for c, e in zip(row, ext, strict=True):
                    if c and e is not None:
                        j = next(i for i, pe in enumerate(pext) if pe and abs(pe[0] - e[0]) < 1.5)
                        merged[j] = f"{merged[j] or ''}\n{c}".strip("\n")
                out[-1] = (ppno, merged, pext)
                continue
        out.append((pno, row, ext))
    return out
