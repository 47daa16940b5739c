"""Forms of the review: a transition with its comment, a comment, a deadline."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from jixiao.core import workflow as wf
from jixiao.web.choices import choices_of
from jixiao.web.plans.review.comments import MAX_COMMENT

__all__ = ["CommentForm", "DeadlineForm", "TransitionForm"]


class DeadlineForm(forms.Form):
    """目标申报截止日期 of one year (the region is the finance user's own)."""

    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    due = forms.DateField(
        label=gettext_lazy("申报截止日期"),
        # A date input only takes ISO dates (the zh-hans format would leave it empty).
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label=gettext_lazy("说明"), max_length=200, required=False)


class TransitionForm(forms.Form):
    """A button of the workflow panel: the action, the version seen, the comment."""

    action = forms.ChoiceField(choices=choices_of(wf.ACTION_LABELS))
    version = forms.IntegerField(min_value=0)
    comment = forms.CharField(required=False, max_length=MAX_COMMENT, strip=True)


class CommentForm(forms.Form):
    """A comment on the plan, or on one of its projects or indicators."""

    text = forms.CharField(max_length=MAX_COMMENT, strip=True)
    project = forms.IntegerField(required=False)
    indicator = forms.IntegerField(required=False)
