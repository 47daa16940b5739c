"""Signals of the review, for the apps above ``plans`` (which ``plans`` may not import).

``plan_approved`` is sent by ``transitions.transition`` inside the approving
transaction, with the plan row locked: a receiver's writes (the documents app numbers
and records the 批复) commit or roll back with the approval itself.
"""

from __future__ import annotations

from django.dispatch import Signal

__all__ = ["plan_approved"]

#: Sent with ``plan`` (approved now), ``step`` (its ``Transition``), ``user``, ``comment``.
plan_approved = Signal()
