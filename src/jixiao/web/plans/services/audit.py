"""How every write to a plan is made: one edit context, audited rows, refused values.

A change to targets goes through ``editing(plan, …)``: it locks the plan row, refuses a
stale page (the ``version`` the user saw) and a plan that may not be edited, and on a
clean exit records the author and reason for the history, bumps ``Plan.version`` and
refreshes the cached finding counts — all in one transaction. Rows are saved with
``save_row``/``delete_row`` so that django-simple-history records who did it even when no
request is bound (imports, management commands).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import CharField, DecimalField, Model

from jixiao.core import workflow as wf
from jixiao.core.money import MoneyError, to_decimal
from jixiao.web.choices import label_of
from jixiao.web.orgs.models import AnyUser as OrgUser
from jixiao.web.plans.models import Plan
from jixiao.web.plans.services.findings import refresh_findings

#: The acting user; None for system actions (demo data, management commands).
AnyUser = OrgUser | None

__all__ = [
    "AnyUser",
    "ServiceError",
    "StaleEditError",
    "acting_user",
    "bump_version",
    "clean_text",
    "delete_row",
    "editing",
    "lock_plan",
    "parse_decimal",
    "save_row",
    "validate_row",
]


class ServiceError(ValueError):
    """A refused change; ``message`` is shown to the user as is (Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StaleEditError(ServiceError):
    """The plan changed since the user loaded it (optimistic locking)."""

    def __init__(self, message: str = "已被他人修改，请刷新后重试") -> None:
        super().__init__(message)


def acting_user(user: AnyUser) -> Any:
    """The user to store on a row as its author (None for anonymous and system actions)."""
    return user if user is not None and user.is_authenticated else None


def validate_row(obj: Model) -> None:
    """Refuse values the columns cannot hold, in Chinese, before the database does.

    (PostgreSQL would raise a DataError mid-import; SQLite would store them silently.)
    """
    for f in obj._meta.concrete_fields:
        value = getattr(obj, f.attname)
        if value is None:
            continue
        label = str(f.verbose_name)
        if isinstance(f, CharField) and f.max_length and len(str(value)) > f.max_length:
            raise ServiceError(f"{label}过长（最多 {f.max_length} 字）：“{str(value)[:30]}…”")
        if isinstance(f, DecimalField) and isinstance(value, Decimal):
            if not value.is_finite():
                raise ServiceError(f"{label}不是有效的数字：“{value}”")
            _sign, digits, exponent = value.as_tuple()
            assert isinstance(exponent, int)
            places = max(0, -exponent)
            integer_digits = max(0, len(digits) + exponent)
            if places > (f.decimal_places or 0) or integer_digits > (f.max_digits or 0) - (
                f.decimal_places or 0
            ):
                raise ServiceError(f"{label}超出可保存的范围：“{value}”")


def _audited(obj: Model, user: AnyUser, reason: str | None) -> None:
    """Attach the acting user and reason that simple_history records with the row."""
    obj._history_user = acting_user(user)  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]


def save_row(obj: Model, user: AnyUser, reason: str | None = None) -> None:
    """Validate and save a row, recording ``user`` and ``reason`` in its history."""
    validate_row(obj)
    _audited(obj, user, reason)
    obj.save()


def delete_row(obj: Model, user: AnyUser, reason: str | None = None) -> None:
    _audited(obj, user, reason)
    obj.delete()


def _locked_message(plan: Plan) -> str:
    if plan.status == wf.State.APPROVED:
        return "此计划已批复，不能直接修改；如需变更请申请调整"
    status = label_of(wf.STATE_LABELS, plan.status)
    return f"此计划状态为“{status}”，已锁定，不能修改（退回后才能修改）"


def lock_plan(plan: Plan, expected_version: int | None, *, editable: bool = True) -> Plan:
    """Lock the plan row for this transaction and refresh the caller's instance.

    ``expected_version`` is the version the user saw (None from code that has no page);
    with ``editable`` a plan that is not a draft is refused with the reason.
    """
    fresh = Plan.objects.select_for_update().get(pk=plan.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise StaleEditError()
    if editable and not fresh.is_editable:
        raise ServiceError(_locked_message(fresh))
    # The caller's instance may be older than the row: reload it under the lock so that
    # saving it cannot undo someone else's change.
    plan.refresh_from_db()
    return fresh


def bump_version(plan: Plan, user: AnyUser, reason: str | None = None) -> None:
    """Record a change of the plan: one more ``version``, its author and reason."""
    plan.version += 1
    plan.updated_by = acting_user(user)
    save_row(plan, user, reason)


@contextmanager
def editing(
    plan: Plan, *, user: AnyUser, expected_version: int | None, reason: str | None = None
) -> Iterator[Plan]:
    """The one way to change a plan's content (see the module docstring)."""
    with transaction.atomic():
        lock_plan(plan, expected_version)
        yield plan
        bump_version(plan, user, reason)
        refresh_findings(plan)


def parse_decimal(value: Any, label: str) -> Decimal | None:
    """A number typed or sent by a client; blank is absent; refused in Chinese."""
    if isinstance(value, str) and not value.strip():
        return None
    try:
        return to_decimal(value)
    except (MoneyError, ArithmeticError):
        raise ServiceError(f"{label}不是有效的数字：“{value}”") from None


def clean_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
