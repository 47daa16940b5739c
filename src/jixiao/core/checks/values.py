"""Value-form rules (docs/rules.md T8–T14): can the target be measured, and does it read right?"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.core.checks.base import PCT_UNITS, Context, Facts, Hit, Rule, fmt_target, implied_unit

__all__ = [
    "RULES",
    "check_direction",
    "check_malformed_value",
    "check_missing_unit",
    "check_name_value",
    "check_not_measurable",
    "check_over_100",
    "check_unit_mismatch",
]

_HUNDRED = Decimal(100)
_YEARLIKE = re.compile(r"^(19|20)\d\d$")
_DIGIT = re.compile(r"\d")
# Units a rate may carry; anything else on a rate is a count or an amount.
_RATE_UNITS = frozenset({"%", "‰", "个百分点", "百分点", "分", "倍"})
_GROWTH = re.compile(r"增长|增幅|增速|增加|提高|提升|同比|环比|比上年|较上年|倍")


def check_malformed_value(f: Facts, ctx: Context) -> Hit | None:
    """T25: a target that starts like a quantity or a date and is broken (≥, ≥abc%,
    ≥95%%, 2024年13月底前, -5万元): the value grammar says why."""
    v = f.value
    if v.kind != "malformed":
        return None
    return Hit(
        params={"name": f.label, "target": v.text, "reason": v.reason or ""},
        suggestion="写成“计算符号 + 数值 + 计量单位”（如“≥95%”“≤30万元”）或有效日期，定性目标不加符号",
    )


def check_not_measurable(f: Facts, ctx: Context) -> Hit | None:
    """T8: a value with no number and no graded tier (逐步提高, 持续改善 …)."""
    if f.value.kind != "qualitative":
        return None
    if f.is_cost and not f.prose:
        return None  # cost-direction reports a cost with no cap
    text = re.sub(r"[\s,，。.;；、]", "", f.value.text)
    if _DIGIT.search(text):
        return None  # a number in words the grammar does not model: 每月10日前, 每月1次
    m = ctx.m
    if m.trend.search(text):
        return Hit(
            "trend",
            {"name": f.label, "target": f.value.text},
            suggestion="改为可衡量的数值（如“≥95%”“≥200册”），或对照基期写明提高幅度",
        )
    if text in m.tiers_short or any(t in text for t in m.tiers_long):
        return None
    return Hit(
        "qualitative",
        {"name": f.label, "target": f.value.text},
        severity="info",
        suggestion="尽量量化；确需定性的，采用分级分档表述（达成/部分达成/未达成，或高/中/低）",
    )


def check_missing_unit(f: Facts, ctx: Context) -> Hit | None:
    """T9: a number without unit that the name cannot supply (满意度调查 ≥90)."""
    v = f.value
    if v.kind != "quantity" or v.unit is not None or v.number is None or v.number == 0:
        return None
    if implied_unit(f.name) or (not f.name_cat and implied_unit(f.desc)):
        return None
    if "unitless" in (f.name_cat, f.desc_cat):
        return None
    if f.l2 == "时效" and _YEARLIKE.match(str(v.number)):
        return None
    hint = "%" if f.cat == "satisfaction" else None
    return Hit(
        params={"name": f.label, "target": v.text},
        suggestion=f"写明单位，如“{fmt_target(v)}{hint}”" if hint else "写明计量单位",
    )


def check_unit_mismatch(f: Facts, ctx: Context) -> Hit | None:
    """T10: a count with %, a rate with a count unit, money with %."""
    v = f.value
    if v.kind != "quantity" or v.unit is None:
        return None
    cat = f.cat
    # Quote the cell the measure was read from (the description when the name is silent).
    cell = f.ind.name if f.name_cat else (f.ind.description or f.label)
    params = {"name": cell or f.label, "target": v.text}
    if cat == "count" and v.unit in PCT_UNITS:
        unit = implied_unit(f.name) or implied_unit(f.desc)
        fix = f"改为计数单位“{unit}”并写明数量" if unit else "改为计数单位并写明数量"
        return Hit("count-pct", params, suggestion=fix)
    if cat == "money" and v.unit in PCT_UNITS:
        return Hit("money-pct", params, suggestion="改为金额单位（元或万元）")
    if cat == "rate" and v.unit not in _RATE_UNITS:
        return Hit("rate-count", params, suggestion="比率类指标应以%表示")
    return None


def _is_lower_better(f: Facts, ctx: Context) -> bool:
    m = ctx.m
    for text in (f.name, f.desc):
        if text and m.lower.search(text) and not m.lower_exceptions.search(text):
            return True
    return False


def check_direction(f: Facts, ctx: Context) -> Hit | None:
    """T11: lower-is-better written ≥/>, higher-is-better rates written ≤/<."""
    v = f.value
    if v.kind != "quantity" or v.op is None or f.is_cost:
        return None
    params = {"name": f.label, "target": v.text}
    if _is_lower_better(f, ctx):
        if v.op in ("≥", ">"):
            return Hit("lower", params, suggestion=f"改为 {fmt_target(v, '≤')}")
        return None
    if v.op in ("≤", "<") and (
        f.name.endswith(ctx.m.higher_suffixes) or f.desc.endswith(ctx.m.higher_suffixes)
    ):
        return Hit("higher", params, suggestion=f"改为 {fmt_target(v, '≥')}")
    return None


def check_over_100(f: Facts, ctx: Context) -> Hit | None:
    """T13: a rate above 100%, or ≥100% where =100% is meant."""
    v = f.value
    if v.kind != "quantity" or v.unit != "%" or v.number is None or v.op in ("≤", "<"):
        return None
    if f.cat not in ("rate", "satisfaction", None) or _GROWTH.search(f.name + f.desc):
        return None
    params = {"name": f.label, "target": v.text}
    if v.number > _HUNDRED:
        return Hit("above", params, suggestion="比率不超过100%，请核实")
    if v.number == _HUNDRED and v.op in ("≥", ">"):
        return Hit("at-least-100", params, suggestion="改为 =100%（或 100%）")
    return None


def check_name_value(f: Facts, ctx: Context) -> Hit | None:
    """T14: a 时效指标 named as a rate with a date value, or named as a time with a %."""
    if f.l2 != "时效":
        return None
    v = f.value
    params = {"name": f.label, "target": v.text}
    if v.kind == "deadline" and (
        f.name_cat == "rate" or (f.name_cat is None and f.desc_cat == "rate")
    ):
        return Hit(
            "rate-date", params, suggestion="指标名称改为“××完成时间”，或指标值改为比率（如“≥95%”）"
        )
    if (
        v.kind == "quantity"
        and v.unit in PCT_UNITS
        and (f.name_cat == "time" or (f.name_cat is None and f.desc_cat == "time"))
    ):
        return Hit(
            "time-pct",
            params,
            suggestion="指标值改为完成时限（如“2024年12月底前”），或名称改为“××及时率”",
        )
    return None


RULES: tuple[Rule, ...] = (
    Rule(
        slug="malformed-value",
        title="指标值格式错误",
        severity="error",
        scope="indicator",
        check=check_malformed_value,
        messages={"default": "“{name}”的指标值“{target}”格式错误：{reason}"},
        basis="指标值由计算符号、数值和计量单位组成（预算管理一体化绩效指标“计量单位”），"
        "或是有效的完成时限；只有符号或单位、数值处为字母、单位重复、不存在的日期、负的金额都无法衡量",
    ),
    Rule(
        slug="not-measurable",
        title="指标值不可衡量",
        severity="warning",
        scope="indicator",
        check=check_not_measurable,
        messages={
            "trend": "“{name}”的指标值“{target}”只表述趋势，没有数值，无法衡量是否完成",
            "qualitative": "“{name}”的指标值“{target}”为定性表述，既无数值也非分级分档",
        },
        basis="绩效指标应细化量化，难以量化的采用定性的分级分档形式（财预〔2015〕88号）",
        prose=True,
    ),
    Rule(
        slug="missing-unit",
        title="缺少计量单位",
        severity="warning",
        scope="indicator",
        check=check_missing_unit,
        messages={"default": "“{name}”的指标值“{target}”没有计量单位，名称也不能说明单位"},
        basis="指标值由计算符号、数值和计量单位组成（预算管理一体化绩效指标“计量单位”）",
        prose=True,
    ),
    Rule(
        slug="unit-mismatch",
        title="计量单位与指标不符",
        severity="error",
        scope="indicator",
        check=check_unit_mismatch,
        messages={
            "count-pct": "“{name}”是数量（个数），指标值“{target}”却用了百分比",
            "money-pct": "“{name}”是金额，指标值“{target}”却用了百分比",
            "rate-count": "“{name}”是比率，指标值“{target}”却用了计数或金额单位",
        },
        basis="指标值的计量单位须与指标含义一致：数量用个、人、次等，比率用%，金额用元或万元",
        prose=True,
    ),
    Rule(
        slug="direction",
        title="指标方向写反",
        severity="error",
        scope="indicator",
        check=check_direction,
        messages={
            "lower": "“{name}”越低越好（反向指标），指标值“{target}”却写成下限",
            "higher": "“{name}”越高越好（正向指标），指标值“{target}”却写成上限",
        },
        basis="正向指标以≥（下限）设定，反向指标（差错、投诉、事故、发生率等）以≤（上限）设定",
        prose=True,
    ),
    Rule(
        slug="over-100",
        title="比率超过100%",
        severity="warning",
        scope="indicator",
        check=check_over_100,
        messages={
            "above": "“{name}”的指标值“{target}”超过100%",
            "at-least-100": "“{name}”的指标值“{target}”：比率不可能高于100%，应写为=100%",
        },
        basis="比率类指标取值在0–100%之间；目标为全部完成的写作=100%",
        prose=True,
    ),
    Rule(
        slug="name-value-mismatch",
        title="指标名称与指标值不符",
        severity="warning",
        scope="indicator",
        check=check_name_value,
        messages={
            "rate-date": "时效指标“{name}”名为比率，指标值“{target}”却是日期",
            "time-pct": "时效指标“{name}”名为时间，指标值“{target}”却是百分比",
        },
        basis="时效指标写完成时限（日期）或及时率（%），名称与指标值应一致",
    ),
)
