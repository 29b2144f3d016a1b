"""PDF reports drawn by WeasyPrint from the same HTML templates as the pages."""

from __future__ import annotations

from typing import Any


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    # The report's HTML carries everything it needs (styles, inline SVG charts): fetching
    # anything else would let content reach files or hosts it has no business reaching.
    raise ValueError(f"the PDF report does not load outside resources ({url[:60]})")


def html_to_pdf(html: str) -> bytes:
    """The PDF of a complete HTML document."""
    from weasyprint import HTML  # imported here: it is slow to load and only PDFs need it

    document: bytes = HTML(string=html, url_fetcher=_refuse).write_pdf()
    return document
