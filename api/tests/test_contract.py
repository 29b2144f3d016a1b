"""The API against its own description: schemathesis generates requests from the OpenAPI
document and checks that no answer is a server error or falls outside the document.

It calls the application in the test process (WSGI), on published and unpublished data, with
a small number of examples per operation so that it runs in CI in seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from api.tests.conftest import Published
from api.v1 import api

APP = WSGIHandler()


@pytest.fixture(autouse=True)
def _connection_kept_between_requests() -> Iterator[None]:
    """Requests made straight to the WSGI handler would close the test's database
    connection when they end (Django's client stops that; a WSGI call does not), losing the
    test's transaction on PostgreSQL."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


# The document as the API serves it, read without a request (no database needed to collect).
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_answer_breaks_the_contract(case: Any, published: Published) -> None:
    response = case.call(app=APP)
    case.validate_response(response, checks=CHECKS)
    body = response.text
    # Nothing of the draft round, ever.
    if response.status_code == 200 and "ratings" in case.operation.path:
        assert f'"id":{published.draft.pk},' not in body.replace(" ", "")


def test_a_published_report_and_rating_keep_to_the_document(
    published: Published, world: Any
) -> None:
    """Fuzzing seldom guesses a published year or id; these are asked for by name."""
    from assessments.tests.access_rules_report import _published as published_report

    year = published_report(world)["year"]
    cases = [
        schema["/api/v1/self-assessment/reports/{year}"]["GET"].Case(
            path_parameters={"year": year}
        ),
        schema["/api/v1/ratings/{rating_id}"]["GET"].Case(
            path_parameters={"rating_id": published.small.pk}
        ),
        schema["/api/v1/organisations/{ukprn}"]["GET"].Case(path_parameters={"ukprn": "10000001"}),
        schema["/api/v1/programmes/{code}"]["GET"].Case(path_parameters={"code": "NURS-ADULT"}),
    ]
    for case in cases:
        response = case.call(app=APP)
        assert response.status_code == 200, case.path
        case.validate_response(response, checks=CHECKS)
