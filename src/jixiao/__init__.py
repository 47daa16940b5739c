"""jixiao (绩效): budget performance management for Chinese public-sector units.

Layout: ``jixiao.core`` is the pure domain (model, value grammar, readers, checks,
scoring, monitoring) and imports no web framework; ``jixiao.cli`` is the command line
on top of it; ``jixiao.web`` is the Django application on top of it.
"""

from __future__ import annotations

__version__ = "0.1.0"
