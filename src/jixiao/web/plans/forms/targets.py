"""The department-targets editor (部门整体绩效目标): goal, sub-goals and measures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from jixiao.web.plans.forms.base import VersionForm
from jixiao.web.plans.forms.project import BaseRowFormSet, RowForm, origin_item

__all__ = ["MeasureFormSet", "OverallForm", "SubgoalFormSet"]


class OverallForm(VersionForm):
    goal = forms.CharField(
        label=gettext_lazy("总体绩效目标"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class SubgoalRowForm(RowForm):
    title = forms.CharField(label=gettext_lazy("分项目标"), required=False, max_length=500)
    goal = forms.CharField(
        label=gettext_lazy("绩效目标"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    indicator_text = forms.CharField(
        label=gettext_lazy("绩效指标"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MeasureRowForm(RowForm):
    title = forms.CharField(label=gettext_lazy("措施"), required=False, max_length=500)
    text = forms.CharField(
        label=gettext_lazy("措施内容"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BaseItemFormSet(BaseRowFormSet):
    """Sub-goals or measures: each kept row with its text fields (blank → ``None``)."""

    def values(self, stored: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for form in self.kept():
            d = form.cleaned_data
            item = origin_item(stored, d.get("origin"))
            for key in form.fields:
                if key in ("origin", "DELETE"):
                    continue
                item[key] = (d.get(key) or "").strip() or None
            out.append(item)
        return out


SubgoalFormSet = cast(
    "type[BaseItemFormSet]",
    forms.formset_factory(
        SubgoalRowForm, formset=BaseItemFormSet, extra=0, can_delete=True, max_num=50
    ),
)
MeasureFormSet = cast(
    "type[BaseItemFormSet]",
    forms.formset_factory(
        MeasureRowForm, formset=BaseItemFormSet, extra=0, can_delete=True, max_num=50
    ),
)
