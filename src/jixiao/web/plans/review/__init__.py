"""The targets' review: transitions, adjustments, comments, notifications, to-do, deadlines.

Who may do what is decided by the pure state machine ``jixiao.core.workflow``; these
modules apply its decisions to stored plans inside one transaction with the plan row
locked and record them (``Transition``, the plan's history, notifications). Views and the
API call only these functions, so a forged request is refused here exactly as a button
that was never shown.
"""
