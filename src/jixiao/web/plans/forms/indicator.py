"""One row of the indicator table, as typed (the target exactly as published)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jixiao.core.classification import EDITOR_PAIRS, canon_label
from jixiao.web.plans.forms.base import VersionForm

__all__ = ["IndicatorForm"]

# level1 → level2 the editor offers, in canonical form for comparing what was typed.
_ALLOWED = {canon_label(k): {canon_label(v) for v in vs} for k, vs in EDITOR_PAIRS.items()}


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
        self, *args: Any, current: tuple[str | None, str | None] = (None, None), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.current = current

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        level1, level2 = data.get("level1") or "", data.get("level2") or ""
        if (level1 or None, level2 or None) == (self.current[0] or None, self.current[1] or None):
            return data  # an imported pair is kept as published; the checker reports it
        if level1 and canon_label(level1) not in _ALLOWED:
            self.add_error("level1", _("请从列表中选择一级指标。"))
        elif level2 and canon_label(level2) not in _ALLOWED.get(canon_label(level1), set()):
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
