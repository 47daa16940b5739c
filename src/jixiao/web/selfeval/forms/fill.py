"""The fill-in page's inputs: only lengths here; numbers and rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms

__all__ = ["FundsForm", "RowForm"]


class _Changes(forms.Form):
    def changes(self) -> dict[str, Any]:
        """Only the fields the request sent (a row posts all its inputs; an API may not)."""
        return {k: v for k, v in self.cleaned_data.items() if k in self.data}

    def first_error(self) -> str:
        for field, errors in self.errors.items():
            label = self.fields[field].label if field in self.fields else field
            return f"{label}：{errors[0]}"
        return "输入有误"


class RowForm(_Changes):
    actual = forms.CharField(label="实际完成值", max_length=300, required=False)
    score = forms.CharField(label="得分", max_length=30, required=False)
    reason = forms.CharField(label="未完成原因及改进措施", max_length=2000, required=False)


class FundsForm(_Changes):
    funds_executed = forms.CharField(label="全年执行数", max_length=30, required=False)
    execution_score = forms.CharField(label="预算执行率得分", max_length=30, required=False)
    goal_actual = forms.CharField(label="总体目标实际完成情况", max_length=2000, required=False)
