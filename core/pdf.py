"""PDF reports drawn by WeasyPrint from the same HTML templates as the pages.

Every PDF is tagged for accessibility (PDF/UA-1: headings, tables with their headers, charts
with their titles as alternative text, the document's language and title), laid out on A4 by
one shared print stylesheet (``pdf.css``) that keeps headings with what follows them and
tables within the page. Templates extend ``core/pdf_base.html``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.document import Document

STYLESHEET = Path(__file__).with_name("pdf.css")
# PDF/UA-1 turns tagging on and records the conformance in the document's metadata.
OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    # The report's HTML carries everything it needs (styles, inline SVG charts): fetching
    # anything else would let content reach files or hosts it has no business reaching.
    raise ValueError(f"the PDF report does not load outside resources ({url[:60]})")


@cache
def _stylesheet() -> CSS:
    from weasyprint import CSS  # imported here: it is slow to load and only PDFs need it

    # Given as the user's stylesheet, so a template's own styles win over these defaults.
    return CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=_refuse)


def layout(html: str) -> Document:
    """The laid-out pages of a complete HTML document, as the PDF will have them."""
    from weasyprint import HTML

    document: Document = HTML(string=html, url_fetcher=_refuse).render(
        stylesheets=[_stylesheet()], **OPTIONS
    )
    return document


def html_to_pdf(html: str) -> bytes:
    """The tagged PDF of a complete HTML document."""
    pdf: bytes = layout(html).write_pdf(**OPTIONS)
    return pdf


def report_html(template: str, context: dict[str, Any]) -> str:
    """The HTML of a PDF report: a template extending ``core/pdf_base.html``. It needs no
    request, so the worker can draw a report as well as a page can."""
    return render_to_string(template, {"service_name": settings.SERVICE_NAME, **context})


def report_pdf(template: str, context: dict[str, Any]) -> bytes:
    """The tagged PDF of a report template."""
    return html_to_pdf(report_html(template, context))
