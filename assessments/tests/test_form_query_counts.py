"""The form pages make a fixed number of queries, however full the submission and however
many questions a domain has."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Action, Answer, Evidence, Submission
from core import clock

pytestmark = pytest.mark.django_db

Clients = Callable[[str], Client]


def _domain_url(assessment: Any, number: int = 1) -> str:
    return reverse("assessments:form_domain", args=[assessment.london.pk, number])


def _fill(assessment: Any, submission: Submission) -> None:
    for question in assessment.questions:
        answer = Answer.objects.create(
            submission=submission,
            question=question,
            value="not_met",
            comment="c",
            previous_value="met",
        )
        for n in range(3):
            Action.objects.create(
                answer=answer, description=f"a{n}", owner="o", due_on=clock.today()
            )
            evidence = Evidence(
                answer=answer, original_name=f"e{n}.txt", content_type="text/plain", size=1
            )
            evidence.file.save(f"e{n}.txt", ContentFile(b"x"))


@pytest.mark.parametrize("persona", ["pp_contributor", "regional_lead"])
def test_the_domain_page_makes_the_same_number_of_queries_however_full_it_is(
    assessment: Any, client_for: Clients, django_assert_num_queries: Any, persona: str
) -> None:
    client = client_for(persona)
    url = _domain_url(assessment)
    with CaptureQueriesContext(connection) as empty:
        assert client.get(url).status_code == 200
    _fill(assessment, assessment.london)
    with django_assert_num_queries(len(empty.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_overview_and_check_pages_make_a_fixed_number_of_queries(
    assessment: Any, client_for: Clients, django_assert_num_queries: Any
) -> None:
    client = client_for("pp_contributor")
    urls = [
        reverse("assessments:submission", args=[assessment.london.pk]),
        reverse("assessments:check_answers", args=[assessment.london.pk]),
    ]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as empty:
            client.get(url)
        counts.append(len(empty.captured_queries))
    _fill(assessment, assessment.london)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_num_queries(count):
            client.get(url)


@pytest.mark.parametrize("persona", ["pp_contributor", "pp_executive"])
def test_domain_pages_with_more_questions_make_no_more_queries(
    assessment: Any, client_for: Clients, django_assert_num_queries: Any, persona: str
) -> None:
    client = client_for(persona)
    # Domain 1 has three questions in two standards, domain 2 two questions in one.
    with CaptureQueriesContext(connection) as smaller:
        client.get(_domain_url(assessment, 2))
    with django_assert_num_queries(len(smaller.captured_queries)):
        client.get(_domain_url(assessment, 1))
