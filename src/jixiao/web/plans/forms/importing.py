"""The import upload: a 绩效文本 (text/PDF), a plan JSON/YAML, or an Excel target table."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jixiao.web.common.middleware import megabytes
from jixiao.web.orgs.models import Unit

__all__ = ["ImportForm"]


class ImportForm(forms.Form):
    """Upload of a 绩效文本 (text/PDF), a plan JSON/YAML, or an Excel target table."""

    file = forms.FileField(label=gettext_lazy("文件"))
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("单位"))
    year = forms.IntegerField(
        label=gettext_lazy("年度"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=gettext_lazy("留空则使用文件中的年度"),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units
        if units.count() == 1:
            field.initial = units.first()

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        limit: int = settings.JIXIAO_MAX_UPLOAD_BYTES
        if f.size > limit:
            raise forms.ValidationError(
                _("文件过大（{size}），上限为 {limit}。").format(
                    size=megabytes(f.size), limit=megabytes(limit)
                )
            )
        return f
