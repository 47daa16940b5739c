"""What every editing form carries: the plan version the user saw (optimistic locking)."""

from __future__ import annotations

from django import forms

__all__ = ["VersionForm"]


class VersionForm(forms.Form):
    """The plan version the user saw; writes are refused when it is stale."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
