"""Requests the server refuses before any view runs, in Chinese and never as a 500.

A busy database answers "请稍后重试"; an oversized upload is refused before its body is
read.

On the embedded SQLite default one writer holds the database at a time; the others wait
up to the busy timeout (settings). A writer still waiting after that gets 503 with a
Chinese message (JSON under /api/) instead of a 500 and a traceback.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

__all__ = ["BusyDatabaseMiddleware", "UploadLimitMiddleware", "is_busy", "megabytes"]


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" / "database table is locked"."""
    return isinstance(exc, OperationalError) and "locked" in str(exc)


class BusyDatabaseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        message = _("系统正忙（其他用户正在保存），请稍后重试。")
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": message, "code": "busy", "errors": []},
                status=503,
                json_dumps_params={"ensure_ascii": False},
            )
        else:
            response = render(request, "503.html", {"message": message}, status=503)
        response["Retry-After"] = "5"
        return response


class UploadLimitMiddleware:
    """Refuse a request whose declared body is larger than an upload may be, before the
    body is read (413, in Chinese; JSON under /api/)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "JIXIAO_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        # The form fields and the multipart framing come on top of the file itself.
        if length > limit + 1024 * 1024:
            message = _("上传的内容过大（{size}），上限为 {limit}。").format(
                size=megabytes(length), limit=megabytes(limit)
            )
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": message, "code": "too-large", "errors": []},
                    status=413,
                    json_dumps_params={"ensure_ascii": False},
                )
            return render(request, "413.html", {"message": message}, status=413)
        return self.get_response(request)


def megabytes(n: int) -> str:
    """A size as people read it: "12.3 MB"."""
    return f"{n / 1024 / 1024:.1f} MB"
