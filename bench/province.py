"""A province for the benchmarks: province → prefectures → counties → units → plans.

``build_province(counties, units, projects, indicators)`` adds counties (10 per
prefecture) to the province 基准测试省, each with a finance bureau, supervising
departments and ``units`` budget units holding one plan of ``projects`` × ``indicators``.
It can be called again with more counties (3,000 plans, then 30,000).

Fast because plans are not generated one by one: 24 generated documents are reused
round-robin (their check counts computed once), and rows are written with PostgreSQL's
COPY (psycopg ``cursor.copy``) — bulk INSERTs on SQLite — with ids assigned here, then
the sequences are moved past them and the tables ANALYZEd (fresh planner statistics:
without them the first queries after a load measure stale estimates).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

VARIANTS = 24
YEAR = 2024
PER_PREFECTURE = 10
SUPERVISORS_PER_COUNTY = 10


def _rows(
    model: Any, objs: Iterable[Any], connection: Any
) -> tuple[list[str], list[tuple[Any, ...]]]:
    fields = list(model._meta.concrete_fields)
    cols = [f.column for f in fields]
    rows = [
        tuple(f.get_db_prep_save(getattr(o, f.attname), connection) for f in fields) for o in objs
    ]
    return cols, rows


def _write(model: Any, objs: Sequence[Any]) -> None:
    """COPY on PostgreSQL, bulk INSERT elsewhere; objects carry their ids."""
    from django.db import connection

    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=2000)
        return
    cols, rows = _rows(model, objs, connection)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
        names = ", ".join(f'"{c}"' for c in cols)
        sql = f'COPY "{table}" ({names}) FROM STDIN'
        with raw.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


def _next_id(model: Any) -> int:
    from django.db.models import Max

    return int(model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _reset_sequences(models: Sequence[Any]) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _templates(indicators: int, projects: int) -> list[dict[str, Any]]:
    from jixiao.core.checks import check_plan
    from jixiao.web.demo.generate import generate_plan
    from jixiao.web.plans.services.mapping import indicator_fields, plan_fields, project_fields

    out = []
    for v in range(VARIANTS):
        doc = generate_plan(f"province-{v}", department=f"模板单位{v}", department_code=f"{v:03d}",
                            region="基准测试省", year=YEAR, projects=projects,
                            indicators=indicators)  # fmt: skip
        found = check_plan(doc)
        out.append({
            "plan": plan_fields(doc),
            "errors": sum(1 for f in found if f.severity == "error"),
            "warnings": sum(1 for f in found if f.severity == "warning"),
            "projects": [(project_fields(p), [indicator_fields(i) for i in p.indicators])
                         for p in doc.projects],
        })  # fmt: skip
    return out


def build_province(counties: int, units: int, projects: int, indicators: int) -> dict[str, Any]:
    """Add counties until the province has ``counties``; returns counts and seconds."""
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.utils import timezone

    from jixiao.core.workflow import Role
    from jixiao.web.orgs.models import Membership, Region, Unit, UnitKind
    from jixiao.web.plans.models import Indicator, Plan, Project

    started = time.perf_counter()
    templates = _templates(indicators, projects)
    with transaction.atomic():
        province, _ = Region.objects.get_or_create(name="基准测试省", defaults={"code": "990000"})
        have = Region.objects.filter(parent__parent=province).count()
        plan_id, project_id, indicator_id = _next_id(Plan), _next_id(Project), _next_id(Indicator)
        now = timezone.now()
        plans: list[Plan] = []
        project_rows: list[Project] = []
        indicator_rows: list[Indicator] = []
        n_indicators = 0
        for c in range(have, counties):
            p_no, c_no = divmod(c, PER_PREFECTURE)
            prefecture, _ = Region.objects.get_or_create(
                name=f"基准测试省第{p_no + 1:02d}市",
                defaults={"code": f"99{p_no + 1:02d}00", "parent": province},
            )
            county = Region.objects.create(
                name=f"{prefecture.name}第{c_no + 1:02d}县", code=f"99{p_no + 1:02d}{c_no + 1:02d}",
                parent=prefecture,
            )  # fmt: skip
            finance = Unit.objects.create(region=county, code=f"{c:03d}F", name=f"{county.name}财政局",
                                          kind=UnitKind.FINANCE)  # fmt: skip
            sups = Unit.objects.bulk_create(
                Unit(region=county, code=f"{c:03d}S{i:02d}", name=f"{county.name}第{i + 1}主管部门",
                     kind=UnitKind.SUPERVISOR)
                for i in range(SUPERVISORS_PER_COUNTY)
            )  # fmt: skip
            budget_units = Unit.objects.bulk_create(
                Unit(region=county, code=f"{c:03d}{i + 1:05d}", name=f"{county.name}第{i + 1:03d}单位",
                     parent=sups[i % len(sups)])
                for i in range(units)
            )  # fmt: skip
            if c == 0:
                _user("bench_county_finance", finance, Role.FINANCE_REVIEWER, User, Membership)
                _user("bench_county_editor", budget_units[0], Role.UNIT_EDITOR, User, Membership)
            for i, unit in enumerate(budget_units):
                t = templates[(c * units + i) % len(templates)]
                plan = Plan(id=plan_id, unit=unit, year=YEAR, **t["plan"], error_count=t["errors"],
                            warning_count=t["warnings"], checked_at=now, created_at=now,
                            updated_at=now)  # fmt: skip
                plans.append(plan)
                plan_id += 1
                for position, (pf, inds) in enumerate(t["projects"]):
                    project_rows.append(
                        Project(id=project_id, plan_id=plan.pk, position=position, **pf)
                    )
                    for k, ind in enumerate(inds):
                        indicator_rows.append(Indicator(id=indicator_id, project_id=project_id,
                                                        position=k, **ind))  # fmt: skip
                        indicator_id += 1
                    project_id += 1
            # Written county by county: memory stays at one county's rows.
            _write(Plan, plans[-units:])
            _write(Project, project_rows)
            _write(Indicator, indicator_rows)
            n_indicators += len(indicator_rows)
            project_rows, indicator_rows = [], []
        province_finance, _ = Unit.objects.get_or_create(
            region=province,
            name="基准测试省财政厅",
            defaults={"code": "P", "kind": UnitKind.FINANCE},
        )
        _user("bench_province_finance", province_finance, Role.FINANCE_REVIEWER, User, Membership)
        first = Region.objects.filter(parent=province).order_by("code").first()
        if first is not None:
            pref_finance, _ = Unit.objects.get_or_create(
                region=first, name=f"{first.name}财政局",
                defaults={"code": "PF", "kind": UnitKind.FINANCE},
            )  # fmt: skip
            _user("bench_prefecture_finance", pref_finance, Role.FINANCE_REVIEWER, User, Membership)
        _reset_sequences([Plan, Project, Indicator])
    loaded = time.perf_counter() - started
    with connection.cursor() as cursor:
        # VACUUM also sets the visibility map, so index-only scans work at once.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "plans": Plan.objects.count(),
        "new_plans": len(plans),
        "indicators": n_indicators,
        "load_s": round(loaded, 1),
        "with_analyze_s": round(time.perf_counter() - started, 1),
    }


def _user(name: str, unit: Any, role: Any, User: Any, Membership: Any) -> None:
    from jixiao.web.demo.management.commands.demo_data import DEMO_PASSWORD

    user, _ = User.objects.get_or_create(username=name)
    user.set_password(DEMO_PASSWORD)
    user.save()
    Membership.objects.update_or_create(user=user, defaults={"unit": unit, "role": role})
