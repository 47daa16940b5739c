"""Log filters: a refused permission is an expected answer, not an error.

Django logs every ``PermissionDenied`` on ``django.request`` with the exception attached,
so each 403 prints a traceback. The filter keeps the one-line warning ("Forbidden
(Permission denied): /path") and drops the traceback.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied

__all__ = ["RefusalWithoutTraceback"]


class RefusalWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
