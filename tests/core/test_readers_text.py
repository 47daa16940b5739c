"""The text reader on the real seed, on our own documents and on generated ones.

The seed (../shared) is checked field by field against what a careful person reads in
it; its long prose is checked by length, ends and a sha256 prefix (not copied here).
Our documents in tests/data are rendered in the same layout at other column widths,
with merged level2 cells, 101号-style 成本指标 as level1, 其他资金 and long names; the
property test renders hypothesis-generated plans at random widths and reads them back.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.model import Plan
from jixiao.core.readers import read_document
from jixiao.core.readers.text import read_text

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "julu-2024-zhengfawei.txt"

LEVEL1 = {"产出": "产出指标", "效益": "效益指标", "满意": "满意度指标"}

# (code, name, (total, fiscal, other), purpose, plan %, goals, rows) — as published.
SEED_PROJECTS = [
    (
        "13052924P005840118481",
        "村级综治视联网线路租赁费和设备维护费",
        ("96.00", "96.00", None),
        "支付租赁费维护费项目尾款",
        (25, 50, 75, 100),
        ["租用线路291条", "保障按时维护", "保障维护质量"],
        [
            ("产出", "数量", "租用线路", "租用移动公司数据传输线路", "291条", "工作安排"),
            ("产出", "质量", "维护质量", "设备维护质量优良占比", "≥95%", "工作安排"),
            ("产出", "时效", "支出时间", "资金支出完成时间", "2024年12月底前", "工作安排"),
            ("产出", "成本", "项目成本", "租赁费维护所需成本", "≥96万元", "工作安排"),
            ("效益", "经济效益", "成使用率", "租赁费维护费成本使用率", "≥95%", "工作安排"),
            ("效益", "社会效益", "维护质量", "保障维护质量", "≥95%", "工作安排"),
            ("满意", "服务对象满意度", "满意度", "服务对象满意度", "≥90%", "工作安排"),
        ],
    ),
    (
        "13052924P00584011834N",
        "扫黑除恶专项经费",
        ("4.00", "4.00", None),
        "用于扫黑除恶日常公用",
        (25, 50, 75, 100),
        ["大力开展扫黑除恶工作", "高质量完成工作", "提升群众满意度"],
        [
            (
                "产出",
                "数量",
                "扫黑除恶宣传单页",
                "印制扫黑除恶宣传单页",
                "≥100页",
                "满足正常工作安排",
            ),
            ("产出", "质量", "优良率", "宣传品制作完成优良占比", "≥95%", "满足正常工作安排"),
            (
                "产出",
                "时效",
                "完成时间",
                "扫黑除恶专项经费支出完成时间",
                "2024年12月底",
                "满足正常工作安排",
            ),
            ("产出", "成本", "工作成本", "用以扫黑除恶工作成本", "4万元", "满足正常工作安排"),
            (
                "效益",
                "经济效益",
                "资金使用率",
                "扫黑除恶专项资金使用率",
                "≥95%",
                "满足正常工作安排",
            ),
            ("效益", "社会效益", "完成率", "工作完成率", "≥95%", "满足正常工作安排"),
            (
                "满意",
                "服务对象满意度",
                "受益群众满意度",
                "工作使受益群众满意度",
                "≥95%",
                "满足正常工作安排",
            ),
        ],
    ),
    (
        "13052924P00584011837H",
        "维稳专项经费",
        ("4.00", "4.00", None),
        "用于维稳日常公用",
        (25, 50, 75, 100),
        ["维护社会稳定", "按时完成工作", "保障工作质量"],
        [
            ("产出", "时效", "及时率", "维稳资金支付完成率", "2024年12月底前支出", "工作安排"),
            ("产出", "质量", "完成工作质量", "优秀完成工作占所需完成工作比例", "≥90%", "工作安排"),
            ("产出", "成本", "总成本", "用于维稳工作成本", "≤4万元", "工作安排"),
            ("产出", "数量", "印制数量", "印制宣传品数量", "≥100页", "工作安排"),
            ("效益", "经济效益", "提高效率", "提高资金使用率", "逐步提高", "工作安排"),
            ("效益", "社会效益", "完成率", "工作完成率", "≥90%", "工作安排"),
            ("满意", "服务对象满意度", "1", "1", "≥90%", "工作安排"),
        ],
    ),
    (
        "13052924P005840118333",
        "县法学会工作经费",
        ("1.00", "1.00", None),
        "用于法学会日常公用",
        (25, 50, 70, 100),
        ["加强法治宣传", "完成工作任务", "按时支付款项"],
        [
            ("产出", "数量", "宣传数量", "发放宣传品数量", "≥50册", "满足正常工作运转"),
            ("产出", "质量", "优良率", "优秀工作完成占比", "≥90%", "满足正常工作运转"),
            (
                "产出",
                "时效",
                "完成时间",
                "法学会工作经费支出时间",
                "2024年12月底完成支出",
                "满足正常工作运转",
            ),
            ("产出", "成本", "工作成本", "用于法学会工作金额", "1万元", "满足正常工作运转"),
            ("效益", "经济效益", "资金使用率", "法学会资金使用率", "≥95%", "满足正常工作运转"),
            ("效益", "社会效益", "完成率", "工作完成率", "≥95%", "满足正常工作运转"),
            ("满意", "服务对象满意度", "满意度", "服务对象满意度", "≥95%", "满足正常工作运转"),
        ],
    ),
    (
        "13052924P00584011841P",
        "政法网线路租用、设备维护费",
        ("6.00", "6.00", None),
        "用于政法网线路租用，设备维护",
        (25, 50, 75, 100),
        ["保障政法网正常使用", "保障网络运行天数", "按时完成工作"],
        [
            ("产出", "数量", "优良率", "优秀完成工作占比", "≥90%", "满足工作正常运转"),
            ("产出", "质量", "网络使用天数", "政法网络正常使用天数", "≥360天", "满足工作正常运转"),
            (
                "产出",
                "成本",
                "用于设备维护成本",
                "用于政法网线路租用设备维护金额",
                "6万元",
                "满足工作正常运转",
            ),
            (
                "产出",
                "时效",
                "完成率",
                "政法网线路租赁费、设备维护费支出完成时间",
                "2024年12月底前完成支出",
                "满足工作正常运转",
            ),
            ("效益", "社会效益", "完成率", "工作完成率", "≥90%", "满足工作正常运转"),
            (
                "效益",
                "经济效益",
                "经济效益增加值",
                "通过政法网开展对经济效益提升值",
                "逐年增长",
                "满足工作正常运转",
            ),
            (
                "满意",
                "服务对象满意度",
                "服务对象满意度",
                "对所提供服务的满意程度",
                "≥95%",
                "满足工作正常运转",
            ),
        ],
    ),
    (
        "13052924P00584011827M",
        "专项运转保障经费",
        ("5.24", "5.24", None),
        "用于单位工作运转",
        (25, 50, 75, 100),
        ["保障单位正常运转", "维护机关办公正常运行", "加强队伍建设"],
        [
            ("产出", "数量", "宣传品数量", "印制宣传品数量", "≥200册", "满足正常工作运转"),
            ("产出", "质量", "宣传目标完成率", "宣传目标完成率", "≥95%", "满足正常工作运转"),
            ("产出", "时效", "完成率", "按规定时间完成工作占比率", "≥90%", "满足正常工作运转"),
            (
                "产出",
                "成本",
                "用于运转成本",
                "用于保障办公运转金额",
                "≥5.24万元",
                "满足正常工作运转",
            ),
            ("效益", "社会效益", "保障正常办公", "保障正常办公运转", "≥90%", "满足正常工作运转"),
            (
                "效益",
                "经济效益",
                "资金使用率",
                "专项运转保障经费资金使用率",
                "≥95%",
                "满足正常工作运转",
            ),
            ("满意", "服务对象满意度", "满意度", "满意度", "≥90%", "满足正常工作运转"),
        ],
    ),
    (
        "13052924P00584011835A",
        "综治、防范等专项经费",
        ("30.00", "30.00", None),
        "用于综治、防范工作运转",
        (25, 50, 75, 100),
        ["加强社会平安建设", "完成当年工作量", "加强群众安全感"],
        [
            ("产出", "质量", "优良率", "综治工作优秀占比", "≥90%", "工作安排"),
            ("产出", "时效", "完成率", "综治防范资金支出完成时间", "2024年12月底", "工作安排"),
            ("产出", "成本", "工作成本", "用于综治防范工作成本", "30万元", "工作安排"),
            ("产出", "数量", "印发宣传品", "印发宣传数量", "≥200页", "工作安排"),
            ("效益", "经济效益", "资金使用率", "综治防范资金使用率", "≥98%", "工作安排"),
            ("效益", "社会效益", "保障正常办公", "保障正常办公运转", "≥90%", "工作安排"),
            ("满意", "服务对象满意度", "满意程度", "服务对象满意程度", "≥90%", "工作安排"),
        ],
    ),
    (
        "13052924P00584011844J",
        "综治网格员手机账号及9+X信息系统账号使用费",
        ("2.00", "2.00", None),
        "用于支付账号使用费",
        (25, 50, 75, 100),
        ["及时支付账号使用费", "保障支付时间", "保障工作完成情况"],
        [
            ("产出", "数量", "支付账号", "支付手机账号个数", "≥20%", "工作安排"),
            ("产出", "质量", "正常使用率", "账号正常使用率", "≥90%", "工作安排"),
            ("产出", "时效", "资金支出时间", "使用费支出时间", "2024年12月底前", "工作安排"),
            (
                "产出",
                "成本",
                "支付总成本",
                "用于综治网格员账号及9＋X信息系统金额",
                "≥2万元",
                "工作安排",
            ),
            ("效益", "经济效益", "提高使用率", "提高资金使用率", "逐步提高", "工作安排"),
            ("效益", "社会效益", "完成率", "工作完成率", "≥90%", "工作安排"),
            (
                "满意",
                "服务对象满意度",
                "受益群众满意度调查",
                "受益群众满意度调查",
                "≥90",
                "工作安排",
            ),
        ],
    ),
]


def _fingerprint(text: str | None) -> tuple[int, str, str, str]:
    assert text is not None
    return (len(text), text[:6], text[-4:], hashlib.sha256(text.encode()).hexdigest()[:16])


@pytest.fixture(scope="module")
def seed_plan() -> Plan:
    from tests.conftest import SEED

    if not SEED.exists():
        pytest.skip("../shared/seed 不存在（仅开发机与 CI 提供）")
    doc = read_document(SEED).document
    assert isinstance(doc, Plan)
    return doc


def test_seed_header_fields(seed_plan: Plan) -> None:
    assert seed_plan.year == 2024
    assert seed_plan.region.name == "巨鹿县"
    assert (seed_plan.department.code, seed_plan.department.name) == ("288001", "巨鹿县政法委本级")
    assert seed_plan.money_unit == "万元"
    assert len(seed_plan.projects) == 8
    assert sum(p.budget.total or 0 for p in seed_plan.projects) == Decimal("148.24")


def test_seed_overall_prose(seed_plan: Plan) -> None:
    ov = seed_plan.overall
    assert ov is not None
    assert ov.indicators == []
    assert _fingerprint(ov.goal) == (288, "坚持以习近平", "99%.", "c1996f1df858386d")
    assert "2024年使群众社会安全感逐步增加" in (ov.goal or "")
    assert "满意度达到90%以上" in (ov.goal or "")
    subgoals = [
        (
            "加快巨鹿县综治工作建设，维护社会稳定，有效防控风险",
            (55, "继续对各区群", "进工作。", "d1d9f323e12f5a4e"),
            (65, "综合运用综治", "0%以上", "3deb100c7ccb8d3b"),
        ),
        (
            "提升政法工作科技含量，推进智慧政法建设",
            (35, "深入开展政法", "化建设。", "dbb25e484f6a85fe"),
            (31, "确保2024", "99%.", "0e39ebcea456ee11"),
        ),
        (
            "进一步弘扬社会正气弘扬见义勇为英雄表彰事迹，凝聚起建设平安巨鹿的强大正能量",
            (91, "弘扬社会正气", "扬光大。", "1f1a1b36f8ffb145"),
            (45, "对授予见义勇", "00%。", "1942abc36e9c5a69"),
        ),
    ]
    assert [
        (s.title, _fingerprint(s.goal), _fingerprint(s.indicator_text)) for s in ov.subgoals
    ] == subgoals
    assert all(s.indicators == [] for s in ov.subgoals)
    measures = [
        (
            "维护社会大局促进社会公平，保障人民安居乐业",
            (131, "政法委工作的", "、手段。", "58ca974d9d490748"),
        ),
        ("完善工作机制明确政法委工作职能", (136, "各科室各负其", "切配合。", "ef712a9a1fa35f80")),
        ("严格执行预算，强化预算约束", (84, "严格财政管理", "入为出。", "d9428cd5dd1b15a2")),
        ("完善评价机制", (57, "优化考评机制", "以调整。", "275121c660849025")),
        ("加强业务培训，强化内部监督", (145, "加大对财务人", "核目标。", "5fe613ef36912321")),
    ]
    assert [(m.title, _fingerprint(m.text)) for m in ov.measures] == measures


def _project_rows(plan: Plan) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for p in plan.projects:
        b = p.budget
        out.append(
            (
                p.code,
                p.name,
                tuple(None if v is None else str(v) for v in (b.total, b.fiscal, b.other)),
                p.purpose,
                tuple(int(s.percent or 0) for s in p.spending_plan),
                p.goals,
                [
                    (i.level1, i.level2, i.name, i.description, i.target, i.basis)
                    for i in p.indicators
                ],
            )
        )
    return out


def _expected_seed_rows() -> list[tuple[object, ...]]:
    return [
        (
            code,
            name,
            budget,
            purpose,
            plan,
            goals,
            [(LEVEL1[l1], f"{l2}指标", *rest) for l1, l2, *rest in rows],
        )
        for code, name, budget, purpose, plan, goals, rows in SEED_PROJECTS
    ]


def test_seed_projects_field_by_field(seed_plan: Plan) -> None:
    got = _project_rows(seed_plan)
    want = _expected_seed_rows()
    for g, w in zip(got, want, strict=True):
        assert g[:6] == w[:6]
        assert g[6] == w[6], w[1]
    for p in seed_plan.projects:
        assert [s.month for s in p.spending_plan] == [3, 6, 10, 12]
        assert all(i.points is None for i in p.indicators)


def test_sample_has_the_seed_tables() -> None:
    """The shipped sample: the seed's tables with the long prose shortened."""
    plan = read_document(SAMPLE).document
    assert isinstance(plan, Plan)
    assert len(plan.projects) == 8
    assert sum(p.budget.total or 0 for p in plan.projects) == Decimal("148.24")
    assert _project_rows(plan) == _expected_seed_rows()
    assert plan.overall is not None
    assert len(plan.overall.subgoals) == 3
    assert len(plan.overall.measures) == 5


