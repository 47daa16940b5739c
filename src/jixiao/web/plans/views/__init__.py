"""The targets' pages, one module per thing the user does: overviews, the plan page, the
indicator table, the project form, the department targets, the import wizard, the review
(transitions, comments, versions), batch review, deadlines, the to-do list.

Views never import each other; what several pages share lives in ``plans.pages``.
"""
