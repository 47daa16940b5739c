"""404 and 403 are the product's own pages, and a refusal is logged without a traceback."""

from __future__ import annotations

import io
import logging

from django.test import Client

from jixiao.web.common.logging import RefusalWithoutTraceback
from tests.web.base import Cast


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def test_not_found_and_refused_pages_are_ours_in_chinese(cast: Cast) -> None:
    c = _client(cast, "auditor")
    missing = c.get("/plans/999999/")
    assert missing.status_code == 404
    assert "未找到" in missing.content.decode()
    assert "绩效目标管理" in missing.content.decode()  # our layout, not Django's page
    refused = c.post("/finance/check/")
    assert refused.status_code == 403
    html = refused.content.decode()
    assert "无权操作" in html
    assert "只有财政绩效科和管理员可以重新审核" in html


def test_a_refusal_is_logged_in_one_line_without_traceback(cast: Cast) -> None:
    handlers = [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler)
        and any(isinstance(f, RefusalWithoutTraceback) for f in h.filters)
    ]
    assert handlers, "the console handler carries the refusal filter (settings.LOGGING)"
    out = io.StringIO()
    old = handlers[0].setStream(out)
    try:
        assert _client(cast, "auditor").post("/finance/check/").status_code == 403
    finally:
        handlers[0].setStream(old)
    log = out.getvalue()
    assert "Forbidden (Permission denied): /finance/check/" in log
    assert "Traceback" not in log
