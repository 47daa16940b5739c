"""Forms of the people pages (input checks only; the rules are in ``services.accounts``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from jixiao.core.workflow import ROLE_LABELS
from jixiao.web.choices import choices_of
from jixiao.web.orgs.models import Region, Unit, UnitKind

__all__ = ["InviteForm", "RoleForm", "UnitForm"]


class UnitForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("单位名称"), max_length=200)
    code = forms.CharField(label=gettext_lazy("单位编码"), max_length=32, required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("类型"), choices=UnitKind.choices, initial=UnitKind.UNIT
    )
    parent = forms.ModelChoiceField(
        label=gettext_lazy("主管部门"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("（无，直接向财政部门报送）"),
    )

    def __init__(self, *args: object, region: Region, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["parent"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(region=region, kind=UnitKind.SUPERVISOR).order_by(
            "code", "name"
        )


def _units_field(region: Region) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(
        label=gettext_lazy("单位"),
        queryset=Unit.objects.filter(region=region).order_by("code", "name"),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("角色"), choices=choices_of(ROLE_LABELS))

    def __init__(self, *args: object, region: Region, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields = {"unit": _units_field(region), **self.fields}
        self.order_fields(self.field_order)


class InviteForm(RoleForm):
    username = forms.CharField(label=gettext_lazy("用户名"), max_length=150)
    full_name = forms.CharField(label=gettext_lazy("姓名"), max_length=150, required=False)
    email = forms.EmailField(
        label=gettext_lazy("电子邮箱"),
        required=False,
        help_text=gettext_lazy("填写后，已配置邮件服务时把设置密码的链接发到此邮箱"),
    )

    field_order = ["username", "full_name", "email", "unit", "role"]
