from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from jixiao.core.documents.carried import carried
from jixiao.core.documents.word import render_docx
from jixiao.core.findings import ReadError
from jixiao.core.writers.excel_plan import write_plan_workbook
from jixiao.web.plans.models import Indicator, Plan, Project
from jixiao.web.plans.services import audit, editing, importing
from jixiao.web.plans.services.history import HistoryEntry, plan_history
from jixiao.web.plans.services.mapping import plan_to_core
from tests.web.base import FIXTURE, Cast, fixture_document, small_document

pytestmark = pytest.mark.django_db


def _json_bytes(doc) -> bytes:
    return json.dumps(doc.to_dict(), ensure_ascii=False, default=str).encode()


def test_preview_of_a_new_plan_lists_every_project_as_added(cast: Cast) -> None:
    preview = importing.preview_import(
        cast.units["A2"], 2024, FIXTURE.read_bytes(), "julu.plan.json"
    )
    assert preview.existing is None
    assert preview.diff.is_new
    assert [p.name for p in preview.diff.added][:2] == [
        "村级综治视联网线路租赁费和设备维护费",
        "扫黑除恶专项经费",
    ]
    assert any("巨鹿县政法委本级" in w.message for w in preview.warnings)  # other unit's file
    assert not Plan.objects.filter(unit=cast.units["A2"]).exists()  # nothing saved


def test_preview_against_a_stored_plan_shows_indicator_changes_old_to_new(cast: Cast) -> None:
    doc = fixture_document()
    doc.projects[0].indicators[3].target = "≤96万元"
    doc.projects[0].budget.total = Decimal("96")  # same amount, other digits: no change
    del doc.projects[1]
    doc.projects.append(small_document("信息化运维").projects[0])
    preview = importing.preview_import(cast.units["A"], 2024, _json_bytes(doc), "new.json")
    diff = preview.diff
    assert [p.name for p in diff.added] == ["信息化运维"]
    assert [p.name for p in diff.removed] == ["扫黑除恶专项经费"]
    (changed,) = diff.changed
    assert changed.changes == []
    (ind,) = changed.indicators
    assert ind.label == "产出指标 / 成本指标 / 项目成本"
    assert [(c.field, c.old, c.new) for c in ind.changes] == [("指标值", "≥96万元", "≤96万元")]
    assert preview.expected_version == cast.plan_a.version


def test_confirm_replaces_the_stored_plan_and_records_the_import(cast: Cast) -> None:
    doc = small_document("信息化运维")
    preview = importing.preview_import(cast.units["A"], 2024, _json_bytes(doc), "x.json")
    plan = importing.confirm_import(
        cast.units["A"], 2024, preview.document,
        user=cast.users["editor"], expected_version=preview.expected_version,
    )  # fmt: skip
    assert plan.pk == cast.plan_a.pk
    assert list(plan.projects.values_list("name", flat=True)) == ["信息化运维"]
    assert plan_to_core(plan).projects[0].to_dict() == doc.projects[0].to_dict()
    reasons = {e.reason for e in plan_history(plan)}
    assert "导入" in reasons


def test_a_failing_import_changes_nothing(cast: Cast) -> None:
    plan = cast.plan_a
    before = plan_to_core(plan).to_dict()
    counts = (Project.objects.count(), Indicator.objects.count(), Plan.history.count())
    doc = fixture_document()
    # The last project cannot be stored: the first ones are already written when it fails.
    doc.projects[-1].budget.total = Decimal("12345678901234.5")
    with pytest.raises(audit.ServiceError, match="超出可保存的范围"):
        importing.confirm_import(
            cast.units["A"], 2024, doc, user=cast.users["editor"], expected_version=plan.version
        )
    plan.refresh_from_db()
    assert plan_to_core(plan).to_dict() == before
    assert (Project.objects.count(), Indicator.objects.count(), Plan.history.count()) == counts


def test_confirm_refuses_when_the_plan_changed_since_the_preview(cast: Cast) -> None:
    preview = importing.preview_import(
        cast.units["A"], 2024, _json_bytes(small_document()), "x.json"
    )
    editing.update_plan(cast.plan_a, {"money_unit": "元"}, user=None, expected_version=None)
    with pytest.raises(audit.StaleEditError):
        importing.confirm_import(
            cast.units["A"], 2024, preview.document, user=None,
            expected_version=preview.expected_version,
        )  # fmt: skip


def test_an_excel_target_table_imports_like_json(cast: Cast) -> None:
    data = write_plan_workbook(fixture_document())
    preview = importing.preview_import(cast.units["A2"], 2024, data, "目标表.xlsx")
    assert len(preview.document.projects) == 4
    plan = importing.confirm_import(
        cast.units["A2"], 2024, preview.document, user=None, expected_version=None
    )
    assert plan.projects.count() == 4
    assert str(plan_to_core(plan).projects[0].budget.total) == "96.00"


