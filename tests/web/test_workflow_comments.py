"""``add_comment``: where a review comment may go.

(Found while building the plan pages: a comment on a version that is no longer the newest
reached nobody; the service now refuses it.)
"""

from __future__ import annotations

import pytest

from jixiao.core.workflow import Action
from jixiao.web.plans.models import Plan, ReviewComment
from jixiao.web.plans.review.comments import add_comment
from jixiao.web.plans.review.transitions import transition
from jixiao.web.plans.services import audit
from tests.web.base import Cast
from tests.web.test_views_workflow import _reach


def test_a_comment_on_an_older_version_is_refused(cast: Cast) -> None:
    _reach(cast, "approved")
    old = Plan.objects.get(pk=cast.plan_a.pk)
    new = transition(old, Action.ADJUST, user=cast.users["editor"], comment="追加经费")
    old.refresh_from_db()
    with pytest.raises(audit.ServiceError, match="最新版本"):
        add_comment(old, "旧版本上的意见", user=cast.users["finance"])
    comment = add_comment(new, "请说明追加理由", user=cast.users["finance"])
    assert comment.plan_id == new.pk
    assert ReviewComment.objects.count() == 1


def test_a_comment_names_the_indicator_it_concerns(cast: Cast) -> None:
    ind = cast.plan_a.projects.order_by("position")[0].indicators.get(name="项目成本")
    c = add_comment(cast.plan_a, "成本口径", user=cast.users["supervisor"], indicator=ind)
    assert (c.project_id, c.indicator_id) == (ind.project_id, ind.pk)
    assert c.subject.endswith("成本指标 / 项目成本")
