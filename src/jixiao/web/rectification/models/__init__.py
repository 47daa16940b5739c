"""整改 items and their append-only record."""

from __future__ import annotations

from jixiao.web.rectification.models.item import Event, Rectification

__all__ = ["Event", "Rectification"]
