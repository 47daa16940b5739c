"""The text layout read back by the text reader: ``read_text(render_text(p)) == carried(p)``.

For the seed (the real document and the shipped sample) every field comes back as read
from the published text; for generated plans (documents_plans) every field the layout
carries.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from jixiao.core.documents.carried import carried
from jixiao.core.documents.text import render_text
from jixiao.core.model import Plan
from jixiao.core.readers import read_document
from jixiao.core.readers.text import read_text
from tests.documents_plans import plans

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "julu-2024-zhengfawei.txt"
SEED_PLAN = ROOT / "tests" / "data" / "julu-2024-plan.json"


def _plan(path: Path) -> Plan:
    doc = read_document(path).document
    assert isinstance(doc, Plan)
    return doc


def test_seed_reads_back_every_field(shared_seed: Path) -> None:
    plan = _plan(shared_seed)
    assert carried(plan) == plan  # the layout carries everything the seed has
    result = read_text(render_text(plan), source="rendered.txt")
    assert result.warnings == []
    assert result.document.to_dict() == plan.to_dict()


def test_sample_reads_back_every_field() -> None:
    plan = _plan(SAMPLE)
    result = read_text(render_text(plan), source="rendered.txt")
    assert result.warnings == []
    assert result.document.to_dict() == plan.to_dict()


def test_hand_made_seed_plan_reads_back_what_the_layout_carries() -> None:
    """The JSON transcription of the seed has two things no published text carries: a
    note in an unknown field and a space between two Chinese words."""
    raw = json.loads(SEED_PLAN.read_text(encoding="utf-8"))
    plan = Plan.from_dict(raw)
    got = read_text(render_text(plan), source="rendered.txt").document
    assert got.to_dict() == carried(plan).to_dict()
    want = dict(raw)
    del want["source"]
    sub = want["overall"]["subgoals"][0]
    sub["indicator_text"] = sub["indicator_text"].replace("督导 综治", "督导综治")
    assert got.to_dict() == Plan.from_dict(want).to_dict()


def test_text_is_the_extraction_layout() -> None:
    text = render_text(_plan(SAMPLE))
    lines = text.splitlines()
    assert lines[:5] == [
        "巨鹿县政法委本级2024年部门预算绩效文本",
        " 第一部分",
        "部门整体绩效目标",
        "一、总体绩效目标",
        "总体绩效目标",
    ]
    k = lines.index(" 1.村级综治视联网线路租赁费和设备维护费绩效目标表")
    assert lines[k + 1 : k + 12] == [
        "288001 巨鹿县政法委本级 单位：万元",
        "项目编码 13052924P005840118481 项目名称 村级综治视联网线路租赁费和设备维护费",
        "预算规模及资金用途",
        "预算数 96.00",
        "其中：财政资金 96.00 其他资金",
        "支付租赁费维护费项目尾款",
        "资金支出计划（%）",
        "3月底 6月底 10月底 12月底",
        "25% 50% 75% 100%",
        "绩效目标",
        "1.租用线路291条",
    ]
    assert "产出指标" in lines
    assert "数量指标  租用线路  租用移动公司数据传输线路  291条  工作安排" in lines


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plans())
def test_generated_plans_read_back(plan: Plan) -> None:
    text = render_text(plan)
    result = read_text(text, source="generated.txt")
    assert result.warnings == [], text
    assert result.document.to_dict() == carried(plan).to_dict(), text
