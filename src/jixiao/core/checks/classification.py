"""Classification rules (docs/rules.md T7, T15, T16): is each indicator filed and chosen well?"""

from __future__ import annotations

import re

from jixiao.core.checks.base import MONEY_FACTOR, Context, Facts, Hit, Rule

__all__ = ["RULES", "check_execution_rate", "check_misfiled", "check_vague"]

_SATISFACTION = ("满意度", "满意率", "满意程度")
_TIMELY = re.compile(r"及时|按时|按期|时间|时限")


def check_misfiled(f: Facts, ctx: Context) -> Hit | None:
    """T15: a rate under 数量指标; money outside 成本; satisfaction outside 满意度."""
    if not f.l1:
        return None
    params = {"name": f.label, "target": f.value.text, "level2": f.ind.level2 or ""}
    if f.l2 == "数量" and (f.name_cat == "rate" or (f.name_cat is None and f.desc_cat == "rate")):
        home = "时效指标" if _TIMELY.search(f.name + f.desc) else "质量指标"
        return Hit("rate", params, suggestion=f"归入{home}，或改为数量（个、人、次等）")
    if (
        f.value.kind == "quantity"
        and f.value.unit in MONEY_FACTOR
        and f.l1 == "产出"
        and f.l2 in ("数量", "质量", "时效")
    ):
        return Hit("money", params, suggestion="金额类目标归入成本指标，并以≤设定上限")
    if f.l1 not in ("满意度", "") and (f.name.endswith(_SATISFACTION)):
        return Hit("satisfaction", params, suggestion="归入满意度指标（服务对象满意度指标）")
    return None


# Money (资金, 经费, 预算 …) followed closely by spending words and 率: an input measure.
_EXECUTION = re.compile(
    r"(?:资金|经费|预算|成本|费用|款项|专款|财政)[^率，,。;；]{0,6}?"
    r"(?:使用|支出|执行|到位|拨付|支付)(?:完成|进度)?率"
)


def check_execution_rate(f: Facts, ctx: Context) -> Hit | None:
    """T16: 资金使用率 / 预算执行率 … as an output or benefit (execution is scored apart)."""
    if f.l1 not in ("产出", "效益", "成本", "") or f.l2 == "时效":
        return None
    if f.value.kind == "deadline":
        return None
    for text, cell in ((f.name, f.ind.name), (f.desc, f.ind.description)):
        if text and _EXECUTION.search(text):
            return Hit(
                params={
                    "name": cell or text,
                    "target": f.value.text,
                    "level1": f.ind.level1 or "目标",
                },
                suggestion="删除该指标，改为反映资金使用所产生结果的指标（如服务人数、办结率）",
            )
    return None


def check_vague(f: Facts, ctx: Context) -> Hit | None:
    """T7: indicators that measure nothing specific (工作完成率, 保障正常办公运转 …)."""
    vague = ctx.m.vague
    if f.desc in vague:
        cell = f.ind.description
    elif f.name in vague and (not f.desc or f.desc == f.name or f.desc in vague):
        cell = f.ind.name
    else:
        return None
    return Hit(
        params={"cell": cell or "", "target": f.value.text},
        suggestion="写明具体的工作内容和可衡量的结果（如“××案件办结率 ≥95%”）",
    )


RULES: tuple[Rule, ...] = (
    Rule(
        slug="misfiled",
        title="指标归类不当",
        severity="warning",
        scope="indicator",
        check=check_misfiled,
        messages={
            "rate": "“{name}”是比率（{target}），却填在{level2}下；数量指标应为个数、人数等",
            "money": "“{name}”的指标值“{target}”是金额，却填在{level2}下，应归入成本指标",
            "satisfaction": "满意度指标“{name}”填在{level2}下，应归入满意度指标",
        },
        basis="数量指标反映产出多少，质量指标反映达到的标准（合格率、优良率），成本指标反映成本，满意度单列（财预〔2015〕88号分类）",
    ),
    Rule(
        slug="execution-rate-indicator",
        title="以资金使用率作为绩效指标",
        severity="warning",
        scope="indicator",
        check=check_execution_rate,
        messages={
            "default": "“{name}”（{target}）衡量的是资金投入和执行，不是{level1}；预算执行率在自评中单独计分",
        },
        basis="投入不是绩效目标；预算执行率在自评中单独计分（财预〔2020〕10号；是否禁止以本地规定为准）",
        prose=True,
    ),
    Rule(
        slug="vague-indicator",
        title="指标内容空泛",
        severity="warning",
        scope="indicator",
        check=check_vague,
        messages={"default": "“{cell}”（{target}）没有说明考核的具体内容，无法衡量"},
        basis="绩效指标应指向明确、与项目内容直接相关（财预〔2015〕88号“指向明确”）",
        prose=True,
    ),
)
