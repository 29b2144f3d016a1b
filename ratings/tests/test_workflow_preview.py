"""Provider preview: providers see their own draft ratings, query values in the window, reply."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from core import clock
from ratings.models import RatingQuery, RatingRound, RightOfReply, RoundStatus
from ratings.workflow.services import query_answer, query_raise, reply_save

# Dates here are counted from the clock's today, so CI runs them again on other days.
pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


def _set(qcpm: Any, status: str, closes: dt.date | None = None) -> None:
    """Both regions' rounds reach ``status``."""
    RatingRound.objects.filter(academic_year=2025).update(
        status=status, preview_closes_on=closes or clock.today() + dt.timedelta(days=7)
    )
    qcpm.round.refresh_from_db()
    for rating in qcpm.ratings.values():
        rating.refresh_from_db()


def _raise(qcpm: Any, **kwargs: Any) -> RatingQuery:
    options = {"kpi": qcpm.kpis["ATTR"], "question": "Our attrition was 7%", **kwargs}
    return query_raise(actor=qcpm.world.user("ep_lead"), rating=qcpm.ratings["london"], **options)


def test_a_provider_lead_cannot_see_its_draft_rating(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    client = client_for("ep_lead")
    assert (
        client.get(reverse("ratings:rating", args=[qcpm.ratings["london"].pk])).status_code == 404
    )
    assert client.get(reverse("ratings:round_detail", args=[2025, "lon"])).status_code == 404


def test_in_preview_a_provider_lead_sees_only_its_own_ratings(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    _set(qcpm, RoundStatus.PROVIDER_PREVIEW)
    client = client_for("ep_lead")
    own = client.get(reverse("ratings:rating", args=[qcpm.ratings["london"].pk]))
    assert own.status_code == 200
    assert "Query a value behind this rating" in own.content.decode()
    other = client.get(reverse("ratings:rating", args=[qcpm.ratings["midlands"].pk]))
    assert other.status_code == 404
    round_page = client.get(reverse("ratings:round_detail", args=[2025, "lon"])).content.decode()
    assert "University of Thameside" in round_page
    assert "Trentbridge University" not in round_page
    # The Midlands round is another region's: not found.
    assert client.get(reverse("ratings:round_detail", args=[2025, "mid"])).status_code == 404


def test_a_provider_lead_raises_a_query_within_the_window(qcpm: Any) -> None:
    _set(qcpm, RoundStatus.PROVIDER_PREVIEW, clock.today())
    query = _raise(qcpm)
    assert query.status == RatingQuery.Status.OPEN
    assert query.raised_by == qcpm.world.user("ep_lead")
    assert query.kpi == qcpm.kpis["ATTR"]


def test_a_query_after_the_window_closes_is_refused(qcpm: Any) -> None:
    _set(qcpm, RoundStatus.PROVIDER_PREVIEW, clock.today())
    with pytest.raises(ValidationError, match="preview has closed"):
        _raise(qcpm, today=clock.today() + dt.timedelta(days=1))
    assert not RatingQuery.objects.exists()


@pytest.mark.parametrize("status", [RoundStatus.DRAFT, RoundStatus.APPROVED, RoundStatus.PUBLISHED])
def test_a_query_outside_the_preview_is_refused(qcpm: Any, status: str) -> None:
    _set(qcpm, status)
    with pytest.raises(ValidationError, match="only be raised while"):
        _raise(qcpm)


def test_only_the_providers_own_lead_raises_a_query(qcpm: Any) -> None:
    _set(qcpm, RoundStatus.PROVIDER_PREVIEW)
    with pytest.raises(PermissionDenied):
        query_raise(
            actor=qcpm.world.user("ep_lead"),
            rating=qcpm.ratings["midlands"],
            kpi=None,
            question="Not ours",
        )
    with pytest.raises(PermissionDenied):
        query_raise(
            actor=qcpm.world.user("contract_manager"),
            rating=qcpm.ratings["london"],
            kpi=None,
            question="Not a provider",
        )


def test_an_empty_query_is_refused(qcpm: Any) -> None:
    _set(qcpm, RoundStatus.PROVIDER_PREVIEW)
    with pytest.raises(ValidationError, match="Enter your question"):
        _raise(qcpm, question="   ")


def test_a_contract_manager_answers_a_query_and_the_provider_reads_it(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    _set(qcpm, RoundStatus.PROVIDER_PREVIEW)
    query = _raise(qcpm)
    with pytest.raises(PermissionDenied):
        query_answer(actor=qcpm.world.user("regional_lead"), query=query, answer="No")
    response = client_for("contract_manager").post(
        reverse("ratings:rating_query_answer", args=[query.pk]),
        {"answer": "Checked: the return counted transfers as leavers."},
    )
    assert response.status_code == 302
    query.refresh_from_db()
    assert query.status == RatingQuery.Status.ANSWERED
    assert query.answered_by == qcpm.world.user("contract_manager")
    page = client_for("ep_lead").get(reverse("ratings:rating", args=[qcpm.ratings["london"].pk]))
    assert "counted transfers as leavers" in page.content.decode()


def test_the_query_form_lists_the_ratings_kpis_and_names_missing_fields(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    _set(qcpm, RoundStatus.PROVIDER_PREVIEW)
    client = client_for("ep_lead")
    url = reverse("ratings:rating_query", args=[qcpm.ratings["london"].pk])
    empty = client.post(url, {})
    text = empty.content.decode()
    assert "Choose the KPI your query is about" in text and "Enter your query" in text
    response = client.post(url, {"kpi": qcpm.kpis["NSS"].pk, "question": "NSS was 88"})
    assert response.status_code == 302
    assert RatingQuery.objects.get().kpi == qcpm.kpis["NSS"]


def test_the_round_page_lists_open_queries(qcpm: Any, client_for: Callable[[str], Client]) -> None:
    _set(qcpm, RoundStatus.PROVIDER_PREVIEW)
    _raise(qcpm)
    page = client_for("contract_manager").get(reverse("ratings:round_detail", args=[2025, "lon"]))
    assert "Attrition, raised" in page.content.decode()


def test_a_provider_writes_its_right_of_reply_in_preview_and_edits_it_once_published(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    lead = qcpm.world.user("ep_lead")
    _set(qcpm, RoundStatus.PROVIDER_PREVIEW)
    reply_save(actor=lead, round_=qcpm.round, provider=qcpm.world.london_ep, text="We agree.")
    _set(qcpm, RoundStatus.PUBLISHED)
    client = client_for("ep_lead")
    response = client.post(
        reverse("ratings:round_reply", args=[2025, "lon", qcpm.world.london_ep.pk]),
        {"text": "We agree, and have a plan."},
    )
    assert response.status_code == 302
    assert RightOfReply.objects.get().text == "We agree, and have a plan."
    page = client_for("contract_manager").get(
        reverse("ratings:rating", args=[qcpm.ratings["london"].pk])
    )
    assert "We agree, and have a plan." in page.content.decode()


@pytest.mark.parametrize("status", [RoundStatus.DRAFT, RoundStatus.APPROVED])
def test_a_right_of_reply_is_refused_outside_preview_and_publication(
    qcpm: Any, status: str
) -> None:
    _set(qcpm, status)
    with pytest.raises(ValidationError, match="right of reply can be written while"):
        reply_save(
            actor=qcpm.world.user("ep_lead"),
            round_=qcpm.round,
            provider=qcpm.world.london_ep,
            text="Too early",
        )


def test_only_the_providers_lead_writes_its_reply(qcpm: Any) -> None:
    _set(qcpm, RoundStatus.PROVIDER_PREVIEW)
    with pytest.raises(PermissionDenied):
        reply_save(
            actor=qcpm.world.user("ep_lead"),
            round_=qcpm.round,
            provider=qcpm.world.midlands_ep,
            text="Not ours",
        )
