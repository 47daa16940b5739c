"""Rounds for the web tests' cast: unit A's plan monitored at the end of August 2024,
with the sample ledger (samples/monitoring/) imported through the service."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jixiao.web.monitoring.models import MonitoringRound
from jixiao.web.monitoring.services.ledger import confirm_ledger, upload_ledger
from jixiao.web.monitoring.services.rounds import schedule_rounds
from tests.web.base import Cast

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "monitoring"
LEDGER = SAMPLES / "julu-2024-ledger.csv"
AS_OF = date(2024, 8, 31)


def ledger_bytes(cast: Cast) -> bytes:
    """The sample ledger's rows for the projects of unit A's plan (the test fixture holds
    four of the sample plan's eight projects)."""
    codes = {p.code for p in cast.plan_a.projects.all()}
    header, *rows = LEDGER.read_text(encoding="utf-8-sig").splitlines()
    kept = [r for r in rows if r.split(",")[2] in codes]
    return "\n".join([header, *kept]).encode("utf-8")


def round_a(cast: Cast, *, ledger: bool = True) -> MonitoringRound:
    """Unit A's round at ``AS_OF`` (scheduled by finance), with the sample ledger."""
    schedule_rounds(cast.region, 2024, AS_OF, date(2024, 9, 15), user=cast.users["finance"])
    rnd = MonitoringRound.objects.get(plan=cast.plan_a, as_of=AS_OF)
    if ledger:
        entry = upload_ledger(rnd, ledger_bytes(cast), LEDGER.name, user=cast.users["editor"])
        confirm_ledger(entry, user=cast.users["editor"])
        rnd.refresh_from_db()
    return rnd


def round_b(cast: Cast) -> MonitoringRound:
    """Unit B's round at ``AS_OF`` (no ledger)."""
    schedule_rounds(cast.region, 2024, AS_OF, None, user=cast.users["finance"])
    return MonitoringRound.objects.get(plan=cast.plan_b, as_of=AS_OF)
