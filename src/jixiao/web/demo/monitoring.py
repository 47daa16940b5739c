"""Demo monitoring for 巨鹿县: two rounds (1~6月 due 7月15日, 1~8月 due 9月15日).

The model unit 巨鹿县政法委本级 imports the sample ledger and reports the sample
progress (samples/monitoring/); every other unit imports a generated ledger whose
projects run ahead of, on and behind the time line, so the overview shows green,
yellow and red. In 1~6月 the units give reasons for their red and yellow lamps and
submit, and the reviewers approve some; 1~8月 is in progress, with one project under
key monitoring and one correction open. Everything goes through the app's services
(ledger read by the core, progress checked by the core, the workflow) as if people had
clicked. Idempotent: nothing is done when the region has rounds.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User

from jixiao.core.findings import ReadError
from jixiao.core.monitoring import read_progress
from jixiao.core.workflow import Role
from jixiao.web.monitoring.models import MonitoringRound, ProjectStatus
from jixiao.web.monitoring.models.progress import BUDGET_LINE
from jixiao.web.monitoring.services.actions import record_action
from jixiao.web.monitoring.services.ledger import confirm_ledger, upload_ledger
from jixiao.web.monitoring.services.progress import ProgressInput, save_progress
from jixiao.web.monitoring.services.rounds import schedule_rounds, transition_round
from jixiao.web.orgs.models import Membership, Region
from jixiao.web.plans.models import Plan
from jixiao.web.plans.services.audit import ServiceError
from jixiao.web.plans.services.mapping import plan_to_core

__all__ = ["demo_monitoring"]

SAMPLES = Path(settings.REPO_DIR) / "samples" / "monitoring"
MODEL_UNIT = "288001"
#: (as-of, due) of the two rounds.
ROUNDS = ((date(2024, 6, 30), date(2024, 7, 15)), (date(2024, 8, 31), date(2024, 9, 15)))
#: Share of the time line a generated project has spent by the as-of date, in turn
#: (green, green, yellow, red …).
PACE = (Decimal("1.05"), Decimal("0.9"), Decimal("0.7"), Decimal("0.4"), Decimal("0.85"))
#: After submitting 1~6月: approved by the 主管部门 only / by finance too.
SUPERVISOR_ONLY = frozenset({"288003", "301003"})
FINANCE_TOO = frozenset({"288002", "301001", "301004", "401001", "601001"})


def _editor(plan: Plan) -> User | None:
    m = Membership.objects.filter(unit=plan.unit, role=Role.UNIT_EDITOR).select_related("user")
    first = m.order_by("user__username").first()
    return first.user if first else None


def _generated_ledger(plan: Plan, unit_index: int) -> bytes:
    """Payments for every project: about PACE × the time line at the end of August,
    spread over months 2, 4, 6 and 8 (元)."""
    lines = ["支付日期,支付凭证号,项目编码,项目名称,支付金额（元）"]
    for i, p in enumerate(plan.projects.order_by("position", "id")):
        budget = p.budget_total or Decimal(0)
        share = PACE[(unit_index + i) % len(PACE)] * Decimal(8) / Decimal(12)
        total = (budget * Decimal(10000) * min(share, Decimal(1))).quantize(Decimal("0.01"))
        for k, month in enumerate((2, 4, 6, 8)):
            amount = (total / 4).quantize(Decimal("0.01"))
            voucher = f"ZF2024-{unit_index:02d}{i:02d}{k}"
            lines.append(f"2024-{month:02d}-15,{voucher},{p.code or ''},{p.name or ''},{amount}")
    return "\n".join(lines).encode("utf-8")


def _model_ledger(plan: Plan) -> bytes:
    """The sample ledger's rows for the projects this plan has (all eight when the
    sample text was read; the four of the shipped fixture otherwise)."""
    codes = {p.code for p in plan.projects.all()}
    header, *rows = (SAMPLES / "julu-2024-ledger.csv").read_text(encoding="utf-8-sig").splitlines()
    return "\n".join([header, *(r for r in rows if r.split(",")[2] in codes)]).encode("utf-8")


def _import(rnd: MonitoringRound, data: bytes, user: User) -> None:
    entry = upload_ledger(rnd, data, f"{rnd.plan.unit.code}-支付明细.csv", user=user)
    confirm_ledger(entry, user=user)


def _sample_progress(rnd: MonitoringRound, user: User) -> None:
    """Report the sample progress file row by row through the service (a row the core
    refuses is left out, as a person's would be)."""
    path = SAMPLES / "julu-2024-progress.csv"
    try:
        progress = read_progress(path.read_bytes(), path.name, plan_to_core(rnd.plan))
    except ReadError:
        return  # the shipped fixture lacks some of the sample's projects
    projects = {p.key: p for p in rnd.plan.projects.all()}
    for (key, index), e in progress.indicators.items():
        values = ProgressInput(
            current=e.current or "", projected=e.projected or "", likelihood=e.likelihood or "",
            deviation_category=e.deviation_category or "",
            deviation_reason=e.deviation_reason or "",
            corrective_measure=e.corrective_measure or "",
        )  # fmt: skip
        try:
            save_progress(rnd, projects.get(key or ""), index, values, user=user)
        except ServiceError:
            continue
    for key, b in progress.budget.items():
        values = ProgressInput(
            deviation_category=b.deviation_category or "",
            deviation_reason=b.deviation_reason or "",
            corrective_measure=b.corrective_measure or "",
            projected_executed=b.projected_executed,
            adjusted_budget=b.adjusted_budget,
        )
        try:
            save_progress(rnd, projects[key], BUDGET_LINE, values, user=user)
        except (ServiceError, KeyError):
            continue


def _explain_lamps(rnd: MonitoringRound, user: User) -> None:
    """The unit's reason and measure for each red or yellow budget lamp (M11)."""
    for s in ProjectStatus.objects.filter(round=rnd, lamp__in=("red", "yellow")).select_related(
        "project"
    ):
        save_progress(
            rnd, s.project, BUDGET_LINE,
            ProgressInput(deviation_reason="经费保障：上级资金下达较晚，部分合同尚未到付款节点",
                          corrective_measure="按合同进度加快支付，四季度前完成主要支出"),
            user=user,
        )  # fmt: skip


def demo_monitoring(region: Region, year: int) -> int:
    """Build the demo rounds; return how many rounds were created (0: already there)."""
    if MonitoringRound.objects.filter(plan__unit__region=region, plan__year=year).exists():
        return 0
    finance = User.objects.get(username="czj_jxk")
    created = 0
    for (as_of, due), first in zip(ROUNDS, (True, False), strict=True):
        rounds = schedule_rounds(region, year, as_of, due, user=finance)
        created += len(rounds)
        for n, rnd in enumerate(sorted(rounds, key=lambda r: r.plan.unit.code)):
            user = _editor(rnd.plan)
            if user is None:
                continue
            code = rnd.plan.unit.code
            model = code == MODEL_UNIT
            _import(rnd, _model_ledger(rnd.plan) if model else _generated_ledger(rnd.plan, n), user)
            if model and not first:
                _sample_progress(rnd, user)
                _finance_measures(rnd, finance)
            if not first or model:
                continue
            _explain_lamps(rnd, user)
            transition_round(rnd, "submit", user=user)
            _review(rnd, code)
    return created


def _finance_measures(rnd: MonitoringRound, finance: User) -> None:
    """The finance bureau acts on the model unit's 1~8月 round (M1): the reddest project
    under key monitoring, a correction with a deadline on the next red or yellow one."""
    lagging = list(
        ProjectStatus.objects.filter(round=rnd, lamp__in=("red", "yellow"))
        .select_related("project")
        .order_by("ratio")
    )
    if lagging:
        record_action(rnd, lagging[0].project, "key",
                      "截至8月底执行率明显落后于序时进度，列为重点监控，按月报送支出进度。",
                      user=finance)  # fmt: skip
    if len(lagging) > 1:
        record_action(rnd, lagging[1].project, "correction",
                      "说明支出进度慢于支出计划的原因，9月底前完成主要合同支付并报送整改情况。",
                      user=finance, due=date(2024, 9, 30))  # fmt: skip


def _review(rnd: MonitoringRound, code: str) -> None:
    parent = rnd.plan.unit.parent
    reviewer = None
    if parent is not None:
        m = Membership.objects.filter(unit=parent, role=Role.SUPERVISOR_REVIEWER).first()
        reviewer = m.user if m else None
    if code in SUPERVISOR_ONLY | FINANCE_TOO and reviewer is not None:
        transition_round(rnd, "supervisor_approve", user=reviewer)
    if code in FINANCE_TOO:
        transition_round(rnd, "finance_approve", user=User.objects.get(username="czj_jxk"))
