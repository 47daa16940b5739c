"""Benchmarks (``python -m bench``); results are recorded in docs/benchmarks.md."""

from __future__ import annotations
