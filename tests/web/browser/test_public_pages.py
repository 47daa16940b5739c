"""Public disclosure in chromium on the demo county: the anonymous visitor sees the
published, approved plans only and is sent to the login page from every internal page;
finance publishes one more from 批复与公开. Screenshots public-region.png, public-plan.png
and finance-documents.png for docs/screenshots/."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command

from jixiao.web.demo.management.commands.demo_data import DEMO_PASSWORD
from jixiao.web.documents.models import Reply
from jixiao.web.documents.services.publishing import public_plans
from jixiao.web.orgs.models import Region
from jixiao.web.plans.models import Plan
from tests.web.browser.conftest import login, shot


def test_anonymous_sees_published_plans_only_and_finance_publishes(
    live_server: Any, transactional_db: None, page: Any, settings: Any
) -> None:
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    call_command("demo_data", "--no-tokens", stdout=io.StringIO())
    base = live_server.url
    region = Region.objects.get(name="巨鹿县")
    public = {p.unit.name for p in public_plans().filter(unit__region=region)}
    hidden = set(Plan.objects.filter(unit__region=region).values_list("unit__name", flat=True))
    hidden -= public
    assert public
    assert hidden

    page.goto(f"{base}/public/")
    page.click(f"#public-index a:has-text('{region.name}')")
    page.wait_for_selector("#public-units")
    listed = set(page.locator("#public-units tbody tr td:nth-child(2) a").all_inner_texts())
    assert listed == public
    shot(page, "public-region")
    page.click("#public-units tbody tr td:nth-child(2) a >> nth=0")
    page.wait_for_selector("iframe.document")
    frame = page.frame_locator("iframe.document")
    assert "部门预算绩效文本" in frame.locator("h1").inner_text()
    assert page.locator("#public-pdf").count() == 1
    shot(page, "public-plan")

    # every internal page sends the anonymous visitor to the login page
    plan = Plan.objects.filter(unit__region=region).first()
    reply = Reply.objects.filter(region=region).first()
    assert plan is not None
    assert reply is not None
    for path in ("/", "/finance/", f"/plans/{plan.pk}/", f"/plans/{plan.pk}/documents/",
                 f"/replies/{reply.pk}/pdf/", "/finance/documents/", "/todo/"):  # fmt: skip
        page.goto(base + path)
        assert "/accounts/login/" in page.url, path
    for name in hidden:  # approved but unpublished, or never approved: as if absent
        unseen = Plan.objects.filter(unit__region=region, unit__name=name).first()
        assert unseen is not None
        response = page.goto(f"{base}/public/plans/{unseen.pk}/")
        assert response is not None
        assert response.status == 404, name

    login(page, base, "czj_jxk", DEMO_PASSWORD)
    page.goto(f"{base}/finance/documents/")
    page.wait_for_selector("#approved-plans")
    shot(page, "finance-documents")
    unpublished = page.locator("#approved-plans tbody tr:has(.badge:text-is('未公开'))")
    assert unpublished.count() >= 1
    name = unpublished.first.locator("td:nth-child(2)").inner_text()
    unpublished.first.locator("input[type=checkbox]").check()
    page.click("#documents-form button[value=publish]")
    page.wait_for_selector(".msg.success")
    assert name in {p.unit.name for p in public_plans().filter(unit__region=region)}
