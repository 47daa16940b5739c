"""Form fields for money and percentages typed as people do ("96", "1,234.50", "25%")."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from jixiao.core.money import MoneyError, parse_amount

__all__ = ["MAX_INTEGER_DIGITS", "MAX_PLACES", "UNIT_SUFFIX", "AmountField", "PercentField"]

#: The Decimal columns hold 18 digits, 6 of them after the point (models.Project).
MAX_PLACES = 6
MAX_INTEGER_DIGITS = 12

UNIT_SUFFIX = re.compile(r"(万元|万|元)\s*$")


def _check_digits(value: Decimal) -> None:
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if -exponent > MAX_PLACES:
        raise forms.ValidationError(
            _("小数位数过多（最多 {n} 位）。").format(n=MAX_PLACES), code="places"
        )
    if len(digits) + exponent > MAX_INTEGER_DIGITS:
        raise forms.ValidationError(_("数值过大。"), code="max")


class AmountField(forms.CharField):
    """An amount in the plan's money unit, typed as people do ("96", "1,234.50", "96万元").

    The text goes through ``core.money.parse_amount`` (the one money constructor);
    a unit other than the plan's is refused rather than silently mis-scaled.
    """

    def __init__(self, *, money_unit: str = "万元", **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.money_unit = money_unit
        self.widget.attrs.update({"inputmode": "decimal", "class": "amount", "autocomplete": "off"})

    def clean(self, value: Any) -> Decimal | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        unit = UNIT_SUFFIX.search(text)
        if unit:
            written = "万元" if unit.group(1) in ("万元", "万") else "元"
            if written != (self.money_unit or "万元"):
                raise forms.ValidationError(
                    _("本计划金额单位为{unit}，请按{unit}填写（不要写“{written}”）。").format(
                        unit=self.money_unit, written=unit.group(1)
                    ),
                    code="unit",
                )
        try:
            amount = parse_amount(text)
        except MoneyError:
            raise forms.ValidationError(
                _("“{text}”不是金额，请填写数字，如 96.00。").format(text=text), code="invalid"
            ) from None
        if amount is None:
            return None
        if amount < 0:
            raise forms.ValidationError(_("金额不能为负数。"), code="negative")
        _check_digits(amount)
        return amount


class PercentField(forms.CharField):
    """A cumulative percentage ("25", "25%", "37.5"); the checker judges the sequence."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "decimal", "class": "percent", "autocomplete": "off"}
        )

    def clean(self, value: Any) -> Decimal | None:
        text = (super().clean(value) or "").strip().rstrip("%％").strip()
        if not text:
            return None
        try:
            number = parse_amount(text)
        except MoneyError:
            number = None
        if number is None or UNIT_SUFFIX.search(text):
            raise forms.ValidationError(
                _("请填写百分比数字，如 25 或 100。"), code="invalid"
            ) from None
        if number < 0:
            raise forms.ValidationError(_("比例不能为负数。"), code="negative")
        _check_digits(number)
        return number
