"""The API instance (endpoints are added below as they land)."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="jixiao API", version="1", urls_namespace="api")