@pytest.mark.parametrize("name", ["renxian-jiaoyu-2025", "xiangdu-minzheng-2024"])
def test_our_documents_read_field_by_field(name: str) -> None:
    want = json.loads((DATA / f"{name}.plan.json").read_text(encoding="utf-8"))
    got = read_document(DATA / f"{name}.txt").document.to_dict()
    for key in want:
        if key == "projects":
            for gp, wp in zip(got[key], want[key], strict=True):
                for field in wp:
                    assert gp[field] == wp[field], (wp["name"], field)
        else:
            assert got[key] == want[key], key


QUIRKS = """\
 1.社区养老测试经费绩效目标表
402001 襄都区民政局本级 单位：元
项目编码 13050324P000000000011 项目名称 社区养老测试经费
预算规模及资金用途
预算数 12000.00
其中：财政资金 10000.00
其他资金
2000.00
用于社区养老服务
资金支出计划（%）
6月底 12月底
40 100
绩效目标 1.完成测试 2.保障质量
一级指标 二级指标 三级指标 绩效指
标描述 指标值 指标值确定依据
产出指标
数量指标 服务次数 完成上门服务次数 ≥ 3 次 计划
质量指
标
合格率 服务合格率 ＞92% 计划
满意度指
标
服务对象满意度指标 满意度 受益老人满意度 ≥ 95 % 计划
402001 襄都区民政局本级 单位：元
项目编码 13050324P000000000012 项目名称 第二个项目
预算数 500.00
其中：财政资金 500.00 其他资金
资金支出计划（%）
12月底
100%
绩效目标
1.完成
一级指标 二级指标 三级指标 绩效指标描述 指标值 指标值确定依据
产出指标
数量指标 完成数 完成数量 ≥1个 计划
"""