def test_unreadable_uploads_say_why(cast: Cast, settings) -> None:
    with pytest.raises(ReadError, match="JSON 格式错误"):
        importing.read_upload(b'{"format": ', "bad.json")
    with pytest.raises(ReadError, match="不支持的文件类型"):
        importing.read_upload(b"x", "plan.odt")
    with pytest.raises(ReadError, match=r"另存为 \.docx"):
        importing.read_upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "plan.doc")
    with pytest.raises(ReadError, match="绩效自评表"):
        importing.read_upload(b'{"format": "jixiao.selfeval/1"}', "s.json")
    settings.JIXIAO_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ReadError, match="文件过大"):
        importing.read_upload(b"x" * 11, "big.txt")


def test_a_word_document_imports_like_the_pdf(cast: Cast) -> None:
    """The 绩效文本 a unit keeps in Word (.docx) previews and imports every project."""
    doc = fixture_document()
    preview = importing.preview_import(cast.units["A2"], 2024, render_docx(doc), "绩效文本.docx")
    assert preview.document.to_dict() == carried(doc).to_dict()
    assert [p.name for p in preview.diff.added] == [p.name for p in doc.projects]
    plan = importing.confirm_import(
        cast.units["A2"], 2024, preview.document, user=None, expected_version=None
    )
    assert plan.projects.count() == len(doc.projects)


def test_the_document_survives_the_trip_from_preview_to_confirm() -> None:
    doc = fixture_document()
    assert (
        importing.deserialize_document(importing.serialize_document(doc)).to_dict() == doc.to_dict()
    )
    with pytest.raises(ReadError):
        importing.deserialize_document("{not json")


def _ids(plan: Plan) -> tuple[list[int], list[int]]:
    projects = list(plan.projects.order_by("position").values_list("pk", flat=True))
    indicators = list(
        Indicator.objects.filter(project__plan=plan)
        .order_by("project__position", "position")
        .values_list("pk", flat=True)
    )
    return projects, indicators


def _history_rows(plan: Plan) -> int:
    return int(
        Plan.history.filter(id=plan.pk).count()
        + Project.history.filter(plan_id=plan.pk).count()
        + Indicator.history.filter(project__plan=plan).count()
    )


def _since(plan: Plan, start: datetime) -> list[HistoryEntry]:
    return [e for e in plan_history(plan) if e.when >= start]


def _reimport(cast: Cast, doc) -> Plan:
    preview = importing.preview_import(cast.units["A"], 2024, _json_bytes(doc), "again.json")
    return importing.confirm_import(
        cast.units["A"], 2024, preview.document,
        user=cast.users["editor"], expected_version=preview.expected_version,
    )  # fmt: skip


def test_reimporting_the_same_document_changes_no_id_and_records_nothing(cast: Cast) -> None:
    plan = cast.plan_a
    ids, rows, version = _ids(plan), _history_rows(plan), plan.version
    doc = plan_to_core(plan)
    preview = importing.preview_import(cast.units["A"], 2024, _json_bytes(doc), "same.json")
    assert preview.diff.is_empty
    _reimport(cast, doc)
    plan.refresh_from_db()
    assert _ids(plan) == ids
    assert _history_rows(plan) == rows
    assert plan.version == version


def test_a_one_field_change_updates_in_place_and_records_one_field(cast: Cast) -> None:
    plan = cast.plan_a
    ids = _ids(plan)
    doc = plan_to_core(plan)
    doc.projects[0].indicators[3].target = "≤96万元"
    start = timezone.now()
    _reimport(cast, doc)
    assert _ids(plan) == ids
    lines = _since(plan, start)
    assert [(e.action, e.field, e.old, e.new) for e in lines] == [
        ("修改", "指标值", "≥96万元", "≤96万元")
    ]


def test_a_renamed_indicator_is_one_change_and_keeps_its_id(cast: Cast) -> None:
    plan = cast.plan_a
    ids = _ids(plan)
    doc = plan_to_core(plan)
    doc.projects[1].indicators[0].name = "线索核查数"
    preview = importing.preview_import(cast.units["A"], 2024, _json_bytes(doc), "r.json")
    (changed,) = preview.diff.changed
    (ind,) = changed.indicators
    assert (ind.status, [c.field for c in ind.changes]) == ("changed", ["三级指标"])
    start = timezone.now()
    _reimport(cast, doc)
    assert _ids(plan) == ids
    assert [(e.action, e.field) for e in _since(plan, start)] == [("修改", "三级指标")]


def test_reordered_projects_are_moves_not_deletions(cast: Cast) -> None:
    plan = cast.plan_a
    projects, indicators = _ids(plan)
    doc = plan_to_core(plan)
    doc.projects[0], doc.projects[1] = doc.projects[1], doc.projects[0]
    preview = importing.preview_import(cast.units["A"], 2024, _json_bytes(doc), "o.json")
    assert not preview.diff.added
    assert not preview.diff.removed
    assert [p.moved for p in preview.diff.changed] == [True]
    start = timezone.now()
    _reimport(cast, doc)
    now_projects, now_indicators = _ids(plan)
    assert now_projects == [projects[1], projects[0], *projects[2:]]
    assert sorted(now_indicators) == sorted(indicators)
    assert {(e.action, e.field) for e in _since(plan, start)} == {("修改", "序号")}
