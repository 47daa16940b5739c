"""Every state change asks first and says what will happen, to the person about to act.

The action bar offers each action as a closed panel: opening it shows the consequence and
the confirming button (and the required comment for 退回/调整). Nothing is one click.
"""

from __future__ import annotations

from django.test import Client

from jixiao.web.plans.models import Plan
from tests.web.base import Cast
from tests.web.html import by_id, find_all


def _bar(cast: Cast, who: str) -> str:
    c = Client()
    c.force_login(cast.users[who])
    return c.get(f"/plans/{cast.plan_a.pk}/").content.decode()


def _consequences(html: str) -> dict[str, str]:
    out = {}
    for form in find_all(html, "//form[@class='wf-form']"):
        action = form.attr("data-action")
        assert action is not None
        # the confirming button sits inside a closed <details>: never a one-click change
        details = form.find_all(".//details")
        assert len(details) == 1
        assert details[0].attr("open") is None
        assert form.find_all(f".//details//button[@id='wf-{action}']")
        out[action] = by_id(html, f"wf-{action}-consequence").text
    return out


def test_the_unit_is_told_that_submitting_locks_the_plan(cast: Cast) -> None:
    bar = _consequences(_bar(cast, "editor"))
    assert list(bar) == ["submit"]
    assert bar["submit"].startswith("提交给测试县政法委审核。提交后本单位不能修改，直至被退回")


def test_reviewers_are_told_what_approving_and_returning_do(cast: Cast) -> None:
    Plan.objects.filter(pk=cast.plan_a.pk).update(status="submitted")
    bar = _consequences(_bar(cast, "supervisor"))
    assert set(bar) == {"supervisor_approve", "return"}
    assert "转财政部门审核批复" in bar["supervisor_approve"]
    assert "单位修改后重新提交" in bar["return"]
    Plan.objects.filter(pk=cast.plan_a.pk).update(status="supervisor_approved")
    bar = _consequences(_bar(cast, "finance"))
    assert set(bar) == {"finance_approve", "return"}
    assert "生效并锁定" in bar["finance_approve"]


def test_withdrawing_says_it_reopens_the_draft(cast: Cast) -> None:
    Plan.objects.filter(pk=cast.plan_a.pk).update(status="submitted")
    bar = _consequences(_bar(cast, "leader"))
    assert set(bar) == {"withdraw"}
    assert "回到草稿" in bar["withdraw"]


def test_readers_get_no_action_at_all(cast: Cast) -> None:
    for who in ("auditor", "admin", "finance", "supervisor"):
        assert _consequences(_bar(cast, who)) == {}


def _preview(cast: Cast) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.web.base import FIXTURE

    c = Client()
    c.force_login(cast.users["editor"])
    upload = SimpleUploadedFile("plan.json", FIXTURE.read_bytes())
    r = c.post("/plans/import/", {"file": upload, "unit": cast.units["A"].pk, "year": 2024})
    assert r.status_code == 302
    return c.get(r["Location"]).content.decode()


def test_import_preview_over_an_approved_plan_gives_one_clear_message(cast: Cast) -> None:
    """The file has errors; over a draft the preview says they can be fixed after import,
    over an approved plan only that it cannot be imported (no contradicting amber note)."""
    html = _preview(cast)
    assert "可以先导入" in by_id(html, "import-errors-note").text
    assert not find_all(html, "//*[@id='import-locked']")
    Plan.objects.filter(pk=cast.plan_a.pk).update(status="approved")
    html = _preview(cast)
    assert "申请调整" in by_id(html, "import-locked").text
    assert "可以先导入" not in html
    assert len(find_all(html, "//div[contains(@class, 'msg')]")) == 1


def test_batch_confirmation_names_project_and_row_and_counts_like_the_row(cast: Cast) -> None:
    import re

    from jixiao.core.findings import Finding
    from jixiao.web.plans.services.findings import plan_findings

    Plan.objects.filter(pk=cast.plan_a.pk).update(status="submitted")
    c = Client()
    c.force_login(cast.users["supervisor"])
    html = c.get(
        "/review/batch/", {"action": "approve", "plan": str(cast.plan_a.pk)}
    ).content.decode()
    found: list[Finding] = plan_findings(Plan.objects.get(pk=cast.plan_a.pk))
    by = {s: sum(1 for f in found if f.severity == s) for s in ("error", "warning", "info")}
    head = find_all(html, "//div[@class='meta']")[0].text
    assert f"错误 {by['error']} · 警告 {by['warning']} · 提示 {by['info']}" in head
    row = by_id(html, f"batch-plan-{cast.plan_a.pk}")
    summary = row.find_all(".//summary")[0].text
    assert summary == f"错误 {by['error']} · 警告 {by['warning']} · 提示 {by['info']}"
    items = row.find_all(".//li[contains(@class, 'finding')]")
    assert items
    names = {str(p) for p in cast.plan_a.projects.all()}
    for item in items:
        where = item.find_all(".//span[@class='finding-where']")[0].text
        assert where == "部门整体" or where.split(" · ")[0] in names, where
    assert any(
        re.search(r" · 第 \d+ 行$", i.find_all(".//span[@class='finding-where']")[0].text)
        for i in items
    )
