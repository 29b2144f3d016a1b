"""New KPI data marks computed ratings out of date: the round page lists them, the rating
page says so, and the provider preview and approval wait for a recompute."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import clock
from organisations.kinds import OrganisationKind
from organisations.models import Organisation
from programmes.models import Programme
from ratings.imports.services import import_file
from ratings.models import KpiImport, Rating, RatingRound, RoundStatus, StaleRating
from ratings.testing import LONDON_VALUES, YEAR, add_values, compute_every_region, preview_closed
from ratings.tests.import_helpers import LONDON, MIDLANDS, csv_bytes, good_rows
from ratings.workflow.corrections import rating_correct
from ratings.workflow.services import round_transition

pytestmark = pytest.mark.django_db

NEW_NSS = [(LONDON, "NURS-ADULT", "2025/26", "NSS", "60", "", "")]


def _import(rows: Iterable[Sequence[object]], name: str = "kpis.csv") -> KpiImport:
    plan, kpi_import = import_file(actor=None, file_name=name, data=csv_bytes(rows))
    assert plan.is_valid and kpi_import is not None
    return kpi_import


def _marked() -> set[tuple[int, str, str]]:
    return set(
        StaleRating.objects.values_list(
            "academic_year", "education_provider__name", "programme__code"
        )
    )


def _soon() -> dt.date:
    return clock.today() + dt.timedelta(days=10)


def _step(qcpm: Any, name: str, **kwargs: Any) -> RatingRound:
    return round_transition(
        actor=qcpm.world.user("contract_manager"), round_=qcpm.round, name=name, **kwargs
    )


def test_an_import_changing_values_of_a_computed_year_marks_those_programmes(qcpm: Any) -> None:
    compute_every_region()
    kpi_import = _import(NEW_NSS)
    london = qcpm.world.london_ep
    assert _marked() == {(YEAR, london.name, "NURS-ADULT")}
    mark = StaleRating.objects.get()
    assert mark.kpi_import == kpi_import
    # The import's record says which computed ratings it left out of date.
    kpi_import.refresh_from_db()
    assert kpi_import.summary["stale_ratings"] == [[YEAR, "2025/26", 1]]


def test_a_programme_new_to_a_computed_year_is_marked_too(qcpm: Any) -> None:
    compute_every_region()
    _import([(MIDLANDS, "NURS-CHILD", "2025/26", "NSS", "80", "", "")])
    assert _marked() == {(YEAR, qcpm.world.midlands_ep.name, "NURS-CHILD")}


def test_nothing_is_marked_before_the_year_is_computed_or_when_no_value_changes(
    qcpm: Any,
) -> None:
    _import(NEW_NSS, "before.csv")  # the round exists but was never computed
    assert not StaleRating.objects.exists()
    compute_every_region()
    _import(NEW_NSS, "again.csv")  # the same value again: nothing changes
    assert not StaleRating.objects.exists()
    kpi_import = KpiImport.objects.get(file_name="again.csv")
    assert kpi_import.summary["stale_ratings"] == []


def test_recomputing_clears_the_marks(qcpm: Any) -> None:
    compute_every_region()
    _import(good_rows() + good_rows(ukprn=MIDLANDS))
    assert len(_marked()) == 2
    compute_every_region()
    assert not StaleRating.objects.exists()


def test_the_preview_waits_for_a_recompute_and_says_which_programmes(qcpm: Any) -> None:
    compute_every_region()
    _import(NEW_NSS)
    with pytest.raises(ValidationError) as refused:
        _step(qcpm, "preview", preview_closes_on=_soon())
    message = refused.value.message_dict["transition"][0]
    assert message == (
        "KPI values of 1 programme changed after the 2025/26 ratings were computed "
        f"({qcpm.world.london_ep.name} (Pre-registration nursing (adult))): recompute the "
        "ratings before opening the provider preview"
    )
    qcpm.round.refresh_from_db()
    assert qcpm.round.status == RoundStatus.DRAFT
    compute_every_region()
    assert _step(qcpm, "preview", preview_closes_on=_soon()).status == (
        RoundStatus.PROVIDER_PREVIEW
    )


def test_approval_waits_for_a_recompute_during_the_preview(qcpm: Any) -> None:
    compute_every_region()
    _step(qcpm, "preview", preview_closes_on=_soon())
    preview_closed(qcpm.round)
    _import(NEW_NSS)
    with pytest.raises(ValidationError, match="recompute the ratings before approving them"):
        _step(qcpm, "approve")
    compute_every_region()
    assert _step(qcpm, "approve").status == RoundStatus.APPROVED


def test_the_refusal_names_three_programmes_and_counts_the_rest(qcpm: Any) -> None:
    compute_every_region()
    codes = ["NURS-CHILD", "MIDW", "NURS-MH", "NURS-LD"]
    _import([(LONDON, code, "2025/26", "NSS", "80", "", "") for code in codes])
    with pytest.raises(ValidationError, match=r"\), 1 more\): recompute"):
        _step(qcpm, "preview", preview_closes_on=_soon())


def test_the_round_page_lists_the_programmes_and_asks_for_a_recompute(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    compute_every_region()
    _import(NEW_NSS)
    rating = Rating.objects.get(
        education_provider=qcpm.world.london_ep, programme=qcpm.world.nursing
    )
    text = (
        client_for("admin")
        .get(reverse("ratings:round_detail", args=[YEAR, "lon"]))
        .content.decode()
    )
    assert "Ratings out of date" in text
    assert "KPI values of 1 programme changed after these ratings were last computed" in text
    assert "Recompute the ratings before opening the provider preview or approving them" in text
    assert reverse("ratings:rating", args=[rating.pk]) in text
    assert "KPI import of kpis.csv" in text
    compute_every_region()
    text = (
        client_for("admin")
        .get(reverse("ratings:round_detail", args=[YEAR, "lon"]))
        .content.decode()
    )
    assert "Ratings out of date" not in text


def test_each_regions_round_lists_only_its_own_out_of_date_programmes(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    compute_every_region()
    _import(good_rows() + good_rows(ukprn=MIDLANDS))
    client = client_for("contract_manager")
    text = client.get(reverse("ratings:round_detail", args=[YEAR, "lon"])).content.decode()
    assert "KPI values of 1 programme changed" in text
    listed = text.split("<h2>Ratings out of date</h2>")[1].split("</table>")[0]
    assert qcpm.world.london_ep.name in listed
    assert qcpm.world.midlands_ep.name not in text
    # The Midlands round has its own mark, which London's contract manager cannot reach.
    midlands = reverse("ratings:round_detail", args=[YEAR, "mid"])
    assert client.get(midlands).status_code == 404
    text = client_for("admin").get(midlands).content.decode()
    assert "KPI values of 1 programme changed" in text
    assert qcpm.world.midlands_ep.name in text


def test_the_rating_page_says_it_is_out_of_date(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    compute_every_region()
    _import(NEW_NSS)
    client = client_for("admin")
    london = qcpm.world.london_ep
    for programme in (qcpm.world.nursing, None):
        rating = Rating.objects.get(education_provider=london, programme=programme)
        text = client.get(reverse("ratings:rating", args=[rating.pk])).content.decode()
        assert "Out of date" in text and "in the KPI import of kpis.csv" in text
    midlands = Rating.objects.get(education_provider=qcpm.world.midlands_ep, programme=None)
    text = client.get(reverse("ratings:rating", args=[midlands.pk])).content.decode()
    assert "Out of date" not in text


def test_a_correction_clears_its_programmes_mark(qcpm: Any) -> None:
    compute_every_region()
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=RoundStatus.PUBLISHED)
    _import(good_rows() + good_rows(ukprn=MIDLANDS))
    rating = Rating.objects.get(
        education_provider=qcpm.world.london_ep, programme=qcpm.world.nursing
    )
    rating_correct(actor=qcpm.world.user("admin"), rating=rating, note="New survey results")
    assert _marked() == {(YEAR, qcpm.world.midlands_ep.name, "NURS-ADULT")}


def test_the_import_result_page_says_which_ratings_need_recomputing(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    compute_every_region()
    kpi_import = _import(NEW_NSS)
    page = client_for("admin").get(reverse("ratings:kpi_import_detail", args=[kpi_import.pk]))
    text = page.content.decode()
    assert "The 2025/26 ratings need recomputing" in text
    assert "1 programme has an out-of-date rating" in text
    assert reverse("ratings:round_list") in text


def _more_stale(qcpm: Any, count: int, start: int) -> None:
    for n in range(start, start + count):
        provider = Organisation.objects.create(
            kind=OrganisationKind.EDUCATION_PROVIDER,
            name=f"Extra University {n}",
            ukprn=f"3000{n:04d}",
            region=qcpm.world.london_ep.region,
        )
        add_values(provider, Programme.objects.get(code="NURS-CHILD"), YEAR, LONDON_VALUES)
        StaleRating.objects.create(
            academic_year=YEAR,
            education_provider=provider,
            programme=qcpm.world.nursing,
            marked_at=clock.now(),
        )


def test_the_round_page_makes_the_same_number_of_queries_however_many_are_out_of_date(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    compute_every_region()
    client = client_for("contract_manager")
    url = reverse("ratings:round_detail", args=[YEAR, "lon"])
    _more_stale(qcpm, 2, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _more_stale(qcpm, 8, 10)
    with CaptureQueriesContext(connection) as many:
        assert "KPI values of 10 programmes" in client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
