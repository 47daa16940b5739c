"""The people app's one model: the record of every change to units and accounts."""

from __future__ import annotations

from jixiao.web.people.models.record import AccountChange, ChangeKind

__all__ = ["AccountChange", "ChangeKind"]
