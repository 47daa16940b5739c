"""The API does what its OpenAPI schema says, checked by Schemathesis against the live
schema (``/api/openapi.json``) through the WSGI application, for three callers: a writer
of unit A (its plans answer), another unit's editor (404 for unit A's plans) and nobody
(401). Every check Schemathesis has runs on every response: no 5xx, every status and
body as declared, the refusals the schema promises really refused (negative data).

Bounded for ``make test``: a fixed number of examples per operation, derandomized (the
same cases every run), no shrinking. A longer run: ``JIXIAO_SCHEMA_EXAMPLES=200``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis import Case, GenerationMode

from jixiao.web.api.models import Token
from jixiao.web.common.api import MAX_ID
from jixiao.web.plans.models import Plan
from tests.web.base import Cast

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("JIXIAO_SCHEMA_EXAMPLES", "12"))
BOUNDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


#: The live schema, read from the running application as a client would.
APP = WSGIHandler()
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", APP)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=EXAMPLES,
    deterministic=True,
    no_shrink=True,
)


@pytest.fixture(autouse=True)
def _inside_the_test_transaction() -> Iterator[None]:
    """Like Django's test client, a request must not close the connection at its end:
    that would end the test's transaction (the WSGI handler sends the same signals)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _token(cast: Cast, who: str) -> dict[str, str]:
    _t, key = Token.issue(cast.users[who], "schemathesis")
    return {"Authorization": f"Bearer {key}"}


def _aim(case: Case, cast: Cast) -> None:
    """Point half the generated ids at real rows, so the success paths are exercised
    too (random ids almost never name a plan): an even plan id becomes unit A's plan,
    an even ``expected_version`` the plan's current version."""
    plan_id = case.path_parameters.get("plan_id") if case.path_parameters else None
    if _even_id(plan_id):
        case.path_parameters["plan_id"] = cast.plan_a.pk
        plan_id = cast.plan_a.pk
    body = case.body
    if isinstance(body, dict) and isinstance(plan_id, int):
        version = body.get("expected_version")
        if _even_id(version):
            stored = Plan.objects.filter(pk=plan_id).values_list("version", flat=True).first()
            body["expected_version"] = stored or version


def _even_id(value: Any) -> bool:
    """An even id the schema allows (one it refuses stays as generated: negative cases
    must stay negative)."""
    return type(value) is int and 1 <= value <= MAX_ID and value % 2 == 0


def _check(case: Case, cast: Cast, headers: dict[str, str]) -> None:
    _aim(case, cast)
    case.call_and_validate(headers=headers)


@schema.parametrize()
@BOUNDED
def test_api_as_the_units_writer(case: Case, cast: Cast) -> None:
    _check(case, cast, _token(cast, "editor"))


@schema.parametrize()
@BOUNDED
def test_api_as_another_units_user(case: Case, cast: Cast) -> None:
    _check(case, cast, _token(cast, "other"))


@schema.parametrize()
@BOUNDED
def test_api_without_a_token(case: Case, cast: Cast) -> None:
    _check(case, cast, {})
