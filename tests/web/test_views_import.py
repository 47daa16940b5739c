"""Import wizard: upload → preview (read warnings, findings, diff) → confirm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.web.plans.models import Indicator, Plan
from tests.web.base import FIXTURE, Cast, small_document
from tests.web.html import by_id

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "julu-2024-zhengfawei.txt"


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _json_bytes(name: str = "新项目") -> bytes:
    return json.dumps(small_document(name).to_dict(), ensure_ascii=False).encode()


def test_upload_page_offers_only_writable_units(cast: Cast) -> None:
    r = _client(cast, "editor").get("/plans/import/")
    assert r.status_code == 200
    units = list(r.context["form"].fields["unit"].queryset)
    assert units == [cast.units["A"]]


def test_preview_shows_the_diff_and_saves_nothing(cast: Cast) -> None:
    c = _client(cast, "editor")
    before = Plan.objects.get(pk=cast.plan_a.pk).version
    r = c.post(
        "/plans/import/",
        {"file": _upload("plan.json", _json_bytes()), "unit": cast.units["A"].pk, "year": 2024},
    )
    assert r.status_code == 302
    preview = c.get(r["Location"])
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "删除项目" in html  # the four stored projects are not in the upload
    assert "新增项目" in html
    assert "新项目" in html
    assert "≤10万元" in html
    assert Plan.objects.get(pk=cast.plan_a.pk).version == before
    assert cast.plan_a.projects.count() == 4


def test_confirm_replaces_the_plan_in_one_go(cast: Cast) -> None:
    c = _client(cast, "editor")
    r = c.post(
        "/plans/import/",
        {"file": _upload("plan.json", _json_bytes()), "unit": cast.units["A"].pk, "year": 2024},
    )
    confirm = r["Location"] + "confirm/"
    r = c.post(confirm)
    assert r.status_code == 302
    assert r["Location"] == f"/plans/{cast.plan_a.pk}/"
    plan = Plan.objects.get(pk=cast.plan_a.pk)
    assert [p.name for p in plan.projects.all()] == ["新项目"]
    # the token is used up: confirming twice does nothing more
    assert c.post(confirm).status_code == 404


def test_a_new_year_creates_a_plan(cast: Cast) -> None:
    c = _client(cast, "editor")
    data = FIXTURE.read_bytes()
    r = c.post(
        "/plans/import/",
        {"file": _upload("seed.json", data), "unit": cast.units["A"].pk, "year": 2025},
    )
    html = c.get(r["Location"]).content.decode()
    assert "确认后将新建" in html
    c.post(r["Location"] + "confirm/")
    plan = Plan.objects.get(unit=cast.units["A"], year=2025)
    assert plan.projects.count() == 4


def test_a_plan_changed_after_the_preview_is_not_overwritten(cast: Cast) -> None:
    from jixiao.web.plans.services import editing

    c = _client(cast, "editor")
    r = c.post(
        "/plans/import/",
        {"file": _upload("plan.json", _json_bytes()), "unit": cast.units["A"].pk, "year": 2024},
    )
    plan = cast.plan_a
    ind = Indicator.objects.filter(project__plan=plan).order_by("pk")[0]
    editing.update_indicator(
        ind, {"name": "别人改的"}, user=cast.users["admin"], expected_version=plan.version
    )
    r = c.post(r["Location"] + "confirm/", follow=True)
    assert "预览之后被修改过" in r.content.decode()
    assert Plan.objects.get(pk=plan.pk).projects.count() == 4


def test_an_unreadable_file_is_shown_with_its_location_and_changes_nothing(cast: Cast) -> None:
    r = _client(cast, "editor").post(
        "/plans/import/",
        {"file": _upload("broken.json", b'{"format": "jixiao.plan/1", "projects": [{"budget": {"total": "abc"}}]}'),
         "unit": cast.units["A"].pk, "year": 2024},
    )  # fmt: skip
    assert r.status_code == 422
    html = r.content.decode()
    assert "文件无法读取" in html
    assert "broken.json" in html
    assert cast.plan_a.projects.count() == 4


def test_the_seed_text_can_be_previewed(cast: Cast) -> None:
    """The published 绩效文本 (the sample copy in the repository)."""
    seed = SAMPLE
    c = _client(cast, "editor")
    r = c.post(
        "/plans/import/",
        {"file": _upload(seed.name, seed.read_bytes()), "unit": cast.units["A"].pk},
    )
    assert r.status_code == 302
    html = c.get(r["Location"]).content.decode()
    assert "≥96万元" in html


# --- refusals ----------------------------------------------------------------------------


def test_it_refuses_other_unit(cast: Cast) -> None:
    """Another unit's editor can neither choose unit A nor confirm A's pending import."""
    other = _client(cast, "other")
    r = other.post(
        "/plans/import/",
        {"file": _upload("plan.json", _json_bytes()), "unit": cast.units["A"].pk, "year": 2024},
    )
    assert r.status_code == 200
    assert "unit" in r.context["form"].errors
    editor = _client(cast, "editor")
    r = editor.post(
        "/plans/import/",
        {"file": _upload("plan.json", _json_bytes()), "unit": cast.units["A"].pk, "year": 2024},
    )
    # the token lives in the editor's session: other users cannot use it
    assert other.get(r["Location"]).status_code == 404
    assert other.post(r["Location"] + "confirm/").status_code == 404


@pytest.mark.parametrize("who", ["leader", "supervisor", "finance", "auditor"])
def test_it_requires_write_access(cast: Cast, who: str) -> None:
    c = _client(cast, who)
    assert c.get("/plans/import/").status_code == 403
    r = c.post(
        "/plans/import/", {"file": _upload("plan.json", _json_bytes()), "unit": cast.units["A"].pk}
    )
    assert r.status_code == 403


def test_it_rejects_get(cast: Cast) -> None:
    c = _client(cast, "editor")
    r = c.post(
        "/plans/import/",
        {"file": _upload("plan.json", _json_bytes()), "unit": cast.units["A"].pk, "year": 2024},
    )
    assert c.get(r["Location"] + "confirm/").status_code == 405


@pytest.mark.parametrize(
    ("status", "says"), [("submitted", "审核期间已锁定"), ("approved", "申请调整")]
)
def test_a_locked_plan_is_not_overwritten_by_an_import(cast: Cast, status: str, says: str) -> None:
    """Submitted and approved plans change only through the workflow: the preview says so
    before anyone confirms, and a forced confirm changes nothing."""
    Plan.objects.filter(pk=cast.plan_a.pk).update(status=status)
    c = _client(cast, "editor")
    r = c.post(
        "/plans/import/",
        {"file": _upload("plan.json", _json_bytes()), "unit": cast.units["A"].pk, "year": 2024},
    )
    preview = c.get(r["Location"]).content.decode()
    assert 'id="import-locked"' in preview
    assert says in preview
    assert 'id="confirm-import" disabled' in preview
    names = list(Plan.objects.get(pk=cast.plan_a.pk).projects.values_list("name", flat=True))
    r = c.post(r["Location"] + "confirm/", follow=True)
    assert "未导入" in r.content.decode()
    assert (
        list(Plan.objects.get(pk=cast.plan_a.pk).projects.values_list("name", flat=True)) == names
    )


def test_the_preview_refuses_what_the_confirm_would_refuse(cast: Cast) -> None:
    """A level2 over 50 characters cannot be stored: the preview says so and offers no
    confirm; a forced confirm changes nothing."""
    doc = small_document()
    doc.projects[0].indicators[0].level2 = "数量指标" * 15
    c = _client(cast, "admin")
    r = c.post(
        "/plans/import/",
        {
            "file": _upload("long.json", json.dumps(doc.to_dict(), ensure_ascii=False).encode()),
            "unit": cast.units["A2"].pk,
            "year": "2024",
        },
    )
    assert r.status_code == 302
    preview = c.get(r["Location"])
    html = preview.content.decode()
    box = by_id(html, "import-unstorable")
    assert "二级指标过长" in box.text
    assert "第1行指标" in box.text
    assert by_id(html, "confirm-import").attr("disabled") is not None
    c.post(r["Location"] + "confirm/")
    assert not Plan.objects.filter(unit=cast.units["A2"], year=2024).exists()
