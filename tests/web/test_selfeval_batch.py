"""复核 of published tables in bulk: all-or-nothing upload, results, exports, access."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jixiao.core.readers import read_document
from jixiao.core.scoring import policy_for, score_selfeval
from jixiao.core.writers.excel_selfeval import write_selfeval_xlsx
from jixiao.web.selfeval.models import BatchTable, RecheckBatch
from tests.web.base import Cast

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
TABLES = ["selfeval-typical.yaml", "selfeval-formulas.yaml", "selfeval-missing-points.yaml"]


def _files() -> list[SimpleUploadedFile]:
    files = [SimpleUploadedFile(n, (DATA / n).read_bytes()) for n in TABLES]
    # The typical table as a published Excel workbook (the layout jixiao score reads).
    doc = read_document(DATA / "selfeval-typical.yaml").document
    out = BytesIO()
    write_selfeval_xlsx(doc, None, out, scores="published")  # type: ignore[arg-type]
    files.append(SimpleUploadedFile("典型自评表.xlsx", out.getvalue()))
    return files


def _client(cast: Cast, who: str) -> Client:
    c = Client()
    c.force_login(cast.users[who])
    return c


def _upload(cast: Cast) -> RecheckBatch:
    r = _client(cast, "finance").post(
        reverse("selfeval:batches"), {"name": "2024年公开自评表", "files": _files()}
    )
    batch = RecheckBatch.objects.get()
    assert r.status_code == 302
    assert r["Location"] == reverse("selfeval:batch", args=[batch.pk])
    return batch


def test_upload_scores_every_table_as_jixiao_score(cast: Cast) -> None:
    batch = _upload(cast)
    tables = list(batch.tables.order_by("position"))
    assert [t.filename for t in tables] == [*TABLES, "典型自评表.xlsx"]
    for name, t in zip(TABLES, tables, strict=False):
        doc = read_document(DATA / name).document
        report = score_selfeval(doc, policy_for(doc))  # type: ignore[arg-type]
        assert (t.total, t.grade, t.departures) == (
            report.total,
            report.grade,
            len(report.findings),
        )
    assert tables[0].departures == 0
    assert tables[3].departures == 0
    page = _client(cast, "auditor").get(reverse("selfeval:batch", args=[batch.pk])).content.decode()
    assert "农村义务教育学生营养改善计划" in page
    formulas = read_document(DATA / "selfeval-formulas.yaml").document
    for f in score_selfeval(formulas, policy_for(formulas)).findings:  # type: ignore[arg-type]
        assert f.rule in page


def test_one_unreadable_file_imports_nothing(cast: Cast) -> None:
    files = [
        *_files(),
        SimpleUploadedFile("坏文件.json", b'{"format": "jixiao.selfeval/1", "year": "x"}'),
    ]
    r = _client(cast, "finance").post(reverse("selfeval:batches"), {"files": files}, follow=True)
    assert "未导入任何文件" in r.content.decode()
    assert "坏文件.json" in r.content.decode()
    assert not RecheckBatch.objects.exists()
    assert not BatchTable.objects.exists()
    plan = SimpleUploadedFile("plan.json", (DATA / "julu-2024-plan.json").read_bytes())
    r = _client(cast, "finance").post(reverse("selfeval:batches"), {"files": [plan]}, follow=True)
    assert "不是绩效自评表" in r.content.decode()


def test_exports(cast: Cast) -> None:
    batch = _upload(cast)
    c = _client(cast, "finance")
    wb = load_workbook(BytesIO(c.get(reverse("selfeval:batch-export", args=[batch.pk])).content))
    assert wb.sheetnames == ["汇总", "复核意见"]
    rows = list(wb["汇总"].iter_rows(values_only=True))
    assert len(rows) == 1 + 4
    assert rows[1][2] == "农村义务教育学生营养改善计划"
    assert len(list(wb["复核意见"].iter_rows())) == 1 + sum(
        t.departures for t in batch.tables.all()
    )
    table = batch.tables.order_by("position")[1]
    one = c.get(reverse("selfeval:batch-table-export", args=[batch.pk, table.pk]))
    assert load_workbook(BytesIO(one.content)).sheetnames == ["项目支出绩效自评表", "复核"]


def test_only_the_regions_finance_bureau_sees_and_uploads(cast: Cast) -> None:
    batch = _upload(cast)
    for who in ("editor", "leader", "supervisor", "other"):
        assert _client(cast, who).get(reverse("selfeval:batches")).status_code == 403
        assert _client(cast, who).get(reverse("selfeval:batch", args=[batch.pk])).status_code == 404
    other = _client(cast, "other_region")
    assert other.get(reverse("selfeval:batch", args=[batch.pk])).status_code == 404
    assert other.get(reverse("selfeval:batch-export", args=[batch.pk])).status_code == 404
    assert batch.name not in other.get(reverse("selfeval:batches")).content.decode()
    r = _client(cast, "auditor").post(reverse("selfeval:batches"), {"files": _files()})
    assert r.status_code == 403
