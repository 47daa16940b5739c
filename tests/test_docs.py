"""The repository documents itself: every rule it reports is explained in docs/, every
link between the docs pages lands on an anchor, and no page cites notes outside the
repository (a user's clone has only what is in it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.core.checks import RULES
from jixiao.core.scoring.recheck import RULE_BASIS

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "docs").glob("*.md"))


def _anchors(page: Path) -> set[str]:
    return set(re.findall(r'<a id="([^"]+)"></a>', page.read_text(encoding="utf-8")))


def test_every_check_rule_is_documented_in_the_summary() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    summary = text[text.index("## 规则一览") : text.index("## ", text.index("## 规则一览") + 3)]
    missing = [r.slug for r in RULES if f"`{r.slug}`" not in summary]
    assert not missing, f"docs/rules.md 规则一览 lacks {missing}"


def test_every_recheck_rule_is_documented() -> None:
    text = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    missing = [slug for slug in RULE_BASIS if f"`{slug}`" not in text]
    assert not missing, f"docs/scoring.md lacks {missing}"


@pytest.mark.parametrize("page", DOCS, ids=lambda p: p.name)
def test_links_between_docs_land_on_anchors(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    broken = []
    for target, anchor in re.findall(r"\]\(([\w.-]*\.md)?#([\w-]+)\)", text):
        dest = page.parent / target if target else page
        if not dest.exists() or anchor not in _anchors(dest):
            broken.append(f"{target}#{anchor}")
    assert not broken, f"{page.name}: {broken}"


def test_citations_in_the_source_land_on_anchors() -> None:
    broken = []
    for path in [*(ROOT / "src").rglob("*.py"), ROOT / "README.md"]:
        for doc, anchor in re.findall(
            r"docs/([\w-]+\.md)#([\w-]+)", path.read_text(encoding="utf-8")
        ):
            if anchor not in _anchors(ROOT / "docs" / doc):
                broken.append(f"{path.relative_to(ROOT)}: docs/{doc}#{anchor}")
    assert not broken, broken


def test_nothing_cites_notes_outside_the_repository() -> None:
    outside = re.compile(r"\.\./shared|\bdomain\.md|(?<![\w/])format\.md|\bstyle\.md")
    hits = [
        str(p.relative_to(ROOT))
        for p in [
            *(ROOT / "src").rglob("*.py"),
            *(ROOT / "src").rglob("*.html"),
            ROOT / "README.md",
            *DOCS,
        ]
        if outside.search(p.read_text(encoding="utf-8"))
    ]
    assert not hits, hits
