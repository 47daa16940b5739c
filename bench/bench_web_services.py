"""Service timings behind the pages: edit, import, export and the API at county scale.

Builds 300 units × 10 projects × 8 indicators (``demo_data --scale``) in a temporary
SQLite file (PostgreSQL too when ``DATABASE_URL`` is set, in a throw-away database),
then times the operations a user waits for: one indicator edit (lock, version, history,
re-check), an import preview and confirm, plan ⇄ core conversion, the Excel export and
re-read, and the API plan list. Each database runs in its own process (Django is
configured once per process).

    uv run python -m bench.bench_web_services
"""

from __future__ import annotations

import json
from typing import Any

from bench.county import REPEAT, county_database, median_ms, print_timings, worker_main


def _worker(database_url: str | None) -> dict[str, Any]:
    with county_database(database_url, "jixiao_bench_services") as info:
        return {**info, **_time_services()}


def _time_services() -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.test import Client

    from jixiao.core.readers.excel_plan import read_plan_workbook
    from jixiao.web.api.models import Token
    from jixiao.web.orgs.models import Unit
    from jixiao.web.plans.models import Plan
    from jixiao.web.plans.services import editing, exporting, importing
    from jixiao.web.plans.services.mapping import plan_to_core

    editor = User.objects.get(username="bench_editor")
    plan = Plan.objects.filter(unit=editor.membership.unit).get()
    project = plan.projects.order_by("position")[0]
    indicator = project.indicators.order_by("position")[0]
    targets = iter(f"≥{n}台" for n in range(10_000))

    def edit() -> None:
        plan.refresh_from_db(fields=["version"])
        editing.update_indicator(
            indicator, {"target": next(targets)}, user=editor, expected_version=plan.version
        )

    xlsx = exporting.plan_xlsx_bytes(plan)
    doc_json = json.dumps(plan_to_core(plan).to_dict(), ensure_ascii=False, default=str).encode()
    # Another unit with a stored plan: the preview diffs against it, confirm replaces it.
    target_unit = Unit.objects.filter(region__name="基准测试县", kind="unit").order_by("pk")[1]

    def preview() -> None:
        importing.preview_import(target_unit, 2024, doc_json, "plan.json")

    def confirm() -> None:
        p = importing.preview_import(target_unit, 2024, doc_json, "plan.json")
        importing.confirm_import(
            target_unit, 2024, p.document, user=editor, expected_version=p.expected_version
        )

    _t, key = Token.issue(User.objects.get(username="bench_finance"), "bench")
    api = Client(headers={"Authorization": f"Bearer {key}"})

    def api_list() -> None:
        assert api.get("/api/plans").status_code == 200

    def api_plan() -> None:
        assert api.get(f"/api/plans/{plan.pk}").status_code == 200

    few = max(3, REPEAT // 4)
    return {
        "edit_indicator_ms": median_ms(edit),
        "plan_to_core_ms": median_ms(lambda: plan_to_core(plan)),
        "export_xlsx_ms": median_ms(lambda: exporting.plan_xlsx_bytes(plan), few),
        "read_xlsx_ms": median_ms(lambda: read_plan_workbook(xlsx, "x.xlsx"), few),
        "import_preview_ms": median_ms(preview, few),
        "import_confirm_ms": median_ms(confirm, few),
        "api_list_300_plans_ms": median_ms(api_list, few),
        "api_plan_ms": median_ms(api_plan),
    }


def main() -> None:
    print_timings("bench.bench_web_services")


if __name__ == "__main__":
    worker_main(_worker, main)
