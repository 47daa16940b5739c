"""What a browser would submit for a form of a rendered page (test helper).

Reads the inputs, selects and textareas of ``<form id=…>`` the way a browser does
(checked boxes only, the selected option, text as shown), skipping ``<template>``
content (the empty rows a script would clone).
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.test import Client

__all__ = ["add_rows", "form_data", "loaded_form"]


class _FormParser(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.template = 0
        self.data: dict[str, str] = {}
        self.select: str | None = None
        self.select_first: str | None = None
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "template":
            self.template += 1
        if self.template:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[name] = a.get("value") or "on"
            elif kind not in ("submit", "button", "file"):
                self.data[name] = a.get("value", "")
        elif tag == "select" and name:
            self.select = name
            self.select_first = None
        elif tag == "option" and self.select:
            value = a.get("value", "")
            if self.select_first is None:
                self.select_first = value
                self.data.setdefault(self.select, value)
            if "selected" in a:
                self.data[self.select] = value
        elif tag == "textarea" and name:
            self.textarea = name
            self.text = []

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "template":
            self.template -= 1
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            text = "".join(self.text)
            # HTML drops one newline right after <textarea>.
            self.data[self.textarea] = text[1:] if text.startswith("\n") else text
            self.textarea = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.textarea and not self.template:
            self.text.append(data)


def form_data(html: str, form_id: str) -> dict[str, str]:
    parser = _FormParser(form_id)
    parser.feed(html)
    assert parser.data, f"no form with id {form_id!r} in the page"
    return parser.data


def loaded_form(client: Client, url: str, form_id: str, **changes: str) -> dict[str, str]:
    """The form ``form_id`` as the page at ``url`` delivers it, with ``changes`` typed in."""
    r = client.get(url)
    assert r.status_code == 200
    data = form_data(r.content.decode(), form_id)
    data.update(changes)
    return data


def add_rows(data: dict[str, Any], prefix: str, *rows: dict[str, str]) -> None:
    """Formset rows added with the page's "＋" button (indices after the existing ones)."""
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    for i, row in enumerate(rows, start=n):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(n + len(rows))
