"""The ledger upload, a progress row, a review action and the finance bureau's schedule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jixiao.core.monitoring.settings import LIKELIHOODS
from jixiao.web.common.middleware import megabytes
from jixiao.web.monitoring.models import ActionKind

__all__ = [
    "ActionForm",
    "AnswerForm",
    "LedgerForm",
    "ProgressForm",
    "ScheduleForm",
    "TransitionForm",
]


class LedgerForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("支付明细文件"),
        help_text=gettext_lazy("CSV（UTF-8 或 GB18030）或 Excel .xlsx，首行为表头"),
    )

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


_TEXT = {"max_length": 300, "required": False, "strip": True}


class ProgressForm(forms.Form):
    """One row of the progress table: an indicator (index ≥ 1) or the budget line (0)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    index = forms.IntegerField(min_value=0, max_value=10_000, widget=forms.HiddenInput)
    current = forms.CharField(label=gettext_lazy("1~N月实际完成值"), **_TEXT)  # type: ignore[arg-type]
    projected = forms.CharField(label=gettext_lazy("全年预计完成值"), **_TEXT)  # type: ignore[arg-type]
    likelihood = forms.ChoiceField(
        label=gettext_lazy("完成目标可能性"),
        required=False,
        choices=[("", "—"), *((v, v) for v in LIKELIHOODS)],
    )
    deviation_reason = forms.CharField(
        label=gettext_lazy("偏差原因"), max_length=2000, required=False, strip=True
    )
    corrective_measure = forms.CharField(
        label=gettext_lazy("纠偏措施"), max_length=2000, required=False, strip=True
    )
    projected_executed = forms.DecimalField(
        label=gettext_lazy("全年预计执行数"), required=False, max_digits=18, decimal_places=6
    )
    adjusted_budget = forms.DecimalField(
        label=gettext_lazy("调整后预算数"), required=False, max_digits=18, decimal_places=6
    )
    executed = forms.DecimalField(
        label=gettext_lazy("1~N月执行数"), required=False, max_digits=18, decimal_places=6
    )


class ScheduleForm(forms.Form):
    as_of = forms.DateField(
        label=gettext_lazy("监控截止日期"),
        help_text=gettext_lazy("如 2024-06-30（1~6月）"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due = forms.DateField(
        label=gettext_lazy("报送截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class TransitionForm(forms.Form):
    version = forms.IntegerField(required=False)
    action = forms.CharField(max_length=32)
    comment = forms.CharField(max_length=4000, required=False)


class ActionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("措施"), choices=ActionKind.choices)
    text = forms.CharField(label=gettext_lazy("原因或要求"), max_length=4000, strip=True)
    due = forms.DateField(
        label=gettext_lazy("整改期限"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    amount = forms.DecimalField(
        label=gettext_lazy("金额（万元）"), required=False, max_digits=18, decimal_places=6,
        min_value=0,
    )  # fmt: skip


class AnswerForm(forms.Form):
    response = forms.CharField(label=gettext_lazy("整改结果"), max_length=4000, strip=True)
