"""Evidence files: accepted by content, bounded, stored with the record, access as the page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jixiao.web.selfeval.models import Change, Evidence
from tests.web.base import Cast
from tests.web.selfeval_support import started

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def test_upload_and_download(cast: Cast) -> None:
    ev = started(cast)
    c = _client(cast, "editor")
    files = [SimpleUploadedFile("满意度调查.pdf", PDF), SimpleUploadedFile("现场.png", PNG)]
    r = c.post(reverse("selfeval:evidence-upload", args=[ev.pk]),
               {"files": files, "note": "问卷与照片", "version": ev.version}, follow=True)  # fmt: skip
    assert "已上传 2 个佐证材料" in r.content.decode()
    items = list(Evidence.objects.filter(evaluation=ev).order_by("id"))
    assert [(e.filename, e.content_type, e.size) for e in items] == [
        ("满意度调查.pdf", "application/pdf", len(PDF)),
        ("现场.png", "image/png", len(PNG)),
    ]
    assert Change.objects.filter(evaluation=ev, field="evidence").count() == 2
    got = _client(cast, "auditor").get(
        reverse("selfeval:evidence-download", args=[ev.pk, items[0].pk])
    )
    assert got.status_code == 200
    assert got.content == PDF
    assert got["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in got["Content-Disposition"]


def test_wrong_type_too_large_and_locked_are_refused(cast: Cast, settings: object) -> None:
    ev = started(cast)
    c = _client(cast, "editor")
    url = reverse("selfeval:evidence-upload", args=[ev.pk])
    # An HTML page renamed .pdf is not a PDF.
    r = c.post(url, {"files": [SimpleUploadedFile("x.pdf", b"<html><script>")]}, follow=True)
    assert "不是可接受的佐证材料" in r.content.decode()
    settings.JIXIAO_MAX_UPLOAD_BYTES = 20  # type: ignore[attr-defined]
    r = c.post(url, {"files": [SimpleUploadedFile("big.pdf", PDF)]}, follow=True)
    assert "过大" in r.content.decode()
    assert not Evidence.objects.exists()
    assert (
        _client(cast, "leader").post(url, {"files": [SimpleUploadedFile("a.pdf", PDF)]}).status_code
        == 403
    )


def test_other_units_cannot_see_or_add(cast: Cast) -> None:
    ev = started(cast)
    _client(cast, "editor").post(reverse("selfeval:evidence-upload", args=[ev.pk]),
                                 {"files": [SimpleUploadedFile("a.pdf", PDF)]})  # fmt: skip
    item = Evidence.objects.get()
    for who in ("other", "other_region"):
        c = _client(cast, who)
        assert (
            c.get(reverse("selfeval:evidence-download", args=[ev.pk, item.pk])).status_code == 404
        )
        r = c.post(
            reverse("selfeval:evidence-upload", args=[ev.pk]),
            {"files": [SimpleUploadedFile("b.pdf", PDF)]},
        )
        assert r.status_code == 404
    assert Evidence.objects.count() == 1
