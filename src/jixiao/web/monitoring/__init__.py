"""运行监控 (双监控) in the workspace: rounds, ledgers, progress, review, overview.

The computation is the core's (``jixiao.core.monitoring``, docs/monitoring.md); this app
stores what units report, runs the core on it and shows the result.
"""
