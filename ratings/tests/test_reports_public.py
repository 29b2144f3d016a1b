"""The public pages show only current ratings of published rounds, with guidance and replies."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core import clock
from ratings.models import Kpi, Rating, RatingRound, RightOfReply, RoundStatus
from ratings.testing import (
    LONDON_VALUES,
    add_values,
    methodology_for,
    rating_from_values,
    round_of,
)

PUBLIC = reverse("ratings:public")


def _published(qcpm, year=2024, values=LONDON_VALUES):
    """London's round of ``year``, published; the methodology covers the Midlands too."""
    methodology = methodology_for(qcpm.world, year)
    round_ = round_of(
        qcpm.world.london_ep, methodology, status=RoundStatus.PUBLISHED, published_at=clock.now()
    )
    add_values(qcpm.world.london_ep, qcpm.world.nursing, year, values)
    return round_, rating_from_values(round_, qcpm.world.london_ep, qcpm.world.nursing)


def _provider_url(world, provider=None):
    return reverse("ratings:public_provider", args=[(provider or world.london_ep).pk])


def test_without_a_published_round_the_public_page_says_so(qcpm, client):
    body = client.get(PUBLIC).content.decode()
    assert "No ratings have been published yet." in body
    assert "University of Thameside" not in body and "Trentbridge" not in body


def test_draft_ratings_are_not_reachable_anonymously(qcpm, client):
    assert client.get(PUBLIC, {"year": 2025}).status_code == 404
    assert client.get(_provider_url(qcpm.world)).status_code == 404
    assert client.get(_provider_url(qcpm.world, qcpm.world.midlands_ep)).status_code == 404


@pytest.mark.parametrize("status", [RoundStatus.PROVIDER_PREVIEW, RoundStatus.APPROVED])
def test_ratings_not_yet_published_stay_hidden(qcpm, client, status):
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=status)
    assert client.get(_provider_url(qcpm.world)).status_code == 404
    assert "Trentbridge" not in client.get(PUBLIC).content.decode()


def test_published_ratings_appear_with_the_guidance(qcpm, client):
    _published(qcpm)
    response = client.get(PUBLIC)
    body = response.content.decode()
    assert response.status_code == 200
    assert "University of Thameside" in body and "Trentbridge" not in body
    assert '<strong class="nhsuk-tag nhsuk-tag--green">Green</strong>' in body
    assert "value for the money" in body and "fitness for purpose" in body
    assert "not a ranking of universities" in body
    assert "What a Red rating means, and what it does not" in body
    assert "What happens next" in body


def test_the_public_provider_page_shows_the_reply_and_only_the_published_year(qcpm, client):
    round_, _ = _published(qcpm)
    RightOfReply.objects.create(
        round=round_,
        education_provider=qcpm.world.london_ep,
        text="We welcome the rating.",
        written_by=qcpm.world.user("ep_lead"),
    )
    RightOfReply.objects.create(
        round=qcpm.round,
        education_provider=qcpm.world.london_ep,
        text="A draft reply nobody should see.",
        written_by=qcpm.world.user("ep_lead"),
    )
    response = client.get(_provider_url(qcpm.world))
    body = response.content.decode()
    assert response.context["report"].years == [2024]
    assert "We welcome the rating." in body and "draft reply" not in body
    assert "2025/26" not in body
    assert client.get(_provider_url(qcpm.world), {"year": 2025}).status_code == 404


def test_only_the_current_revision_is_public(qcpm, client):
    _, rating = _published(qcpm)
    Rating.objects.filter(pk=rating.pk).update(is_current=False)
    Rating.objects.create(
        round=rating.round,
        education_provider=rating.education_provider,
        programme=rating.programme,
        band="high_amber",
        revision=2,
        correction_note="The fill rate was corrected.",
    )
    body = client.get(_provider_url(qcpm.world)).content.decode()
    assert "High Amber" in body and "The fill rate was corrected." in body
    assert ">Green<" not in body.split("Programme ratings")[1].split("About these ratings")[0]


