"""The project header editor: code, name, budget, purpose, and its list sections.

Fields check what a column or the plan format can hold (a number is a number, a month is
1–12, a project code is not used twice in the plan). Whether the numbers make sense
together (财政资金 + 其他资金 = 预算数, a cumulative spending plan ending at 100 %) is the
checker's business: the page shows its findings after saving, next to the fields.

List sections (spending plan, goals) are formsets whose rows may be added
(``static/js/formset.js``) and removed (the row's 删除 box). Each row of an existing item
carries ``origin``, its index in the stored list, so that fields this editor does not
show (unknown fields are kept, docs/formats.md) survive the edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jixiao.web.plans.forms.base import VersionForm
from jixiao.web.plans.forms.fields import AmountField, PercentField

__all__ = [
    "BaseRowFormSet",
    "GoalFormSet",
    "ProjectForm",
    "RowForm",
    "SpendingFormSet",
    "formset_rows",
    "origin_item",
]


class ProjectForm(VersionForm):
    """项目编码, 名称, 预算 and 资金用途 of one project (the lists are formsets)."""

    code = forms.CharField(label=gettext_lazy("项目编码"), max_length=64, required=False)
    name = forms.CharField(label=gettext_lazy("项目名称"), max_length=300, required=False)
    budget_total = AmountField(label=gettext_lazy("预算数"))
    budget_fiscal = AmountField(label=gettext_lazy("财政资金"))
    budget_other = AmountField(label=gettext_lazy("其他资金"))
    purpose = forms.CharField(
        label=gettext_lazy("资金用途"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        money_unit: str = "万元",
        other_codes: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for key in ("budget_total", "budget_fiscal", "budget_other"):
            field = self.fields[key]
            assert isinstance(field, AmountField)
            field.money_unit = money_unit or "万元"
        self.other_codes = other_codes or {}

    def clean_code(self) -> str | None:
        code: str = (self.cleaned_data.get("code") or "").strip()
        if code and code in self.other_codes:
            raise forms.ValidationError(
                _("项目编码已被本计划的项目“{name}”使用。").format(name=self.other_codes[code]),
                code="duplicate",
            )
        return code or None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not (data.get("name") or "").strip()
            and not data.get("code")
            and "code" not in self.errors
        ):
            self.add_error("name", _("请填写项目名称（或至少填写项目编码）。"))
        return data

    def values(self) -> dict[str, Any]:
        """The header fields as ``services.update_project`` takes them."""
        d = self.cleaned_data
        return {
            "code": d.get("code"),
            "name": (d.get("name") or "").strip() or None,
            "purpose": (d.get("purpose") or "").strip() or None,
            "budget_total": d.get("budget_total"),
            "budget_fiscal": d.get("budget_fiscal"),
            "budget_other": d.get("budget_other"),
        }


class RowForm(forms.Form):
    """A row of a list section; ``origin`` is the row's index in the stored list."""

    origin = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def is_blank(self) -> bool:
        """A row with nothing typed in it (ignored, as if removed)."""
        d = getattr(self, "cleaned_data", {})
        return all(d.get(k) in (None, "") for k in self.fields if k not in ("origin", "DELETE"))


MONTH_CHOICES = [("", "—"), *((str(m), f"{m}月") for m in range(1, 13))]


class SpendingRowForm(RowForm):
    month = forms.TypedChoiceField(
        label=gettext_lazy("截至月份"),
        choices=MONTH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs={"aria-label": gettext_lazy("截至月份")}),
    )
    percent = PercentField(
        label=gettext_lazy("累计支出比例（%）"),
        widget=forms.TextInput(attrs={"aria-label": gettext_lazy("累计支出比例（%）")}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        month, percent = data.get("month"), data.get("percent")
        if month is None and percent is not None and "month" not in self.errors:
            self.add_error("month", _("请选择月份。"))
        if month is not None and percent is None and "percent" not in self.errors:
            self.add_error("percent", _("请填写截至该月底的累计支出比例。"))
        return data


class BaseRowFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def kept(self) -> list[forms.Form]:
        """Valid rows that are neither marked for removal nor left blank, in page order."""
        out: list[forms.Form] = []
        for form in self.forms:
            if self.can_delete and form.cleaned_data.get("DELETE"):
                continue
            assert isinstance(form, RowForm)
            if form.is_blank():
                continue
            out.append(form)
        return out


class BaseSpendingFormSet(BaseRowFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[int | None] = set()
        for form in self.kept():
            month: int | None = form.cleaned_data.get("month")
            if month in seen:
                form.add_error("month", _("{m}月重复出现，每个月份只填一行。").format(m=month))
            seen.add(month)

    def values(self, stored: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """``[{month, percent}]`` sorted by month, unknown keys of stored points kept."""
        rows = []
        for form in self.kept():
            d = form.cleaned_data
            point = origin_item(stored, d.get("origin"))
            point.update({"month": d["month"], "percent": d["percent"]})
            rows.append(point)
        rows.sort(key=lambda p: p["month"])
        return rows


def origin_item(stored: Sequence[dict[str, Any]], origin: int | None) -> dict[str, Any]:
    """A copy of the stored item the row came from (``{}`` for a new row)."""
    if origin is not None and 0 <= origin < len(stored) and isinstance(stored[origin], dict):
        return dict(stored[origin])
    return {}


SpendingFormSet = cast(
    "type[BaseSpendingFormSet]",
    forms.formset_factory(
        SpendingRowForm, formset=BaseSpendingFormSet, extra=0, can_delete=True, max_num=24
    ),
)


class GoalRowForm(RowForm):
    text = forms.CharField(
        label=gettext_lazy("绩效目标"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"aria-label": gettext_lazy("绩效目标")}),
    )


class BaseGoalFormSet(BaseRowFormSet):
    def values(self) -> list[str]:
        return [form.cleaned_data["text"] for form in self.kept()]


GoalFormSet = cast(
    "type[BaseGoalFormSet]",
    forms.formset_factory(
        GoalRowForm, formset=BaseGoalFormSet, extra=0, can_delete=True, max_num=50
    ),
)


def formset_rows(items: Sequence[Any], keys: Sequence[str]) -> list[dict[str, Any]]:
    """Initial rows of a formset from stored dicts (or strings for ``keys == ["text"]``)."""
    rows = []
    for i, item in enumerate(items):
        row: dict[str, Any] = {"origin": i}
        if isinstance(item, dict):
            row.update({k: item.get(k) for k in keys})
        else:
            row[keys[0]] = item
        rows.append(row)
    return rows
