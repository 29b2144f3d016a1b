"""The provider report as a PDF, from the same templates as the page: tagged, within its
pages, with the NHS identity."""

from io import BytesIO

from django.urls import reverse
from pypdf import PdfReader

from core.testing.pdf import drawing, is_tagged, overflowing, stranded_headings, structure
from programmes.models import Programme
from ratings.models import RoundStatus
from ratings.testing import (
    LONDON_VALUES,
    add_values,
    methodology_for,
    rating_from_values,
    round_of,
)


def test_the_provider_pdf_is_a_pdf_naming_the_provider_and_its_ratings(qcpm, client_for):
    url = reverse("ratings:provider_pdf", args=[qcpm.world.london_ep.pk])
    response = client_for("contract_manager").get(url, {"year": 2025})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "university-of-thameside-2025.pdf" in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "University of Thameside" in text
    assert "Pre-registration nursing (adult)" in text
    assert "Recruitment fill rate" in text


def _many_programmes_over_years(qcpm, count=12):
    """London rated on nursing and ``count`` more programmes in 2022/23 to 2025/26."""
    world = qcpm.world
    others = list(Programme.objects.exclude(pk=world.nursing.pk).order_by("name")[:count])
    assert len(others) == count
    for year in (2022, 2023, 2024):
        round_ = round_of(
            world.london_ep, methodology_for(world, year), status=RoundStatus.PUBLISHED
        )
        for programme in [world.nursing, *others]:
            add_values(world.london_ep, programme, year, LONDON_VALUES)
            rating_from_values(round_, world.london_ep, programme)
    for programme in others:
        add_values(world.london_ep, programme, 2025, LONDON_VALUES)
        rating_from_values(qcpm.round, world.london_ep, programme)
    return others


def test_the_provider_pdf_keeps_every_programme_and_year_within_its_pages(qcpm, client_for):
    others = _many_programmes_over_years(qcpm)
    url = reverse("ratings:provider_pdf", args=[qcpm.world.london_ep.pk])
    with drawing() as drawn:
        response = client_for("contract_manager").get(url, {"year": 2025})
    [html] = drawn
    assert overflowing(html) == []
    assert stranded_headings(html) == []
    reader = PdfReader(BytesIO(response.content))
    starts: list[float] = []
    text = " ".join(
        page.extract_text(
            visitor_text=lambda text, cm, tm, *_: (
                starts.append(tm[4] * cm[0] + cm[4]) if text.strip() else None
            )
        )
        for page in reader.pages
    )
    assert "Scores by year" in text
    assert "2022/23" in text and "2025/26" in text
    assert others[-1].name in text  # the last programme's row
    assert max(starts) < float(reader.pages[0].mediabox.width)  # nothing past the edge


def test_the_provider_pdf_is_tagged_with_the_nhs_identity(qcpm, client_for):
    url = reverse("ratings:provider_pdf", args=[qcpm.world.london_ep.pk])
    document = client_for("contract_manager").get(url, {"year": 2025}).content
    assert is_tagged(document)
    tags = structure(document)
    assert tags["H1"] == 1 and tags["H2"] >= 2
    assert tags["Table"] >= 2 and tags["TH"] > 0
    first_page = PdfReader(BytesIO(document)).pages[0].extract_text()
    assert first_page.startswith("NHS England")
    assert "edquality: quality of healthcare education" in first_page
