"""Fuzz the read API from its own OpenAPI schema: no 500s, every answer matches the schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.test_api_reporting import data  # noqa: F401  (the hand-counted data set, a fixture)
from tracker.wsgi import application


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests through the WSGI app end with Django closing the database connection, which
    would close the test's transaction on PostgreSQL; Django's own test client does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)

EXAMPLES = 15
# What the API promises: never a 500, and answers shaped as the schema says. (Schemathesis'
# stricter negative checks would also demand a 400 for an empty `?date_to=`, which the API
# treats as "no filter", as django-filter does.)
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.mark.slow
@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_every_generated_request_within_its_schema(case, data):  # noqa: F811
    case.call_and_validate(headers={"Host": "localhost"}, checks=CHECKS)
