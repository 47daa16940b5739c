"""The documents app's models: replies (批复) with their numbering, and publications."""

from __future__ import annotations

from jixiao.web.documents.models.publication import Publication
from jixiao.web.documents.models.reply import Reply, ReplyCounter, ReplyNumbering

__all__ = ["Publication", "Reply", "ReplyCounter", "ReplyNumbering"]
