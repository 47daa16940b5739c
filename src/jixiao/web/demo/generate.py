"""Realistic generated plans for the demo region and the county-scale benchmark.

Deterministic: the same seed gives the same plans (``random.Random``), so screenshots,
benchmarks and tests see the same data. Projects come from templates of what county
units actually budget (办公设备购置, 业务培训费, 信息化运维 …) with indicators in all
three groups; a few defects are sown on purpose (a cost written as a floor, a vague
target, a missing satisfaction row, a budget split that does not add up) so the
checks have something to find.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from jixiao.core import model as core

__all__ = ["PROJECT_TEMPLATES", "generate_plan"]

P, E, S = "产出指标", "效益指标", "满意度指标"


@dataclass(frozen=True, slots=True)
class _Template:
    name: str
    purpose: str
    budget: tuple[int, int]  # 万元 range, in hundredths
    quantity: tuple[str, str, str, tuple[int, int]]  # name, description, unit, range
    quality: tuple[str, str, str]
    benefit: tuple[str, str, str, str]  # level2, name, description, target
    satisfied: str  # who is served


PROJECT_TEMPLATES: tuple[_Template, ...] = (
    _Template("办公设备购置", "购置计算机、打印机等办公设备", (300, 3000),
              ("购置设备数量", "购置办公设备台数", "台", (5, 40)),
              ("设备验收合格率", "采购设备验收合格占比", "100%"),
              ("可持续影响指标", "设备使用年限", "新购设备正常使用年限", "≥5年"), "使用人员"),
    _Template("业务培训费", "组织业务骨干和财务人员培训", (100, 1200),
              ("培训人次", "参加业务培训人次", "人次", (50, 400)),
              ("培训考核合格率", "参训人员考核合格占比", "≥95%"),
              ("社会效益指标", "业务能力提升", "干部职工业务能力", "明显提升"), "参训人员"),
    _Template("信息化运维", "业务系统和网络设备运行维护", (500, 6000),
              ("运维系统数量", "纳入运维的信息系统个数", "个", (2, 12)),
              ("系统正常运行率", "信息系统全年正常运行时间占比", "≥99%"),
              ("社会效益指标", "安全事件发生次数", "信息安全事件发生次数", "0次"), "系统使用人员"),
    _Template("宣传经费", "印制宣传资料、开展主题宣传活动", (50, 800),
              ("宣传品数量", "印制发放宣传品数量", "册", (200, 5000)),
              ("宣传覆盖率", "宣传活动覆盖乡镇占比", "≥90%"),
              ("社会效益指标", "群众知晓率", "群众对相关政策知晓率", "≥85%"), "群众"),
    _Template("物业管理费", "办公楼保洁、安保和设施维修", (800, 5000),
              ("服务面积", "物业服务面积", "平方米", (2000, 12000)),
              ("设施完好率", "公共设施设备完好占比", "≥95%"),
              ("社会效益指标", "办公环境", "保障办公环境整洁安全", "有效保障"), "干部职工"),
    _Template("档案数字化", "馆藏档案扫描、著录和数据库建设", (300, 4000),
              ("数字化档案数量", "完成数字化处理的档案卷数", "卷", (2000, 30000)),
              ("数据准确率", "著录数据准确率", "≥99%"),
              ("可持续影响指标", "档案利用效率", "档案查阅平均用时", "≤10分钟"), "查档群众"),
    _Template("校舍维修", "教学楼屋面防水和门窗维修", (1000, 9000),
              ("维修面积", "完成维修的校舍面积", "平方米", (500, 6000)),
              ("工程验收合格率", "维修工程验收合格率", "100%"),
              ("社会效益指标", "校舍安全", "消除校舍安全隐患处数", "≥10处"), "师生"),
    _Template("学生资助", "家庭经济困难学生生活补助", (500, 8000),
              ("资助学生人数", "受资助家庭经济困难学生人数", "人", (100, 1500)),
              ("资助对象精准率", "资助对象认定准确率", "100%"),
              ("社会效益指标", "因贫辍学人数", "因家庭经济困难辍学学生人数", "0人"), "受助学生"),
    _Template("医疗设备购置", "购置彩超、心电监护等医疗设备", (2000, 20000),
              ("购置设备数量", "购置医疗设备台数", "台", (2, 20)),
              ("设备验收合格率", "设备安装调试验收合格率", "100%"),
              ("社会效益指标", "诊疗服务能力", "年门诊服务人次", "≥30000人次"), "就诊患者"),
    _Template("公共卫生服务", "基本公共卫生服务项目补助", (1000, 15000),
              ("健康档案建档人数", "居民电子健康档案建档人数", "人", (10000, 80000)),
              ("规范管理率", "高血压患者规范管理率", "≥60%"),
              ("社会效益指标", "居民健康素养水平", "居民健康素养水平", "≥25%"), "城乡居民"),
    _Template("专项运转保障经费", "保障单位日常工作运转", (200, 2000),
              ("保障人数", "保障在职人员人数", "人", (10, 120)),
              ("工作任务完成率", "年度重点工作任务完成率", "≥95%"),
              ("社会效益指标", "履职能力", "单位履职能力", "有效提升"), "服务对象"),
    _Template("安全生产检查", "开展安全生产隐患排查整治", (100, 1500),
              ("检查企业数量", "开展安全检查的企业家数", "家", (30, 400)),
              ("隐患整改率", "发现隐患按期整改占比", "≥95%"),
              ("社会效益指标", "较大事故起数", "较大及以上生产安全事故起数", "0起"), "企业和群众"),
)  # fmt: skip

_MONTH_PLANS = (("25", "50", "75", "100"), ("30", "60", "80", "100"), ("20", "45", "75", "100"))


def _money(rng: random.Random, lo_hi: tuple[int, int]) -> Decimal:
    return Decimal(rng.randint(*lo_hi)).scaleb(-2)


def _project(
    rng: random.Random, t: _Template, code: str, year: int, n_indicators: int, defects: bool
) -> core.Project:
    total = _money(rng, t.budget)
    n = rng.randint(*t.quantity[3])
    deadline = rng.choice(("6月底前", "10月底前", "12月底前"))
    cost_target = f"≤{total}万元"
    indicators = [
        core.Indicator(P, "数量指标", t.quantity[0], t.quantity[1], f"≥{n}{t.quantity[2]}", "工作计划"),
        core.Indicator(P, "质量指标", t.quality[0], t.quality[1], t.quality[2], "行业标准"),
        core.Indicator(P, "时效指标", "完成时间", f"{t.name}资金支出完成时间", f"{year}年{deadline}", "工作计划"),
        core.Indicator(P, "成本指标", "项目成本", f"{t.name}成本控制数", cost_target, "预算批复"),
        core.Indicator(E, t.benefit[0], t.benefit[1], t.benefit[2], t.benefit[3], "历史数据"),
        core.Indicator(E, "经济效益指标", "资金节约率", "项目资金节约占比", f"≥{rng.choice((1, 2, 3))}%", "上年数据"),
        core.Indicator(S, "服务对象满意度指标", f"{t.satisfied}满意度", f"{t.satisfied}对项目实施的满意程度", rng.choice(("≥90%", "≥95%", "≥85%")), "满意度调查"),
        core.Indicator(P, "数量指标", "覆盖范围", "项目覆盖乡镇个数", f"{rng.randint(3, 10)}个", "工作计划"),
        core.Indicator(P, "质量指标", "资料归档率", "项目资料完整归档占比", "100%", "档案管理规定"),
        core.Indicator(E, "社会效益指标", "群众投诉次数", "相关群众投诉次数", "≤2次", "历史数据"),
    ]  # fmt: skip
    indicators = indicators[:n_indicators]
    fiscal, other = total, None
    if defects:
        roll = rng.random()
        if roll < 0.10:  # a cap written as a floor (T12)
            indicators[3].target = f"≥{total}万元"
        elif roll < 0.18:  # not measurable (T8)
            indicators[min(4, len(indicators) - 1)].target = "逐步提高"
        elif roll < 0.24 and len(indicators) > 6:  # satisfaction left out (T17)
            del indicators[6]
        elif roll < 0.29:  # split does not add up (T19)
            fiscal, other = total - Decimal("0.30"), Decimal("0.50")
        elif roll < 0.33:  # placeholder row (T4)
            indicators[-1].name = "1"
            indicators[-1].description = "1"
    months = rng.choice(_MONTH_PLANS)
    return core.Project(
        code=code,
        name=t.name,
        budget=core.Budget(total, fiscal, other),
        purpose=t.purpose,
        spending_plan=[
            core.SpendingPoint(m, Decimal(p)) for m, p in zip((3, 6, 10, 12), months, strict=True)
        ],
        goals=[
            f"完成{t.quantity[0]}{n}{t.quantity[2]}",
            f"{t.quality[0]}达到要求",
            "按时完成资金支出",
        ],
        indicators=indicators,
    )


def generate_plan(
    seed: str,
    *,
    department: str,
    department_code: str,
    region: str,
    year: int,
    projects: int | None = None,
    indicators: int = 7,
    defects: bool = True,
) -> core.Plan:
    """A plausible plan; ``projects=None`` picks 3–6 projects from the templates."""
    rng = random.Random(f"{seed}/{year}")
    count = projects if projects is not None else rng.randint(3, 6)
    templates = [PROJECT_TEMPLATES[i % len(PROJECT_TEMPLATES)] for i in range(count)]
    if count <= len(PROJECT_TEMPLATES):
        templates = rng.sample(PROJECT_TEMPLATES, count)
    prefix = f"130529{year % 100:02d}P{department_code}"
    return core.Plan(
        year=year,
        region=core.Region(name=region),
        department=core.Department(code=department_code, name=department),
        money_unit="万元",
        overall=core.Overall(
            goal=f"{year}年围绕本单位职责，保障各项重点工作按时保质完成，服务对象满意度达到90%以上。"
        ),
        projects=[
            _project(rng, t, f"{prefix}{i + 1:04d}", year, indicators, defects)
            for i, t in enumerate(templates)
        ],
    )
