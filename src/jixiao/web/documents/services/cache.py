"""Printed documents kept in Django's cache: an approved version never changes, so its
PDF (about a second of CPU) is printed once per version, not per request — which also
keeps anonymous visitors from making the server print on every click."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache

__all__ = ["TIMEOUT", "cached_bytes"]

#: A day: the cache is a saving, not a store (a restart prints again).
TIMEOUT = 24 * 3600


def cached_bytes(key: str, build: Callable[[], bytes]) -> bytes:
    """``build()``'s bytes under ``key`` (keys name the object and its version)."""
    hit = cache.get(key)
    if isinstance(hit, bytes):
        return hit
    data = build()
    cache.set(key, data, TIMEOUT)
    return data
