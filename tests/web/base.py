"""The cast every web test shares (healthchecks' alice/bob/charlie, for a county).

Region 测试县: finance bureau F; supervisor S over units A and A2; supervisor S2 over
unit B. Users: every role of unit A, a supervisor reviewer of S, finance reviewer,
auditor and admin in F, the editor of the *other* unit B, and a finance reviewer of
another region. Plans: A 2024 (the demo fixture) and B 2024.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import User

from jixiao.core.model import Plan as CorePlan
from jixiao.core.workflow import Role
from jixiao.web.orgs.models import Membership, Region, Unit, UnitKind
from jixiao.web.plans.models import Plan
from jixiao.web.plans.services import editing

PASSWORD = "Ce-shi-mima-2024"
FIXTURE = Path(__file__).resolve().parents[2] / "src/jixiao/web/demo/julu-2024-zhengfawei.plan.json"

#: Cast member → (unit key, role); the order is the order of the permission matrix.
CAST: dict[str, tuple[str, Role]] = {
    "editor": ("A", Role.UNIT_EDITOR),
    "leader": ("A", Role.UNIT_LEADER),
    "supervisor": ("S", Role.SUPERVISOR_REVIEWER),
    "finance": ("F", Role.FINANCE_REVIEWER),
    "auditor": ("F", Role.AUDITOR),
    "admin": ("F", Role.ADMIN),
    "other": ("B", Role.UNIT_EDITOR),
    "other_region": ("F2", Role.FINANCE_REVIEWER),
}


def fixture_document() -> CorePlan:
    return CorePlan.from_dict(json.loads(FIXTURE.read_text(encoding="utf-8")))


def small_document(name: str = "办公设备购置") -> CorePlan:
    return CorePlan.from_dict(
        {
            "format": "jixiao.plan/1",
            "year": 2024,
            "money_unit": "万元",
            "projects": [
                {
                    "code": "P-001",
                    "name": name,
                    "budget": {"total": "10.00", "fiscal": "10.00", "other": None},
                    "indicators": [
                        {"level1": "产出指标", "level2": "数量指标", "name": "购置台数",
                         "target": "≥5台"},
                        {"level1": "产出指标", "level2": "成本指标", "name": "购置成本",
                         "target": "≤10万元"},
                    ],
                }
            ],
        }
    )  # fmt: skip


@dataclass
class Cast:
    region: Region
    units: dict[str, Unit]
    users: dict[str, User]
    plan_a: Plan
    plan_b: Plan
    extra: dict[str, object] = field(default_factory=dict)


def build_cast() -> Cast:
    region = Region.objects.create(code="130529", name="测试县")
    region2 = Region.objects.create(code="130530", name="邻县")
    f = Unit.objects.create(region=region, code="F", name="测试县财政局", kind=UnitKind.FINANCE)
    s = Unit.objects.create(region=region, code="S", name="测试县政法委", kind=UnitKind.SUPERVISOR)
    s2 = Unit.objects.create(
        region=region, code="S2", name="测试县教育局", kind=UnitKind.SUPERVISOR
    )
    a = Unit.objects.create(region=region, parent=s, code="A", name="测试县政法委本级")
    a2 = Unit.objects.create(region=region, parent=s, code="A2", name="测试县法学会")
    b = Unit.objects.create(region=region, parent=s2, code="B", name="测试县第一中学")
    f2 = Unit.objects.create(region=region2, code="F2", name="邻县财政局", kind=UnitKind.FINANCE)
    units = {"F": f, "S": s, "S2": s2, "A": a, "A2": a2, "B": b, "F2": f2}
    users: dict[str, User] = {}
    for name, (unit_key, role) in CAST.items():
        user = User.objects.create_user(name, password=PASSWORD)
        Membership.objects.create(user=user, unit=units[unit_key], role=role)
        users[name] = user
    plan_a = editing.create_plan(a, 2024, user=users["editor"], document=fixture_document())
    plan_b = editing.create_plan(b, 2024, user=users["other"], document=small_document())
    return Cast(region, units, users, plan_a, plan_b)
