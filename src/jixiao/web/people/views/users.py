"""Inviting a user, assigning a role, deactivating and reactivating an account."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.web.people.access import get_member_or_404, region_or_403
from jixiao.web.people.forms import InviteForm, RoleForm
from jixiao.web.people.services.accounts import (
    AccountError,
    assign_role,
    invite_user,
    set_active,
)

__all__ = ["user_active", "user_edit", "user_invite"]


@login_required
@require_http_methods(["GET", "POST"])
def user_invite(request: HttpRequest) -> HttpResponse:
    """Create an account without password; show (and mail) its one-time link to set one."""
    region = region_or_403(request)
    form = InviteForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            invitation = invite_user(
                request.user,
                username=d["username"],
                full_name=d["full_name"],
                email=d["email"],
                unit=d["unit"],
                role=d["role"],
            )
        except AccountError as exc:
            form.add_error(None, str(exc))
        else:
            link = request.build_absolute_uri(
                reverse("people:welcome", args=[invitation.uid, invitation.token])
            )
            mailed = False
            if settings.JIXIAO_SEND_EMAIL and invitation.user.email:
                text = _("您的绩效管理系统账号“{name}”已开通。请打开以下链接设置密码：\n{link}")
                try:
                    mailed = bool(
                        send_mail(
                            _("绩效管理系统账号开通"),
                            text.format(name=invitation.user.username, link=link),
                            None,
                            [invitation.user.email],
                        )
                    )
                except OSError:
                    mailed = False
            return render(
                request,
                "people/invited.html",
                {"invited": invitation.user, "link": link, "mailed": mailed, "region": region},
            )
    return render(request, "people/invite_form.html", {"form": form, "region": region})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    """A user's unit and role (one membership per account)."""
    region = region_or_403(request)
    member = get_member_or_404(region, user_id)
    m = member.membership
    form = RoleForm(request.POST or None, region=region, initial={"unit": m.unit, "role": m.role})
    is_self = member.pk == request.user.pk
    if request.method == "POST" and form.is_valid():
        try:
            assign_role(
                request.user, member, unit=form.cleaned_data["unit"], role=form.cleaned_data["role"]
            )
        except AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("已更新“{name}”的单位和角色。").format(name=member.get_username())
            )
            return redirect("people:people")
    return render(
        request,
        "people/user_form.html",
        {"form": form, "member": member, "is_self": is_self, "region": region},
    )


@login_required
@require_POST
def user_active(request: HttpRequest, user_id: int) -> HttpResponse:
    """Deactivate (or reactivate) an account: it can no longer log in or use its tokens."""
    region = region_or_403(request)
    member = get_member_or_404(region, user_id)
    active = request.POST.get("active") == "1"
    try:
        set_active(request.user, member, active=active)
    except AccountError as exc:
        messages.error(request, _("未修改：{reason}").format(reason=exc))
    else:
        done = (
            _("已恢复账号“{name}”。")
            if active
            else _("已停用账号“{name}”，该账号不能再登录或使用接口令牌。")
        )
        messages.success(request, done.format(name=member.get_username()))
    return redirect("people:people")
