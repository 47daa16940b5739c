"""Reading rendered pages in tests: elements by id, their text and attributes.

Assertions about a part of a page look at that part as a browser sees it (lxml's HTML
parser), not at a slice of the markup that happens to follow a string.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html

__all__ = ["Node", "by_id", "find_all"]


@dataclass(frozen=True, slots=True)
class Node:
    element: lxml.html.HtmlElement

    @property
    def text(self) -> str:
        """The visible text, whitespace runs collapsed."""
        return " ".join(self.element.text_content().split())

    @property
    def html(self) -> str:
        return str(lxml.html.tostring(self.element, encoding="unicode"))

    def attr(self, name: str) -> str | None:
        value = self.element.get(name)
        return None if value is None else str(value)

    def find_all(self, xpath: str) -> list[Node]:
        return [Node(e) for e in self.element.xpath(xpath)]


def _root(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def by_id(html: str, id: str) -> Node:
    """The element with ``id`` (AssertionError naming the id when there is none or several)."""
    found = _root(html).xpath("//*[@id=$id]", id=id)
    assert len(found) == 1, f"{len(found)} elements with id={id!r}"
    return Node(found[0])


def find_all(html: str, xpath: str) -> list[Node]:
    return [Node(e) for e in _root(html).xpath(xpath)]
