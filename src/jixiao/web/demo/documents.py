"""Demo content of the documents app: published plans in the demo county.

The 批复 need nothing here: the demo's finance approvals (``FLOWS``) go through the
workflow, which records each reply with its 文号 (巨财绩〔2024〕N号 by the default
pattern). This publishes the approved plans except one, so the public pages have
content and the finance bureau's 批复与公开 page still has a plan to publish.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from jixiao.core import workflow as wf
from jixiao.web.documents.models import Publication
from jixiao.web.documents.services.publishing import set_published
from jixiao.web.orgs.models import Region
from jixiao.web.plans.models import Plan

__all__ = ["UNPUBLISHED", "publish_demo"]

#: The approved unit left for the finance bureau to publish.
UNPUBLISHED = "601001"


def publish_demo(region: Region, year: int, *, username: str = "czj_jxk") -> int:
    """Publish the approved plans of ``region`` never published before; the count."""
    plans = (
        Plan.objects.filter(unit__region=region, year=year, status=wf.State.APPROVED.value)
        .exclude(unit__code=UNPUBLISHED)
        .exclude(pk__in=Publication.objects.values("plan_id"))
    )
    user = User.objects.get(username=username)
    return sum(r.ok for r in set_published(plans, True, user=user))
