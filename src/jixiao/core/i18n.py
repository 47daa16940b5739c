"""Marking core text for the web app's translation catalogues, without importing Django.

Labels the core owns (workflow states and actions, roles) are shown by the web app in
Chinese or English. ``gettext_noop`` returns its argument unchanged; its name is one of
the keywords ``django-admin makemessages`` extracts, so the catalogue keeps these labels
while the core stays free of Django.
"""

from __future__ import annotations

__all__ = ["gettext_noop"]


def gettext_noop(text: str) -> str:
    return text
