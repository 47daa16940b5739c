"""The targets app's models: the plan itself (``plan``) and what its review records
(``review``). Django discovers models through this package."""

from __future__ import annotations

from jixiao.web.plans.models.plan import EDITABLE_STATUSES, Indicator, Plan, PlanQuerySet, Project
from jixiao.web.plans.models.review import (
    Deadline,
    Notification,
    NotificationKind,
    Reminder,
    ReviewComment,
    Transition,
)

__all__ = [
    "EDITABLE_STATUSES",
    "Deadline",
    "Indicator",
    "Notification",
    "NotificationKind",
    "Plan",
    "PlanQuerySet",
    "Project",
    "Reminder",
    "ReviewComment",
    "Transition",
]
