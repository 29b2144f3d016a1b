"""The round list, round page and rating page: what they show and a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import clock
from organisations.kinds import OrganisationKind
from organisations.models import Organisation
from programmes.models import Programme
from ratings.compute.services import ratings_compute
from ratings.models import FollowUp, FollowUpAction, RatingQuery, RatingRound, RoundStatus
from ratings.testing import MIDLANDS_VALUES, YEAR, add_values, compute_every_region

pytestmark = pytest.mark.django_db


def _more_providers(qcpm: Any, count: int, start: int) -> None:
    child = Programme.objects.get(code="NURS-CHILD")
    for n in range(start, start + count):
        provider = Organisation.objects.create(
            kind=OrganisationKind.EDUCATION_PROVIDER,
            name=f"Extra University {n}",
            ukprn=f"2000{n:04d}",
            region=qcpm.world.london_ep.region,
        )
        for programme in (qcpm.world.nursing, child):
            add_values(provider, programme, YEAR, MIDLANDS_VALUES)


def _publish_with_extras(qcpm: Any) -> None:
    ratings_compute(actor=None, year=YEAR, region=qcpm.round.region)
    RatingRound.objects.filter(pk=qcpm.round.pk).update(
        status=RoundStatus.PUBLISHED, published_at=clock.now()
    )


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_round_page_shows_counts_by_band_as_text(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    compute_every_region()
    client = client_for("admin")
    text = client.get(reverse("ratings:round_detail", args=[YEAR, "lon"])).content.decode()
    assert 'nhsuk-tag--red">Red</strong> 0 programmes' in text
    assert 'nhsuk-tag--green">Green</strong> 1 programme' in text
    assert "Recompute ratings" in text and "Open the provider preview" in text
    text = client.get(reverse("ratings:round_detail", args=[YEAR, "mid"])).content.decode()
    assert 'nhsuk-tag--red">Red</strong> 1 programme' in text
    assert 'nhsuk-tag--green">Green</strong> 0 programmes' in text


def test_the_round_list_counts_only_the_viewers_region(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    compute_every_region()
    page = client_for("regional_lead").get(reverse("ratings:round_list")).content.decode()
    assert "2025/26" in page
    # London's round only: the Midlands round is not listed.
    assert reverse("ratings:round_detail", args=[YEAR, "lon"]) in page
    assert reverse("ratings:round_detail", args=[YEAR, "mid"]) not in page
    assert "Compute ratings" not in page  # a regional lead reads, but does not compute
    admin_page = client_for("admin").get(reverse("ratings:round_list")).content.decode()
    assert "Compute ratings" in admin_page
    assert reverse("ratings:round_detail", args=[YEAR, "mid"]) in admin_page


def test_computing_from_the_round_list_creates_the_ratings(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    response = client_for("contract_manager").post(
        reverse("ratings:round_compute"), {"round": "2025-LON"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("ratings:round_detail", args=[YEAR, "lon"])
    qcpm.round.refresh_from_db()
    assert qcpm.round.computed_at is not None
    qcpm.midlands_round.refresh_from_db()
    assert qcpm.midlands_round.computed_at is None


def test_the_rating_page_explains_every_kpi(qcpm: Any, client_for: Callable[[str], Client]) -> None:
    compute_every_region()
    from ratings.models import Rating

    rating = Rating.objects.get(education_provider=qcpm.world.midlands_ep, programme__isnull=False)
    text = client_for("admin").get(reverse("ratings:rating", args=[rating.pk])).content.decode()
    for expected in (
        "Recruitment fill rate",
        "60 of 80",  # numerator and denominator of the fill rate
        "75%",  # its value
        "Attrition",
        "Critical",
        "Weighted score",
        "Capped at" if "Capped at" in str(rating.explanation) else "out of 3",
        'nhsuk-tag--red">Red</strong>',
    ):
        assert expected in text, expected


def test_the_round_page_makes_the_same_number_of_queries_however_many_ratings(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    client = client_for("contract_manager")
    url = reverse("ratings:round_detail", args=[YEAR, "lon"])
    _more_providers(qcpm, 2, 0)
    _publish_with_extras(qcpm)
    small = _count(client, url)
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=RoundStatus.DRAFT)
    _more_providers(qcpm, 8, 10)
    _publish_with_extras(qcpm)
    for rating in qcpm.round.ratings.filter(band="red")[:6]:
        follow_up = FollowUp.objects.create(rating=rating)
        FollowUpAction.objects.create(
            follow_up=follow_up, description="Plan", owner="Dean", due_on=dt.date(2026, 5, 1)
        )
        RatingQuery.objects.create(
            rating=rating, question="Why?", raised_by=qcpm.world.user("ep_lead")
        )
    assert _count(client, url) == small


def test_the_rating_page_makes_the_same_number_of_queries_however_much_follows_it(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    compute_every_region()
    from ratings.models import Rating

    rating = Rating.objects.get(education_provider=qcpm.world.london_ep, programme__isnull=False)
    client = client_for("contract_manager")
    url = reverse("ratings:rating", args=[rating.pk])
    follow_up = FollowUp.objects.create(rating=rating)
    RatingQuery.objects.create(rating=rating, question="One", raised_by=qcpm.world.user("ep_lead"))
    FollowUpAction.objects.create(
        follow_up=follow_up, description="A", owner="B", due_on=dt.date(2026, 5, 1)
    )
    small = _count(client, url)
    for n in range(5):
        RatingQuery.objects.create(
            rating=rating, question=f"More {n}", raised_by=qcpm.world.user("ep_lead")
        )
        FollowUpAction.objects.create(
            follow_up=follow_up, description=f"A{n}", owner="B", due_on=dt.date(2026, 5, 1)
        )
    assert _count(client, url) == small
    assert small <= 20
