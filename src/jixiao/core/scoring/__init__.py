"""Self-evaluation scoring (自评) and re-check (复核)."""

from __future__ import annotations
