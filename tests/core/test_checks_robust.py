"""Rules never raise on bad data: any text in any cell gives findings, not exceptions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.checks import check_plan
from jixiao.core.model import Plan

cell = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(
        ["≥96万元", "4万元", "≥20%", "逐步提高", "2024年12月底前", "≥90", "1", "", "100%合格"]
    ),
)
label = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.sampled_from(["产出指标", "效益指标", "满意度指标", "成本指标", "数量指标", "成本指标"]),
)
row = st.fixed_dictionaries(
    {"level1": label, "level2": label, "name": cell, "description": cell, "target": cell}
)
money = st.one_of(st.none(), st.decimals(min_value=-10, max_value=10**6, places=2).map(str))


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(row, max_size=8),
    total=money,
    fiscal=money,
    goal=st.one_of(st.none(), st.text(max_size=60)),
    percents=st.lists(st.integers(min_value=-5, max_value=150), max_size=5),
)
def test_check_plan_never_raises(
    rows: list[dict[str, str | None]],
    total: str | None,
    fiscal: str | None,
    goal: str | None,
    percents: list[int],
) -> None:
    plan = Plan.from_dict(
        {
            "format": "jixiao.plan/1",
            "overall": {"goal": goal, "subgoals": [{"indicator_text": goal}]},
            "projects": [
                {
                    "code": None,
                    "name": "项目",
                    "budget": {"total": total, "fiscal": fiscal, "other": None},
                    "spending_plan": [
                        {"month": i + 1, "percent": str(p)} for i, p in enumerate(percents)
                    ],
                    "indicators": rows,
                }
            ],
        }
    )
    for f in check_plan(plan):
        assert f.message
        assert f.severity in ("error", "warning", "info")
