"""The provider page (KPIs, trend, movement) and the programme page (benchmarks, funnel)."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisations.kinds import OrganisationKind
from organisations.models import Organisation, Region
from ratings.models import Rating, RatingRound, RightOfReply, RoundStatus
from ratings.testing import (
    LONDON_VALUES,
    MIDLANDS_VALUES,
    add_values,
    methodology_for,
    rating_from_values,
    round_of,
)


def _add_year(qcpm, year, london, midlands):
    """A published year in both regions; returns London's round."""
    world = qcpm.world
    methodology = methodology_for(world, year)
    rounds = [
        round_of(provider, methodology, status=RoundStatus.PUBLISHED)
        for provider in (world.london_ep, world.midlands_ep)
    ]
    add_values(world.london_ep, world.nursing, year, london)
    add_values(world.midlands_ep, world.nursing, year, midlands)
    rating_from_values(rounds[0], world.london_ep, world.nursing)
    rating_from_values(rounds[1], world.midlands_ep, world.nursing)
    return rounds[0]


def _provider(world, client, **params):
    return client.get(reverse("ratings:provider", args=[world.london_ep.pk]), params)


def test_the_provider_page_shows_each_kpi_with_value_target_and_band(qcpm, client_for):
    body = _provider(qcpm.world, client_for("regional_lead")).content.decode()
    assert "University of Thameside" in body
    assert "Pre-registration nursing (adult)" in body
    assert "Recruitment fill rate" in body and "98.3%" in body
    assert "Attrition (critical)" in body
    assert '<strong class="nhsuk-tag nhsuk-tag--green">Green</strong>' in body
    assert "draft" in body


def test_the_provider_page_shows_the_trend_and_the_movement_since_last_year(qcpm, client_for):
    _add_year(qcpm, 2024, MIDLANDS_VALUES, LONDON_VALUES)  # London was weak a year earlier
    response = _provider(qcpm.world, client_for("admin"), year=2025)
    body = response.content.decode()
    report = response.context["report"]
    assert [row.year for row in report.trend_rows] == [2024, 2025]
    assert report.programmes[0].movement == "improved"
    assert "Improved" in body and "(then Red)" in body
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img"' in body
    assert "Scores by year" in body and "2024/25" in body and "2025/26" in body
    assert str(report.programmes[0].rating.score) in body


def test_the_provider_page_shows_the_right_of_reply(qcpm, client_for):
    RightOfReply.objects.create(
        round=qcpm.round,
        education_provider=qcpm.world.london_ep,
        text="We have a new admissions team.",
        written_by=qcpm.world.user("ep_lead"),
    )
    body = _provider(qcpm.world, client_for("admin")).content.decode()
    assert "We have a new admissions team." in body


def test_a_provider_lead_sees_draft_ratings_only_from_provider_preview(qcpm, client_for):
    client = client_for("ep_lead")
    assert "no ratings you can see" in _provider(qcpm.world, client).content.decode()
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=RoundStatus.PROVIDER_PREVIEW)
    assert "Recruitment fill rate" in _provider(qcpm.world, client).content.decode()


def _programme(world, client, **params):
    return client.get(reverse("ratings:programme", args=[world.nursing.pk]), params)


def test_the_programme_page_ranks_averages_and_compares_with_last_year(qcpm, client_for):
    _add_year(qcpm, 2024, LONDON_VALUES, LONDON_VALUES)
    response = _programme(qcpm.world, client_for("admin"), year=2025)
    report = response.context["report"]
    rows = {row.rating.education_provider.name: row for row in report.rows}
    london, midlands = rows["University of Thameside"], rows["Trentbridge University"]
    assert (london.rank, london.of, midlands.rank) == (1, 2, 2)
    assert london.movement == "unchanged" and midlands.movement == "declined"
    assert london.region_average == london.rating.score
    assert [name for name, _, _ in report.region_averages] == ["London", "Midlands"]
    body = response.content.decode()
    assert "1 of 2" in body and "Declined" in body and "(was Green)" in body
    assert 'aria-labelledby="bands-title bands-desc"' in body
    assert "Ratings by band (the figures in the chart)" in body


def test_the_programme_page_draws_a_funnel_plot_for_a_chosen_ratio_kpi(qcpm, client_for):
    response = _programme(qcpm.world, client_for("admin"), kpi="ATTR")
    report = response.context["report"]
    assert report.kpi.code == "ATTR"
    points = dict(report.funnel_rows)
    assert points["Trentbridge University"].numerator == 19
    assert points["Trentbridge University"].denominator == 60
    assert report.funnel.pooled == (9 + 19) / (118 + 60)
    body = response.content.decode()
    assert 'aria-labelledby="funnel-title funnel-desc"' in body
    assert "Attrition for all 2 providers together is 15.7%." in body
    assert "NSS" not in [k.code for k in report.kpi_choices]  # a value, not a proportion


def test_the_programme_page_shows_only_ratings_the_user_may_see(qcpm, client_for):
    body = _programme(qcpm.world, client_for("contract_manager")).content.decode()
    assert "University of Thameside" in body and "Trentbridge" not in body


def test_the_programme_page_makes_the_same_number_of_queries_however_many_providers(
    qcpm, client_for, django_assert_num_queries
):
    client = client_for("admin")
    london = Region.objects.get(code="LON")

    def add(count, start):
        for n in range(start, start + count):
            provider = Organisation.objects.create(
                kind=OrganisationKind.EDUCATION_PROVIDER,
                name=f"Provider {n:03d}",
                ukprn=f"3{n:07d}",
                region=london,
            )
            Rating.objects.create(
                round=qcpm.round,
                education_provider=provider,
                programme=qcpm.world.nursing,
                band="high_amber",
                score=Decimal("2.100"),
            )

    add(1, 0)
    with CaptureQueriesContext(connection) as few:
        _programme(qcpm.world, client)
    add(25, 10)
    with django_assert_num_queries(len(few.captured_queries)):
        response = _programme(qcpm.world, client)
    assert len(response.context["report"].rows) == 28


def test_signed_in_pages_link_each_rating_to_its_explanation(qcpm, client_for, monkeypatch):
    from ratings.reports import selectors as selectors_reports

    monkeypatch.setattr(selectors_reports, "rating_url_maker", lambda: lambda pk: f"/x/{pk}/")
    client = client_for("admin")
    london = qcpm.ratings["london"].pk
    assert f'href="/x/{london}/"' in _provider(qcpm.world, client).content.decode()
    assert f'href="/x/{london}/"' in _programme(qcpm.world, client).content.decode()
    assert f'href="/x/{london}/"' in client.get(reverse("ratings:matrix")).content.decode()
