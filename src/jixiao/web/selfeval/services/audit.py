"""How every write to a self-evaluation is made: one edit context, each change recorded.

``editing(ev, …)`` locks the row, refuses a stale page and a self-evaluation that may not
be edited, and on a clean exit bumps ``version`` and refreshes the cached scores.
``record`` writes one ``Change`` (who, when, old → new) for every value that changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model

from jixiao.core import workflow as wf
from jixiao.core.money import format_amount
from jixiao.web.choices import label_of
from jixiao.web.plans.services.audit import AnyUser, ServiceError, StaleEditError, acting_user
from jixiao.web.selfeval.models import Change, EvalRow, SelfEvaluation
from jixiao.web.selfeval.services.scoring import refresh

__all__ = ["bump", "editing", "lock", "record"]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_amount(value)
    return str(value)


def record(
    ev: SelfEvaluation,
    obj: Model,
    changes: dict[str, Any],
    user: AnyUser,
) -> bool:
    """Set ``changes`` on ``obj`` and write a ``Change`` per value that differs."""
    changed = False
    row = obj if isinstance(obj, EvalRow) else None
    prefix = f"第{row.position + 1}行 " if row is not None else ""
    for field, new in changes.items():
        old = getattr(obj, field)
        if old == new or (_text(old) == _text(new) and type(old) is type(new)):
            continue
        Change.objects.create(
            evaluation=ev,
            row=row,
            field=field,
            label=prefix + str(obj._meta.get_field(field).verbose_name),  # type: ignore[union-attr]
            old=_text(old),
            new=_text(new),
            user=acting_user(user),
        )
        setattr(obj, field, new)
        changed = True
    if changed:
        obj.save()
    return changed


def lock(ev: SelfEvaluation, expected_version: int | None, *, editable: bool = True) -> None:
    fresh = SelfEvaluation.objects.select_for_update().get(pk=ev.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise StaleEditError("自评已被他人修改或已流转，请刷新页面后重试")
    if editable and fresh.status != wf.State.DRAFT:
        status = label_of(wf.STATE_LABELS, fresh.status)
        raise ServiceError(f"此自评状态为“{status}”，已锁定，不能修改（退回后才能修改）")
    # The caller's instance may be older than the row: saving it must not undo a change.
    ev.refresh_from_db()


def bump(ev: SelfEvaluation, user: AnyUser) -> None:
    ev.version += 1
    ev.updated_by = acting_user(user)
    ev.save()


@contextmanager
def editing(ev: SelfEvaluation, *, user: AnyUser, expected_version: int | None) -> Iterator[None]:
    """The one way to change a self-evaluation's content."""
    with transaction.atomic():
        lock(ev, expected_version)
        yield
        bump(ev, user)
        refresh(ev)
