"""Recording a 批复 when a plan is approved, and printing it.

``record_reply`` receives ``plans.review.signals.plan_approved`` inside the approving
transaction: it takes the next number of the region and year (the counter row locked,
so two approvals at once wait for each other and numbers stay gap-free: an approval
that rolls back gives its number back) and stores the reply text (the approval's
comment). The document is printed on demand from the stored rows: an approved plan
never changes (a change is a new version with its own reply), so it is the same
document every time.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone

from jixiao.core import workflow as wf
from jixiao.core.documents import RenderError
from jixiao.core.documents.reply import DEFAULT_PATTERN, ReplyFormat, render_reply, reply_number
from jixiao.core.documents.reply import Reply as CoreReply
from jixiao.web.documents.models import Reply, ReplyCounter, ReplyNumbering
from jixiao.web.documents.services.cache import cached_bytes
from jixiao.web.orgs.models import Region, Unit, UnitKind
from jixiao.web.plans.models import Plan, Transition
from jixiao.web.plans.services.audit import AnyUser, acting_user
from jixiao.web.plans.services.mapping import plan_to_core

__all__ = [
    "attachment",
    "issuer_for",
    "pattern_for",
    "record_reply",
    "replies_zip",
    "reply_document",
    "reply_filename",
]


def pattern_for(region: Region) -> str:
    """The region's 文号 pattern: its own, else the site's, else ``DEFAULT_PATTERN``."""
    own = ReplyNumbering.objects.filter(region=region).values_list("pattern", flat=True).first()
    return str(own or getattr(settings, "JIXIAO_REPLY_PATTERN", DEFAULT_PATTERN))


def issuer_for(region: Region) -> str:
    """Who signs: the region's finance bureau (else "<地区>财政局")."""
    name = (
        Unit.objects.filter(region=region, kind=UnitKind.FINANCE)
        .order_by("pk")
        .values_list("name", flat=True)
        .first()
    )
    return name or f"{region.name}财政局"


def _take_number(region: Region, year: int) -> tuple[int, str]:
    """The next sequence number and 文号 of ``region`` and ``year`` (caller's transaction)."""
    pattern = pattern_for(region)
    counter, _ = ReplyCounter.objects.select_for_update().get_or_create(region=region, year=year)
    seq = counter.last + 1
    try:
        number = reply_number(pattern, region=region.name, year=year, n=seq)
    except RenderError as exc:
        raise wf.TransitionError(f"批复文号格式有误，请管理员修改：{exc}") from None
    counter.last = seq
    counter.save(update_fields=["last"])
    return seq, number


def record_reply(
    sender: Any, *, plan: Plan, step: Transition, user: AnyUser, comment: str, **_: Any
) -> Reply:
    """The 批复 of an approval just made (``plan_approved`` receiver)."""
    region = plan.unit.region
    seq, number = _take_number(region, plan.year)
    return Reply.objects.create(
        plan=plan,
        step=step,
        region=region,
        year=plan.year,
        seq=seq,
        number=number,
        adjustment=plan.previous_id is not None,
        text=comment,
        issuer=issuer_for(region),
        user=acting_user(user),
    )


def core_reply(reply: Reply) -> CoreReply:
    return CoreReply(
        number=reply.number,
        issuer=reply.issuer,
        addressee=reply.plan.unit.name,
        issued=timezone.localdate(reply.created_at),
        text=reply.text,
        adjustment=reply.adjustment,
    )


def reply_document(reply: Reply, fmt: ReplyFormat) -> bytes:
    """The 绩效目标批复 (letter and approved targets); ``RenderError`` if unprintable.
    A reply and its plan version never change: each format is printed once."""
    return cached_bytes(
        f"jixiao:reply:{reply.pk}:{reply.created_at.isoformat()}:"
        f"{reply.plan.updated_at.isoformat()}:{fmt}",
        lambda: render_reply(plan_to_core(reply.plan), core_reply(reply), fmt),
    )


def reply_filename(reply: Reply, fmt: str) -> str:
    what = "绩效目标调整批复" if reply.adjustment else "绩效目标批复"
    return f"{reply.plan.unit.name}{reply.year}年{what}（{reply.number}）.{fmt}".replace("/", "／")


def replies_zip(replies: Iterable[Reply], fmt: ReplyFormat) -> bytes:
    """One archive with each reply's document (a batch's replies, one file per unit)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for reply in replies:
            z.writestr(reply_filename(reply, fmt), reply_document(reply, fmt))
    return out.getvalue()


def attachment(filename: str, fallback: str) -> str:
    """A Content-Disposition naming the file in Chinese (RFC 5987) with an ASCII fallback."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
