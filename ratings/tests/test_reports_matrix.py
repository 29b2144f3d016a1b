"""The ratings matrix: providers by programmes, filters, downloads and a fixed query count."""

from decimal import Decimal
from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from organisations.kinds import OrganisationKind
from organisations.models import Organisation, Region
from programmes.models import Programme
from ratings.models import Rating, RatingRound, RoundStatus
from ratings.reports.selectors import rating_url_maker

MATRIX = reverse("ratings:matrix")


def _cells(response):
    matrix = response.context["matrix"]
    return {
        (row.provider.name, programme.name): cell.band
        for row in matrix.rows
        for programme, cell in zip(matrix.programmes, row.cells, strict=True)
        if cell is not None
    }


def test_the_matrix_shows_each_rating_as_labelled_coloured_text(qcpm, client_for):
    response = client_for("admin").get(MATRIX, {"year": 2025})
    body = response.content.decode()
    assert _cells(response) == {
        ("University of Thameside", "Pre-registration nursing (adult)"): "green",
        ("Trentbridge University", "Pre-registration nursing (adult)"): "red",
    }
    assert '<strong class="nhsuk-tag nhsuk-tag--green">Green</strong>' in body
    assert '<strong class="nhsuk-tag nhsuk-tag--red">Red</strong>' in body
    assert reverse("ratings:provider", args=[qcpm.world.london_ep.pk]) in body


def test_matrix_cells_link_to_the_explanation_once_that_page_exists(qcpm, client_for):
    body = client_for("admin").get(MATRIX).content.decode()
    link = rating_url_maker()(qcpm.ratings["london"].pk)
    if link is None:  # the explanation page belongs to the workflow pages
        assert "ratings/rating/" not in body
    else:
        assert f'href="{link}"' in body


def test_the_matrix_filters_by_region(qcpm, client_for):
    response = client_for("admin").get(MATRIX, {"year": 2025, "region": "LON"})
    assert [row.provider.name for row in response.context["matrix"].rows] == [
        "University of Thameside"
    ]


def test_the_matrix_filters_by_band_and_profession_group(qcpm, client_for):
    client = client_for("admin")
    red = client.get(MATRIX, {"band": "red"})
    assert [row.provider.name for row in red.context["matrix"].rows] == ["Trentbridge University"]
    other = client.get(MATRIX, {"group": "psychology"})
    assert other.context["matrix"].rows == []
    assert "There are no ratings you can see" in other.content.decode()


def test_the_band_count_summary_counts_the_cells(qcpm, client_for):
    counts = client_for("admin").get(MATRIX).context["matrix"].counts
    assert counts == {"green": 1, "high_amber": 0, "low_amber": 0, "red": 1, "not_rated": 0}


def test_a_contract_manager_sees_only_their_region(qcpm, client_for):
    response = client_for("contract_manager").get(MATRIX)
    assert [row.provider.name for row in response.context["matrix"].rows] == [
        "University of Thameside"
    ]
    assert "Trentbridge" not in response.content.decode()


def test_a_provider_lead_sees_its_own_ratings_only_from_provider_preview(qcpm, client_for):
    client = client_for("ep_lead")
    assert client.get(MATRIX).context["matrix"].rows == []
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=RoundStatus.PROVIDER_PREVIEW)
    rows = client.get(MATRIX).context["matrix"].rows
    assert [row.provider.name for row in rows] == ["University of Thameside"]


def test_the_matrix_downloads_as_csv_and_excel(qcpm, client_for):
    client = client_for("admin")
    csv = client.get(MATRIX, {"year": 2025, "format": "csv"})
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == (
        "Education provider,UKPRN,Region,Overall rating,Pre-registration nursing (adult)"
    )
    assert "Trentbridge University,10000002,Midlands,,Red" in lines
    xlsx = client.get(MATRIX, {"year": 2025, "format": "xlsx"})
    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["University of Thameside", "10000001", "London", None, "Green"] in rows


def _add_providers(qcpm, count, start):
    london = Region.objects.get(code="LON")
    programmes = list(Programme.objects.order_by("code")[:5])
    for n in range(start, start + count):
        provider = Organisation.objects.create(
            kind=OrganisationKind.EDUCATION_PROVIDER,
            name=f"Provider {n:03d}",
            ukprn=f"2{n:07d}",
            region=london,
        )
        Rating.objects.bulk_create(
            [
                Rating(
                    round=qcpm.round,
                    education_provider=provider,
                    programme=programme,
                    band="high_amber",
                    score=Decimal("2.000"),
                )
                for programme in programmes
            ]
            + [Rating(round=qcpm.round, education_provider=provider, band="green")]
        )


def test_the_matrix_makes_the_same_number_of_queries_however_many_providers(
    qcpm, client_for, django_assert_num_queries
):
    client = client_for("contract_manager")
    _add_providers(qcpm, 2, 0)
    with CaptureQueriesContext(connection) as few:
        client.get(MATRIX)
    _add_providers(qcpm, 30, 10)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(MATRIX)
    assert len(response.context["matrix"].rows) == 33
    assert len(few.captured_queries) <= 10


def test_the_matrix_counts_agree_with_their_numbers(qcpm, client_for):
    # The contract manager sees London's one provider and its one programme.
    body = client_for("contract_manager").get(MATRIX, {"year": 2025}).content.decode()
    assert "1 education provider and 1 programme." in body
    assert "1 education providers" not in body and "1 programmes" not in body
    assert "2 education providers and 1 programme." in (
        client_for("admin").get(MATRIX, {"year": 2025}).content.decode()
    )
