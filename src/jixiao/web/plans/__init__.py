"""Targets (绩效目标): per unit and year, the department targets and the projects with their
indicator tables, and their review up to approval.

``models/`` (plan, review records), ``services/`` (every write and derived view; ``mapping``
to and from ``jixiao.core.model.Plan`` so the core's readers, checks and writers work
unchanged), ``review/`` (transitions, adjustments, comments, notifications, to-do,
deadlines), ``forms/``, ``views/`` (one module per thing the user does), ``api.py``.
"""
