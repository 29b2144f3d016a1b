"""A rating keeps its identity (provider x programme x year) across recomputes: its link, its
queries and its history of computations stay with it."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from core import clock
from ratings.models import (
    KpiValue,
    Rating,
    RatingComputation,
    RatingQuery,
    RatingRound,
    RoundStatus,
)
from ratings.testing import YEAR, compute_every_region
from ratings.workflow.corrections import rating_correct

pytestmark = pytest.mark.django_db

FIRST = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
SECOND = dt.datetime(2026, 3, 9, 15, 30, tzinfo=dt.UTC)


def _london(qcpm: Any, programme: Any = "nursing") -> Rating:
    return Rating.objects.get(
        round=qcpm.round,
        education_provider=qcpm.world.london_ep,
        programme=qcpm.world.nursing if programme == "nursing" else None,
        is_current=True,
    )


def _worse_survey(qcpm: Any) -> None:
    """The London survey score falls from Green to Red, so the score falls too."""
    KpiValue.objects.filter(
        education_provider=qcpm.world.london_ep, kpi__code="NSS", academic_year=YEAR
    ).update(value=Decimal("40"))


def _computed_twice(qcpm: Any) -> Rating:
    with clock.as_of(FIRST):
        compute_every_region()
    _worse_survey(qcpm)
    with clock.as_of(SECOND):
        compute_every_region()
    return _london(qcpm)


def test_a_queried_rating_keeps_its_link_and_its_query_after_a_recompute(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    compute_every_region()
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=RoundStatus.PROVIDER_PREVIEW)
    rating = _london(qcpm)
    before = rating.score
    query = RatingQuery.objects.create(
        rating=rating, question="Is the survey score right?", raised_by=qcpm.world.user("ep_lead")
    )
    _worse_survey(qcpm)
    compute_every_region()
    page = client_for("ep_lead").get(reverse("ratings:rating", args=[rating.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Is the survey score right?" in text
    recomputed = _london(qcpm)
    assert recomputed.pk == rating.pk and recomputed.score != before
    assert f"{recomputed.score} out of 3" in text
    query.refresh_from_db()
    assert query.rating_id == rating.pk


def test_every_computation_of_a_rating_is_kept_in_order(qcpm: Any) -> None:
    rating = _computed_twice(qcpm)
    computations = list(rating.computations.order_by("computed_at"))
    # (The named moments, give or take the time the computation takes.)
    assert [c.computed_at.replace(second=0, microsecond=0) for c in computations] == [
        FIRST,
        SECOND,
    ]
    assert [c.band for c in computations] == ["green", rating.band]
    assert computations[0].score != computations[1].score == rating.score
    # Every rating of London's round (its programme and overall) has both computations.
    assert RatingComputation.objects.filter(rating__round=qcpm.round).count() == 2 * 2


def test_the_rating_page_shows_each_computation(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    rating = _computed_twice(qcpm)
    first = rating.computations.order_by("computed_at").first()
    assert first is not None
    text = client_for("admin").get(reverse("ratings:rating", args=[rating.pk])).content.decode()
    history = text.split("<h2>Computations</h2>")[1].split("</table>")[0]
    assert history.count('<tr class="nhsuk-table__row">') == 2
    assert str(first.score) in history and str(rating.score) in history
    # Newest first.
    assert history.index(str(rating.score)) < history.index(str(first.score))


def test_a_correction_is_a_computation_of_the_new_revision(qcpm: Any) -> None:
    rating = _computed_twice(qcpm)
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=RoundStatus.PUBLISHED)
    KpiValue.objects.filter(
        education_provider=qcpm.world.london_ep, kpi__code="NSS", academic_year=YEAR
    ).update(value=Decimal("90"))
    new = rating_correct(actor=qcpm.world.user("admin"), rating=rating, note="Survey re-run")
    from ratings.workflow.selectors import rating_computations

    found = rating_computations(new)
    assert [(c.rating.revision, c.score) for c in found[:1]] == [(2, new.score)]
    assert len(found) == 3 and rating_computations(rating) == found


def test_a_rating_of_a_programme_no_longer_rated_goes_with_its_computations(qcpm: Any) -> None:
    compute_every_region()
    gone = _london(qcpm)
    KpiValue.objects.filter(education_provider=qcpm.world.london_ep).delete()
    compute_every_region()
    assert not Rating.objects.filter(pk=gone.pk).exists()
    assert not RatingComputation.objects.filter(rating_id=gone.pk).exists()


def test_ratings_computed_before_computations_were_kept_get_their_first_one(qcpm: Any) -> None:
    migration = importlib.import_module(
        "ratings.migrations.0008_ratings_keep_their_first_computation"
    )
    london = qcpm.ratings["london"]
    assert not RatingComputation.objects.exists()
    migration.first_computations(apps, None)
    migration.first_computations(apps, None)  # a second run adds nothing
    kept = RatingComputation.objects.get(rating=london)
    assert (kept.computed_at, kept.band, kept.score, kept.coverage) == (
        london.computed_at,
        london.band,
        london.score,
        london.coverage,
    )
    assert RatingComputation.objects.count() == 2
