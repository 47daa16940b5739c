"""Django ``choices`` derived from the core's enums and labels (one definition, no copy).

The core owns the words of the domain (workflow states and actions, roles). A model field
takes ``choices_of(LABELS)``; pages show ``get_<field>_display()`` translated through
the catalogue, where the core labels are extracted (``jixiao.core.i18n``).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

__all__ = ["choices_of", "label_of"]

E = TypeVar("E", bound=StrEnum)


def choices_of(labels: Mapping[E, str]) -> list[tuple[str, Promise]]:
    """``[(value, lazy label), …]`` in the enum's order."""
    return [(member.value, gettext_lazy(label)) for member, label in labels.items()]


def label_of(labels: Mapping[E, str], value: str) -> str:
    """The translated label of ``value`` (the value itself when unknown)."""
    for member, label in labels.items():
        if member.value == value:
            return str(gettext_lazy(label))
    return value
