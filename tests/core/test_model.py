"""Round-trip of the v1 formats: write(read(x)) == x for every field of docs/formats.md."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.model import ModelError, Plan, SelfEvaluation
from jixiao.core.readers.structured import dump_json, dump_yaml, read_structured

PLAN = {
    "format": "jixiao.plan/1",
    "year": 2024,
    "region": {"code": None, "name": "巨鹿县"},
    "department": {"code": "288001", "name": "巨鹿县政法委本级"},
    "money_unit": "万元",
    "overall": {
        "goal": "网络通畅达到99%.",
        "indicators": [],
        "subgoals": [
            {
                "title": "加快巨鹿县综治工作建设",
                "goal": "继续对各区群众安全感开展重点督导。",
                "indicator_text": "群众对治安状况满意度达到90%以上",
                "indicators": [
                    {
                        "level1": "满意度指标",
                        "level2": "服务对象满意度指标",
                        "name": "群众对治安状况满意度",
                        "description": None,
                        "target": "≥90%",
                        "basis": None,
                        "points": None,
                    }
                ],
            }
        ],
        "measures": [{"title": "完善评价机制", "text": "优化考评机制。"}],
    },
    "projects": [
        {
            "code": "13052924P005840118481",
            "name": "村级综治视联网线路租赁费和设备维护费",
            "budget": {"total": "96.00", "fiscal": "96.00", "other": None},
            "purpose": "支付租赁费维护费项目尾款",
            "spending_plan": [
                {"month": 3, "percent": "25"},
                {"month": 6, "percent": "50"},
                {"month": 10, "percent": "75"},
                {"month": 12, "percent": "100"},
            ],
            "goals": ["租用线路291条", "保障按时维护", "保障维护质量"],
            "indicators": [
                {
                    "level1": "产出指标",
                    "level2": "数量指标",
                    "name": "租用线路",
                    "description": "租用移动公司数据传输线路",
                    "target": "291条",
                    "basis": "工作安排",
                    "points": "10.0",
                    "x_custom": {"kept": True},
                }
            ],
            "x_project_note": "unknown fields survive",
        }
    ],
    "x_top": [1, 2],
}


def test_plan_round_trips_exactly() -> None:
    assert Plan.from_dict(PLAN).to_dict() == PLAN


def test_money_is_decimal_with_written_digits() -> None:
    plan = Plan.from_dict(PLAN)
    assert plan.projects[0].budget.total == Decimal("96.00")
    assert plan.projects[0].budget.to_dict()["total"] == "96.00"
    assert plan.projects[0].budget.other is None


def test_json_and_yaml_round_trip_through_text() -> None:
    plan = Plan.from_dict(PLAN)
    for text, as_yaml in ((dump_json(plan), False), (dump_yaml(plan), True)):
        again = read_structured(text, as_yaml=as_yaml).document
        assert again.to_dict() == PLAN


def test_yaml_numbers_keep_their_digits() -> None:
    text = "format: jixiao.plan/1\nprojects:\n- name: x\n  budget: {total: 96.00, fiscal: 96.00}\n"
    plan = read_structured(text, as_yaml=True).document
    assert isinstance(plan, Plan)
    assert plan.projects[0].budget.to_dict()["total"] == "96.00"


def test_parsed_is_added_on_output_and_ignored_on_input() -> None:
    out = Plan.from_dict(PLAN).to_dict(parsed=True)
    parsed = out["projects"][0]["indicators"][0]["parsed"]
    assert parsed == {"kind": "quantity", "op": None, "number": "291", "unit": "条", "date": None}
    assert Plan.from_dict(out).to_dict() == PLAN


def test_bad_shape_names_the_field() -> None:
    bad = json.loads(json.dumps(PLAN))
    bad["projects"][0]["budget"]["total"] = "九十六"
    with pytest.raises(ModelError) as exc:
        Plan.from_dict(bad)
    assert exc.value.path == "projects[0].budget.total"


def test_corpus_documents_round_trip(corpus_dir: Path) -> None:
    files = sorted(corpus_dir.glob("*.plan.json")) + sorted(corpus_dir.glob("*.selfeval.json"))
    assert files
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        cls = Plan if data["format"] == "jixiao.plan/1" else SelfEvaluation
        assert cls.from_dict(data).to_dict() == data, f.name
