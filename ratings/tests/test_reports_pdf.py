"""The provider report as a PDF, from the same templates as the page."""

from io import BytesIO

from django.urls import reverse
from pypdf import PdfReader


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
