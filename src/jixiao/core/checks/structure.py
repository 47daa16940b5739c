"""Structure and content rules (docs/rules.md T1–T7, T17): is the table complete and filled in?"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.core.checks.base import Context, Facts, Hit, ProjectFacts, Rule
from jixiao.core.classification import TREE, level2_allowed, owner_of

__all__ = [
    "RULES",
    "check_duplicate",
    "check_empty_target",
    "check_missing_level1",
    "check_missing_output_kind",
    "check_placeholder",
    "check_satisfaction_missing",
    "check_structure",
]


def check_structure(f: Facts, ctx: Context) -> Hit | None:
    """T1: level1 must be a known class and level2 must belong to it."""
    level1, level2 = f.ind.level1 or "", f.ind.level2 or ""
    if not f.l1:
        return Hit("no-level1")
    if f.l1 not in TREE:
        return Hit("unknown-level1", {"level1": level1})
    if not f.l2:
        return Hit("no-level2", {"level1": level1})
    if level2_allowed(f.l1, f.l2):
        return None
    owner = owner_of(f.l2)
    if owner is not None:
        return Hit(
            "wrong-level1",
            {"level1": level1, "level2": level2, "owner": owner + "指标"},
            suggestion=f"将“{level2}”归入{owner}指标",
        )
    return Hit("unknown-level2", {"level1": level1, "level2": level2})


def check_missing_level1(p: ProjectFacts, ctx: Context) -> Iterator[Hit]:
    """T2: every required first-level group has at least one row (one hit per group)."""
    present = {f.l1 for f in p.rows}
    for group in ctx.config.required_level1:
        if group not in present:
            yield Hit(params={"group": group + "指标"}, suggestion=f"补充{group}指标")


_OUTPUT_KINDS = ("数量", "质量", "时效", "成本")


def check_missing_output_kind(p: ProjectFacts, ctx: Context) -> Iterator[Hit]:
    """T3: outputs cover 数量, 质量, 时效 and 成本 (成本 wherever the layout puts it)."""
    outputs = [f for f in p.rows if f.l1 == "产出"]
    if not outputs:
        return  # missing-level1 covers the absent group
    have = {f.l2 for f in outputs}
    if any(f.is_cost for f in p.rows):
        have.add("成本")
    missing = [k for k in _OUTPUT_KINDS if k not in have]
    if missing:
        kinds = "、".join(k + "指标" for k in missing)
        yield Hit(params={"kinds": kinds}, suggestion=f"补充{kinds}")


def _is_satisfaction(f: Facts) -> bool:
    return f.l1 == "满意度" and ("满意" in f.name or "满意" in f.desc or "满意" in f.l2)


def check_satisfaction_missing(p: ProjectFacts, ctx: Context) -> Iterator[Hit]:
    """T17: a 服务对象满意度 indicator exists, unless missing-level1 already says so."""
    if any(_is_satisfaction(f) for f in p.rows):
        return
    if (
        ctx.config.enabled("missing-level1")
        and "满意度" in ctx.config.required_level1
        and not any(f.l1 == "满意度" for f in p.rows)
    ):
        return
    yield Hit(suggestion="增加“服务对象满意度 ≥90%”等满意度指标")


_TEMPLATE = re.compile(
    r"^(?:\d+(?:\.\d+)?|[.…。·\-—_*/\\xX×？?]+|(?:三级)?指标[0-9一二三四五六七八九十]*|"
    r"(?:请|待)(?:填写|输入|补充|定).*|示例.*|xx+|XX+)$"
)


def _placeholder(text: str) -> bool:
    return len(text) == 1 or bool(_TEMPLATE.match(text))


def check_placeholder(f: Facts, ctx: Context) -> Hit | None:
    """T4: a name or description that is a bare number, one character or template text."""
    if not f.name and not f.desc:
        return Hit("blank")
    if f.name and _placeholder(f.name):
        return Hit("name", {"name": f.ind.name})
    if f.desc and _placeholder(f.desc):
        return Hit("description", {"description": f.ind.description})
    if not f.name:
        return Hit("no-name", {"description": f.ind.description})
    return None


def check_empty_target(f: Facts, ctx: Context) -> Hit | None:
    """T5: every row has a target value."""
    if f.value.kind == "empty":
        return Hit(params={"name": f.label, "target": f.ind.target or ""})
    return None


def check_duplicate(p: ProjectFacts, ctx: Context) -> Iterator[Hit]:
    """T6: the same name or description twice in one project (reported on the later row)."""
    names: dict[str, int] = {}
    descs: dict[str, int] = {}
    for f in p.rows:
        first = None
        what = ""
        if f.name and len(f.name) > 1 and f.name in names:
            first, what = names[f.name], "名称"
        elif f.desc and len(f.desc) > 1 and f.desc in descs:
            first, what = descs[f.desc], "指标描述"
        if first is not None:
            yield Hit(
                params={"name": f.label, "what": what, "first": first},
                indicator=f.pos,
                suggestion="删除重复指标，或改为反映不同内容的指标",
            )
        if f.name:
            names.setdefault(f.name, f.pos)
        if f.desc:
            descs.setdefault(f.desc, f.pos)


RULES: tuple[Rule, ...] = (
    Rule(
        slug="structure",
        title="指标层级不规范",
        severity="error",
        scope="indicator",
        check=check_structure,
        messages={
            "no-level1": "缺少一级指标",
            "no-level2": "一级指标“{level1}”下缺少二级指标",
            "unknown-level1": "一级指标“{level1}”不是规定的类别（产出、效益、满意度，或101号口径的成本）",
            "unknown-level2": "二级指标“{level2}”不是一级指标“{level1}”下规定的类别",
            "wrong-level1": "二级指标“{level2}”属于{owner}，不应放在“{level1}”下",
        },
        basis="绩效指标按一级（产出、效益、满意度）、二级、三级设置，二级指标须属于其一级指标（财预〔2015〕88号、财预〔2021〕101号指标体系）",
    ),
    Rule(
        slug="missing-level1",
        title="缺少一级指标",
        severity="error",
        scope="project",
        check=check_missing_level1,
        messages={"default": "缺少{group}"},
        basis="绩效目标应涵盖产出、效益和服务对象满意度（中发〔2018〕34号；必备类别可按地区配置）",
    ),
    Rule(
        slug="missing-output-kind",
        title="产出指标不全",
        severity="warning",
        scope="project",
        check=check_missing_output_kind,
        messages={"default": "产出指标缺少{kinds}"},
        basis="绩效目标应从数量、质量、时效、成本等方面细化量化（财预〔2015〕88号“细化量化”）",
    ),
    Rule(
        slug="placeholder",
        title="指标名称为占位内容",
        severity="error",
        scope="indicator",
        check=check_placeholder,
        messages={
            "blank": "三级指标名称和指标描述均为空",
            "no-name": "三级指标名称为空（指标描述为“{description}”）",
            "name": "三级指标名称“{name}”是占位内容，未说明考核什么",
            "description": "指标描述“{description}”是占位内容，未说明考核什么",
        },
        basis="三级指标应写明具体考核内容，不得以数字、单字或模板文字代替（指标“指向明确”，财预〔2015〕88号）",
    ),
    Rule(
        slug="empty-target",
        title="指标值为空",
        severity="error",
        scope="indicator",
        check=check_empty_target,
        messages={"default": "“{name}”没有填写指标值"},
        basis="每个三级指标须有指标值，作为批复和自评的依据（财预〔2015〕88号）",
    ),
    Rule(
        slug="duplicate-indicator",
        title="指标重复",
        severity="warning",
        scope="project",
        check=check_duplicate,
        messages={"default": "“{name}”与第{first}项指标的{what}相同，同一指标重复设置"},
        basis="同一项目内各指标应反映不同内容，不得重复设置（如产出指标重复列为效益指标）",
    ),
    Rule(
        slug="satisfaction-missing",
        title="缺少满意度指标",
        severity="warning",
        scope="project",
        check=check_satisfaction_missing,
        messages={"default": "没有服务对象满意度指标"},
        basis="绩效目标应包括服务对象满意度（中发〔2018〕34号；是否必设及下限以本地规定为准）",
    ),
)