def test_public_pages_never_link_to_the_signed_in_explanation(qcpm, client, monkeypatch):
    from ratings.reports import selectors as selectors_reports

    monkeypatch.setattr(selectors_reports, "rating_url_maker", lambda: lambda pk: f"/x/{pk}/")
    _published(qcpm)
    assert 'href="/x/' not in client.get(_provider_url(qcpm.world)).content.decode()
    assert 'href="/x/' not in client.get(PUBLIC).content.decode()


def _shown(cell):
    """A cell's content without the column name a narrow screen shows beside it."""
    cell = re.sub(r'<span class="nhsuk-table-responsive__heading"[^>]*>[^<]*</span>', "", cell)
    return re.sub(r"^<span>(.*)</span>$", r"\1", cell)


def test_a_kpi_counted_over_too_few_learners_shows_no_value_or_band_and_is_named(qcpm, client):
    small = dict(LONDON_VALUES, ACTN=(None, 5, 6), PROG=(None, 7, 7))
    _round, rating = _published(qcpm, values=small)
    withheld = [line for line in rating.explanation["lines"] if line["status"] == "suppressed"]
    assert {line["code"] for line in withheld} == {"ACTN", "PROG"}
    names = {k.code: k.name for k in Kpi.objects.filter(code__in=["ACTN", "PROG"])}

    body = client.get(_provider_url(qcpm.world) + "?year=2024").content.decode()
    rows = {
        name: body[body.index(f">{name}") : body.index("</tr>", body.index(f">{name}"))]
        for name in names.values()
    }
    for row in rows.values():
        cells = re.findall(r'<td class="nhsuk-table__cell">(.*?)</td>', row)
        value, _target, band, counted = [_shown(cell) for cell in cells]
        assert value == "Not shown: too few learners"
        assert band == "–"
        assert counted.startswith("Suppressed (small numbers)")
    assert "ACTN" not in body and "PROG" not in body
    assert names["ACTN"] in body and "learners were counted" in body

    # The signed-in team still sees the figures.
    team = Client()
    team.force_login(qcpm.world.user("admin"))
    inside = team.get(
        reverse("ratings:provider", args=[qcpm.world.london_ep.pk]) + "?year=2024"
    ).content.decode()
    assert "Not shown: too few learners" not in inside


def _about(body):
    """The "What these ratings cover" summary, as (key, value) text pairs."""
    start, end = body.index("What these ratings cover"), body.index("Ratings by education provider")
    part = body[start:end]
    keys = re.findall(r'<dt class="nhsuk-summary-list__key"\s*>\s*(.*?)\s*</dt>', part, re.S)
    values = re.findall(r'<dd class="nhsuk-summary-list__value"\s*>(.*?)</dd>', part, re.S)
    return dict(zip(keys, (re.sub(r"<[^>]+>", " ", v).split() for v in values), strict=True))


def test_the_public_page_says_which_regions_the_scheme_covers_and_the_programmes_in_scope(
    qcpm, client
):
    _published(qcpm)
    about = _about(client.get(PUBLIC).content.decode())
    assert " ".join(about["Rating scheme"]) == "QCPM methodology 2024/25"
    assert " ".join(about["Regions it covers"]) == "London and Midlands"
    assert about["Published for"][0] == "London"
    assert about["Not published yet for"] == ["Midlands"]
    assert " ".join(about["Programmes in scope"]) == qcpm.world.nursing.name


def test_each_regions_published_ratings_join_the_public_page_when_it_publishes(qcpm, client):
    round_, _ = _published(qcpm)
    midlands = round_of(qcpm.world.midlands_ep, round_.methodology, status=RoundStatus.DRAFT)
    add_values(qcpm.world.midlands_ep, qcpm.world.nursing, 2024, LONDON_VALUES)
    rating_from_values(midlands, qcpm.world.midlands_ep, qcpm.world.nursing)
    assert "Trentbridge" not in client.get(PUBLIC).content.decode()
    RatingRound.objects.filter(pk=midlands.pk).update(
        status=RoundStatus.PUBLISHED, published_at=clock.now()
    )
    body = client.get(PUBLIC).content.decode()
    assert "University of Thameside" in body and "Trentbridge University" in body
    about = _about(body)
    assert "Not published yet for" not in about
    assert "London" in about["Published for"] and "Midlands" in about["Published for"]
