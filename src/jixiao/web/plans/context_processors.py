"""Template context the layout needs from the targets app: the bell's unread count."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from jixiao.web.plans.review.notifications import unread_count

__all__ = ["notifications"]


def notifications(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """``unread_notifications``: one COUNT per request, and only if the layout shows it."""

    def count() -> int:
        cached: int | None = getattr(request, "_jixiao_unread", None)
        if cached is None:
            cached = unread_count(request.user) if request.user.is_authenticated else 0
            request._jixiao_unread = cached  # type: ignore[attr-defined]
        return cached

    return {"unread_notifications": count}
