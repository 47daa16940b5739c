"""The finance bureau's measures on a project (M1) and the unit's 整改结果, from the
round page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jixiao.web.monitoring.access import get_round_for_user
from jixiao.web.monitoring.forms.monitoring import ActionForm, AnswerForm
from jixiao.web.monitoring.services.actions import (
    answer_correction,
    can_answer,
    can_record,
    record_action,
)
from jixiao.web.orgs.access import get_visible_or_404
from jixiao.web.plans.services.audit import ServiceError

__all__ = ["action_answer", "action_record"]


def _back(round_id: int, project_id: int) -> HttpResponse:
    return redirect(f"{reverse('monitoring:round', args=[round_id])}#project-{project_id}")


@login_required
@require_POST
def action_record(request: HttpRequest, round_id: int, project_id: int) -> HttpResponse:
    rnd = get_round_for_user(request, round_id)
    project = get_visible_or_404(rnd.plan.projects.all(), project_id, "项目不存在或无权查看")
    if not can_record(request.user, rnd):
        raise PermissionDenied(_("只有财政部门可以采取监控措施。"))
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查措施、原因和期限。"))
        return _back(rnd.pk, project.pk)
    d = form.cleaned_data
    try:
        action = record_action(rnd, project, d["kind"], d["text"], user=request.user,
                               due=d["due"], amount=d["amount"])  # fmt: skip
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已记录：{what}。").format(what=action.get_kind_display()))
    return _back(rnd.pk, project.pk)


@login_required
@require_POST
def action_answer(request: HttpRequest, round_id: int, action_id: int) -> HttpResponse:
    rnd = get_round_for_user(request, round_id)
    action = get_visible_or_404(rnd.actions.all(), action_id, "措施不存在或无权查看")
    if not can_answer(request.user, rnd):
        raise PermissionDenied(_("只有本单位填报人可以答复整改要求。"))
    form = AnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("请填写整改结果"))
        answer_correction(action, form.cleaned_data["response"], user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已答复整改要求。"))
    return _back(rnd.pk, action.project_id)
