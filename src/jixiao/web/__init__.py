"""The jixiao web application: a county workspace over ``jixiao.core``.

Django lives only here (never in ``jixiao.core``). Apps: ``orgs`` (regions, units,
memberships, permission helpers), ``plans`` (plans, projects, indicators, the services
that write them, import/export), ``api`` (the token-authenticated REST API).
"""
