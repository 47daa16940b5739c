"""The pure domain core of jixiao.

Must not import Django or any other web framework (a test enforces it): the file
commands ``jixiao parse|check|score`` run on this package alone and must start fast.
"""

from __future__ import annotations
