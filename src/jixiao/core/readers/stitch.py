"""One indicator table across page breaks: columns by position, split rows joined.

Office suites let a 绩效目标表 flow from page to page: the part on the next page may
have other ruled columns (or none of the header), a row may break in the middle
("社会效益指" | "标"), and the header may be repeated (Word's 重复标题行). So:

- each cell is placed in the logical column (一级指标 … 指标值确定依据) whose header cell
  it overlaps most horizontally (``column_cells``) — page positions for a PDF, grid
  columns for Word — never by its index in the row;
- the first row of a part on a new page continues the row before it when it cannot be
  a row of its own (``continues``): no 三级指标 or no 指标值, a cell left empty that
  the row before filled while it opens no new level label, or a level label that only
  makes a known label joined to the one before. Its cells are then appended to the
  previous row's (``join``), as a wrapped cell is read;
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
    "column_cells",
    "continues",
    "header_extents",
    "join",
    "join_split_head_rows",
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
    """Each logical column's cell in ``row``: the cell overlapping the header cell most,
    at least half of the narrower of the two."""
    out: Cells = dict.fromkeys(header)
    best: dict[str, float] = {}
    for text, ext in zip(row, extents, strict=True):
        if text is None or ext is None:
            continue
        for title, h in header.items():
            ov = _overlap(ext, h)
            if ov > 0.5 * min(ext[1] - ext[0], h[1] - h[0]) and ov > best.get(title, 0.0):
                best[title] = ov
                out[title] = join_wrapped(text.split("\n"))
    return out


def _known_level1(text: str) -> bool:
    return classify(text, None)[0] in TREE


def _known_level2(text: str) -> bool:
    l2 = canon_label(text)
    return owner_of(l2) is not None or l2.endswith("满意度")


def _label_joins(prev: str | None, cur: str | None, known: object) -> bool:
    assert callable(known)
    return bool(prev and cur) and not known(cur) and bool(known(clean(f"{prev}{cur}")))


def continues(prev: Cells, cur: Cells) -> bool:
    """Whether ``cur`` (first row of a part on a new page) is the rest of ``prev``."""
    if _label_joins(prev.get("一级指标"), cur.get("一级指标"), _known_level1):
        return True
    if _label_joins(prev.get("二级指标"), cur.get("二级指标"), _known_level2):
        return True
    opens_level = any(cur.get(t) for t in LEVELS)
    if opens_level:
        return False
    if not cur.get("三级指标") or not cur.get("指标值"):
        return True
    return any(prev.get(t) and not cur.get(t) for t in ("绩效指标描述", "指标值确定依据"))


def join(prev: Cells, cur: Cells) -> Cells:
    """``prev`` with the rest of each of its cells from ``cur``."""
    out = dict(prev)
    for title, text in cur.items():
        if text:
            out[title] = join_wrapped([prev.get(title) or "", text])
    return out


def level_doubts(level1: str | None, level2: str | None) -> list[str]:
    """What is wrong with a row's level labels, in Chinese (empty when they are known)."""
    out = []
    if level1 and not _known_level1(level1):
        out.append(f"一级指标“{level1}”不是指标体系中的名称")
    if level2 and not _known_level2(level2):
        out.append(f"二级指标“{level2}”不是指标体系中的名称")
    return out


# Labels of the block above the indicator table: a row holding one is a row of its own.
HEAD_LABELS = (
    "项目编码",
    "项目名称",
    "预算规模",
    "预算数",
    "财政资金",
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


def join_split_head_rows(rows: list[HeadRow]) -> list[HeadRow]:
    """Rows of the block above the indicator table with rows broken by a page joined."""
    out: list[HeadRow] = []
    for pno, row, ext in rows:
        if out:
            ppno, prow, pext = out[-1]
            text = clean("".join(c or "" for c in row))
            prev_text = clean("".join(c or "" for c in prow))
            if (
                pno != ppno
                and not any(lab in text for lab in HEAD_LABELS)
                and not any(lab in prev_text for lab in _FOLLOWED)
                and _same_cells(pext, row, ext)
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