def test_quirks_wrapped_header_labels_amounts_and_a_project_without_heading(
    tmp_path: Path,
) -> None:
    """A header wrapped mid-word, 其他资金 on its own line, plan values without %, goals
    on the label's line, spaces inside values, a project that has no "N.…" heading, and
    a file in GB18030."""
    path = tmp_path / "xiangdu-2023.txt"
    path.write_bytes(QUIRKS.encode("gb18030"))
    plan = read_document(path).document
    assert isinstance(plan, Plan)
    assert plan.year == 2023  # no year in the text: taken from the file name
    assert plan.money_unit == "元"
    assert plan.region.name == "襄都区"
    first, second = plan.projects
    assert (first.code, first.name) == ("13050324P000000000011", "社区养老测试经费")
    assert first.budget.to_dict() == {"total": "12000.00", "fiscal": "10000.00", "other": "2000.00"}
    assert first.purpose == "用于社区养老服务"
    assert [(s.month, str(s.percent)) for s in first.spending_plan] == [(6, "40"), (12, "100")]
    assert first.goals == ["完成测试", "保障质量"]
    assert [
        (i.level1, i.level2, i.name, i.description, i.target, i.basis) for i in first.indicators
    ] == [
        ("产出指标", "数量指标", "服务次数", "完成上门服务次数", "≥3次", "计划"),
        ("产出指标", "质量指标", "合格率", "服务合格率", "＞92%", "计划"),
        ("满意度指标", "服务对象满意度指标", "满意度", "受益老人满意度", "≥95%", "计划"),
    ]
    assert (second.code, second.name, second.purpose) == (
        "13050324P000000000012",
        "第二个项目",
        None,
    )
    assert second.budget.to_dict() == {"total": "500.00", "fiscal": "500.00", "other": None}
    assert second.goals == ["完成"]
    assert [i.target for i in second.indicators] == ["≥1个"]


def test_part_two_heading_is_not_measure_text() -> None:
    sample = SAMPLE.read_text(encoding="utf-8")
    head = sample.index(" 1.村级综治视联网")
    text = sample[:head] + " 第二部分\n预算项目绩效目标\n" + sample[head:]
    plan = read_text(text).document
    base = read_text(sample).document
    assert isinstance(plan, Plan)
    assert plan.to_dict() == base.to_dict()
