"""The API does what its OpenAPI schema says, checked by Schemathesis against the live
schema (``/api/openapi.json``) through the WSGI application, for three callers: a writer
of unit A (its plans answer), another unit's editor (404 for unit A's plans) and nobody
(401). Every check Schemathesis has runs on every response: no 5xx, every status and
body as declared, the refusals the schema promises really refused (negative data).

Bounded for ``make test``: a fixed number of examples per operation, derandomized (the
same cases every run), no shrinking. A longer run: ``JIXIAO_SCHEMA_EXAMPLES=200``.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from schemathesis import Case

from jixiao.web.api.models import Token
from jixiao.web.common.api import MAX_ID
from jixiao.web.plans.models import Plan
from tests.web.api_support import EXAMPLES, schema
from tests.web.base import Cast

pytestmark = pytest.mark.django_db

BOUNDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _wsgi(inside_the_test_transaction: None) -> None:
    """Schemathesis calls the WSGI application inside the test's transaction."""


def _token(cast: Cast, who: str) -> dict[str, str]:
    _t, key = Token.issue(cast.users[who], "schemathesis")
    return {"Authorization": f"Bearer {key}"}


def _aim(case: Case[Any], cast: Cast) -> None:
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


def _check(case: Case[Any], cast: Cast, headers: dict[str, str]) -> None:
    _aim(case, cast)
    case.call_and_validate(headers=headers)


@schema.parametrize()
@BOUNDED
def test_api_as_the_units_writer(case: Case[Any], cast: Cast) -> None:
    _check(case, cast, _token(cast, "editor"))


@schema.parametrize()
@BOUNDED
def test_api_as_another_units_user(case: Case[Any], cast: Cast) -> None:
    _check(case, cast, _token(cast, "other"))


@schema.parametrize()
@BOUNDED
def test_api_without_a_token(case: Case[Any], cast: Cast) -> None:
    _check(case, cast, {})
