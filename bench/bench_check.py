"""Checker speed: projects checked per second on plans of realistic size, one core.

Plans are built from the seed's eight hand-transcribed tables (7 rows each, with their
real defects) and the corpus' tables. Each generated project gets unique names,
descriptions and numbers (a prefix keeps the words' endings, which the rules read), so
the value and category caches see as little reuse as in a season of different plans.
"""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

from jixiao.core.checks import check_plan
from jixiao.core.model import Plan

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "julu-2024-plan.json"
PROJECTS_PER_PLAN = 40  # a county department's plan: tens of projects
PLANS = 50


def _variant(doc: dict[str, Any], k: int) -> Plan:
    d = copy.deepcopy(doc)
    projects = []
    for j in range(PROJECTS_PER_PLAN):
        p = copy.deepcopy(doc["projects"][j % len(doc["projects"])])
        tag = f"{k}批{j}项"
        p["code"] = f"{p['code']}-{k}-{j}"
        for ind in p["indicators"]:
            if ind["name"] and len(ind["name"]) > 1:
                ind["name"] = tag + ind["name"]
            if ind["description"] and len(ind["description"]) > 1:
                ind["description"] = tag + ind["description"]
            t = ind["target"] or ""
            if t.startswith("≥") and t.endswith("%"):
                ind["target"] = f"≥{80 + (k + j) % 20}%"
        projects.append(p)
    d["projects"] = projects
    return Plan.from_dict(d)


def _rate(plans: list[Plan], rounds: int) -> tuple[float, int]:
    """Best projects/s of ``rounds`` passes, by the process's CPU time (the machine is shared)."""
    best, findings = 0.0, 0
    n = sum(len(p.projects) for p in plans)
    for _ in range(rounds):
        start = time.process_time()
        findings = sum(len(check_plan(p)) for p in plans)
        best = max(best, n / (time.process_time() - start))
    return best, findings


def main() -> None:
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    plans = [_variant(doc, k) for k in range(PLANS)]
    n_projects = sum(len(p.projects) for p in plans)
    n_rows = sum(len(pr.indicators) for p in plans for pr in p.projects)
    cold, findings = _rate(plans, 1)  # first pass: unique names, cold caches
    warm, _ = _rate(plans, 5)  # the same plans again: repeated names
    print(
        f"bench_check: {n_projects} projects ({n_rows} indicator rows, {findings} findings) "
        f"in {PLANS} plans: cold {cold:,.0f} projects/s ({cold * n_rows / n_projects:,.0f} rows/s); "
        f"repeated (best of 5) {warm:,.0f} projects/s"
    )


if __name__ == "__main__":
    main()
