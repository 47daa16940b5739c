"""The targets' services: every write and every derived view of stored plans.

``mapping`` (rows ⇄ core model), ``audit`` (the edit context and audited rows), ``editing``
(changes to content), ``findings``, ``history``, ``importing``, ``exporting``, ``targets``
(department targets with their extracted promises), ``bulk`` (generated data).
"""
