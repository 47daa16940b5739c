"""Forms of the pages: the indicator row editor and the import upload.

Forms only validate input; the writes go through ``services`` (views never write the ORM).
Every editing form carries the plan ``version`` the user saw (optimistic locking).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jixiao.web.orgs.models import Unit

__all__ = ["DeadlineForm", "ImportForm", "IndicatorForm", "VersionForm", "strip_suffix"]


def strip_suffix(label: str | None) -> str:
    """A level label without the optional trailing 指标 ("产出指标" → "产出")."""
    label = (label or "").strip()
    return label[:-2] if label.endswith("指标") and len(label) > 2 else label


class VersionForm(forms.Form):
    """The plan version the user saw; writes are refused when it is stale."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class IndicatorForm(VersionForm):
    """One row of the indicator table, as typed (the target exactly as published)."""

    level1 = forms.CharField(label=gettext_lazy("一级指标"), max_length=50, required=False)
    level2 = forms.CharField(label=gettext_lazy("二级指标"), max_length=50, required=False)
    name = forms.CharField(label=gettext_lazy("三级指标"), max_length=300, required=False)
    description = forms.CharField(
        label=gettext_lazy("绩效指标描述"), required=False, widget=forms.Textarea
    )
    target = forms.CharField(label=gettext_lazy("指标值"), max_length=300, required=False)
    basis = forms.CharField(
        label=gettext_lazy("指标值确定依据"), required=False, widget=forms.Textarea
    )
    points = forms.DecimalField(
        label=gettext_lazy("分值"), required=False, max_digits=12, decimal_places=6, min_value=0
    )

    def __init__(
        self,
        *args: Any,
        allowed_pairs: Mapping[str, Sequence[str]],
        current: tuple[str | None, str | None] = (None, None),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_pairs = allowed_pairs
        self.current = current

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        level1, level2 = data.get("level1") or "", data.get("level2") or ""
        if (level1 or None, level2 or None) == (self.current[0] or None, self.current[1] or None):
            return data  # an imported pair is kept as published; the checker reports it
        allowed = {
            strip_suffix(k): {strip_suffix(v) for v in vs} for k, vs in self.allowed_pairs.items()
        }
        if level1 and strip_suffix(level1) not in allowed:
            self.add_error("level1", _("请从列表中选择一级指标。"))
        elif level2 and strip_suffix(level2) not in allowed.get(strip_suffix(level1), set()):
            self.add_error(
                "level2",
                _("二级指标“{level2}”不属于一级指标“{level1}”。").format(
                    level1=level1, level2=level2
                ),
            )
        return data

    def values(self) -> dict[str, Any]:
        """The row as the services take it: empty text → None, points as Decimal."""
        d = self.cleaned_data
        out: dict[str, Any] = {
            k: (d.get(k) or "").strip() or None
            for k in ("level1", "level2", "name", "description", "target", "basis")
        }
        points: Decimal | None = d.get("points")
        out["points"] = points
        return out


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
                _("文件过大（{size} 字节，上限 {limit} 字节）。").format(size=f.size, limit=limit)
            )
        return f


class DeadlineForm(forms.Form):
    """目标申报截止日期 of one year (the region is the finance user's own)."""

    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    due = forms.DateField(
        label=gettext_lazy("申报截止日期"),
        # A date input only takes ISO dates (the zh-hans format would leave it empty).
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label=gettext_lazy("说明"), max_length=200, required=False)
