"""Schemathesis on the live API schema, called through Django's WSGI application (shared
by the API tests; the fixture ``inside_the_test_transaction`` is in conftest)."""

from __future__ import annotations

import os

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from schemathesis import GenerationMode

__all__ = ["APP", "EXAMPLES", "schema"]

#: Examples per operation and caller (``make test``); ``make fuzz`` asks for more.
EXAMPLES = int(os.environ.get("JIXIAO_SCHEMA_EXAMPLES", "12"))

#: The live schema, read from the running application as a client would.
APP = WSGIHandler()
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", APP)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=EXAMPLES,
    deterministic=True,
    no_shrink=True,
)
