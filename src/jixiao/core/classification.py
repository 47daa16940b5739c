"""The indicator classification: first- and second-level groups and the labels they go by.

One owner for the three-level tree (一级指标 → 二级指标 → the indicator), used by the
checker, every reader and the web editor's dropdowns. Published tables label the same
groups in more than one way: the pre-2021 layout files 成本指标 under 产出指标, the layout
of 财预〔2021〕101号 makes 成本指标 a first-level group; other provinces and years write
效果指标 for 效益指标 or 环境效益指标 for 生态效益指标. Those are *aliases*: a policy choice,
configurable per region (``[policy.aliases]`` in ``jixiao.toml``), never an error.

Labels are compared in a canonical short form: no spaces, points, brackets or the
trailing 指标 ("产出指标（50分）" → "产出").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from jixiao.core.values import normalize_text

__all__ = [
    "DEFAULT_ALIASES",
    "EDITOR_PAIRS",
    "LEVEL1_LABELS",
    "LEVEL2_LABELS",
    "TREE",
    "alias_map",
    "canon_label",
    "classify",
    "label",
    "level2_allowed",
    "owner_of",
    "parent_label",
]

#: level1 → its level2 groups, in canonical short form, as the rules know them.
TREE: Mapping[str, tuple[str, ...]] = {
    "产出": ("数量", "质量", "时效", "成本"),
    "效益": ("经济效益", "社会效益", "生态效益", "可持续影响"),
    "满意度": ("服务对象满意度",),
    # 101号 layout.
    "成本": ("经济成本", "社会成本", "生态环境成本"),
}

# Short level2 forms read leniently under the 101号 成本 group (a bare "成本指标" row, the
# shortened 生态/环境成本); they are accepted, never offered in the editor.
_LENIENT_LEVEL2: Mapping[str, tuple[str, ...]] = {"成本": ("生态成本", "环境成本", "成本")}

#: Labels other templates use for a canonical group (alias → canonical, short forms).
DEFAULT_ALIASES: tuple[tuple[str, str], ...] = (
    ("效果", "效益"),  # Hebei 成安县 2020 self-evaluation forms
    ("环境效益", "生态效益"),
    ("生态环境效益", "生态效益"),
    ("可持续发展", "可持续影响"),
    ("服务对象满意", "服务对象满意度"),
)

_LABEL_NOISE = re.compile(r"[(（][^)）]*[)）]|\d+(?:\.\d+)?分?|[:：、，,。.\s]")


def label(short: str) -> str:
    """The published label of a group: "产出" → "产出指标"."""
    return short if short.endswith("指标") else short + "指标"


@lru_cache(maxsize=1024)
def canon_label(text: str | None) -> str:
    """A level1/level2 label reduced for matching: no spaces, points, brackets or 指标."""
    if not text:
        return ""
    return _LABEL_NOISE.sub("", normalize_text(text)).removesuffix("指标")


def classify(
    level1: str | None,
    level2: str | None,
    aliases: Mapping[str, str] | None = None,
) -> tuple[str, str]:
    """The canonical (level1, level2) of a row: aliases applied, "产出数量指标" under 产出
    read as 数量. Unknown labels come back canonicalised but otherwise as written."""
    table = _DEFAULT_ALIAS_MAP if aliases is None else aliases
    l1 = canon_label(level1)
    l2 = canon_label(level2)
    l1 = table.get(l1, l1)
    l2 = table.get(l2, l2)
    if l1 and l2 != l1 and l2.startswith(l1) and l2[len(l1) :] in TREE.get(l1, ()):
        l2 = l2[len(l1) :]
    return l1, l2


def level2_allowed(l1: str, l2: str) -> bool:
    """Whether canonical ``l2`` may stand under canonical ``l1``."""
    if l2 in TREE.get(l1, ()) or l2 in _LENIENT_LEVEL2.get(l1, ()):
        return True
    # 满意度 groups are labelled in many ways (群众满意度, 社会公众满意度 …).
    return l1 == "满意度" and l2.endswith("满意度")


def owner_of(l2: str) -> str | None:
    """The canonical level1 a canonical level2 belongs to (None when unknown).

    A cost group (成本, 经济成本 …) answers 成本: where it stands under the wrong level1,
    the 101号 layout's own 成本指标 group is the fix to suggest.
    """
    if l2 in TREE["成本"] or l2 in _LENIENT_LEVEL2["成本"]:
        return "成本"
    for l1, l2s in TREE.items():
        if l2 in l2s:
            return l1
    if l2.endswith("满意度"):
        return "满意度"
    return None


def parent_label(level2: str | None, aliases: Mapping[str, str] | None = None) -> str | None:
    """The published level1 label a published level2 label implies (经济成本指标 → 成本指标).

    Readers use it for a level1 cell lost at a page break. A bare 成本指标 implies nothing:
    it sits under 产出指标 in one layout and is a group of its own in the other.
    """
    l2 = classify(None, level2, aliases)[1]
    if not l2 or l2 == "成本":
        return None
    owner = owner_of(l2)
    return None if owner is None else label(owner)


def _alias_map(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {canon_label(a): canon_label(b) for a, b in pairs}


_DEFAULT_ALIAS_MAP = _alias_map(DEFAULT_ALIASES)


def alias_map(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Alias pairs (as configured) → the lookup ``classify`` takes."""
    return _alias_map(pairs)


#: level1 → level2 published labels offered by the editor (the canonical tree).
EDITOR_PAIRS: Mapping[str, tuple[str, ...]] = {
    label(l1): tuple(label(l2) for l2 in l2s) for l1, l2s in TREE.items()
}

# Readers recognise a label cell only by its exact published text, so they know the
# canonical labels plus the two aliases printed in tables they read; a wider alias list
# would make more body text look like a label.
_READ_ALIASES = (("效果", "效益"), ("环境效益", "生态效益"))

#: Published level1 labels a reader recognises in a table.
LEVEL1_LABELS: frozenset[str] = frozenset(
    {label(l1) for l1 in TREE} | {label(a) for a, b in _READ_ALIASES if b in TREE}
)
#: Published level2 labels a reader recognises in a table.
LEVEL2_LABELS: frozenset[str] = frozenset(
    {label(l2) for l2s in TREE.values() for l2 in l2s}
    | {label(a) for a, b in _READ_ALIASES if b not in TREE}
)
