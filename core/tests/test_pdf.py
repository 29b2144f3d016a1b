"""Every PDF is tagged for accessibility, keeps its tables within the page and never leaves a
heading alone at the foot of a page."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from core import pdf
from core.testing.pdf import is_tagged, overflowing, stranded_headings, structure

HEAD = '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title>'

WIDE_TABLE = (
    "<table><caption>Scores by year</caption><thead><tr>"
    + "".join(f"<th scope='col'>Pre-registration nursing (adult) {n}</th>" for n in range(14))
    + "</tr></thead><tbody><tr>"
    + "".join("<td>Extraordinarilylongwordwithoutanyspaces</td>" for _ in range(14))
    + "</tr></tbody></table>"
)


def _document(body: str, *, title: str = "A report", style: str = "") -> str:
    return f"{HEAD.format(title=title)}<style>{style}</style></head><body>{body}</body></html>"


def test_a_pdf_is_tagged_with_its_language_title_headings_and_table_headers() -> None:
    chart = (
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" width="200" height="100">'
        "<title>Bar chart of answers by domain</title><rect width='50' height='80'/></svg>"
    )
    html = _document(
        "<h1>National report</h1><h2>Answers</h2><p>Text.</p>"
        f"<figure>{chart}</figure>"
        "<table><caption>Answers</caption><thead><tr><th scope='col'>Domain</th>"
        "<th scope='col'>Met</th></tr></thead><tbody><tr><th scope='row'>1</th>"
        "<td>70%</td></tr></tbody></table>",
        title="National report 2025/26",
    )
    document = pdf.html_to_pdf(html)
    assert is_tagged(document)
    tags = structure(document)
    assert tags["H1"] == 1 and tags["H2"] == 1
    assert tags["Table"] == 1 and tags["TH"] == 3 and tags["Caption"] == 1
    assert tags["Figure"] == 1 and tags["Figure without Alt"] == 0
    reader = PdfReader(BytesIO(document))
    assert reader.metadata is not None
    assert reader.metadata.title == "National report 2025/26"
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert b"pdfuaid" in xmp.stream.get_data()  # the PDF/UA identification


def test_a_table_with_many_long_columns_stays_within_the_page() -> None:
    assert overflowing(_document(WIDE_TABLE)) == []
    # The check itself sees a table that runs off the page.
    unwrapped = _document(WIDE_TABLE, style="th, td { overflow-wrap: normal; }")
    assert overflowing(unwrapped)


def _heading_near_the_foot(lines: int, style: str = "") -> str:
    filler = "".join(f"<p>Line {n} of the report.</p>" for n in range(lines))
    block = "<figure><svg xmlns='http://www.w3.org/2000/svg' width='400' height='420'>"
    block += "<title>A tall chart</title><rect width='400' height='420'/></svg></figure>"
    return _document(f"<h1>Report</h1>{filler}<h2>Answers by region</h2>{block}", style=style)


def test_a_heading_moves_to_the_next_page_with_what_it_introduces() -> None:
    # Find how much text leaves a heading alone at the foot of page 1 when nothing keeps it
    # with the chart after it; the shared stylesheet must then carry it over.
    loose = "h2 { break-after: auto; } figure { break-inside: auto; }"
    lines = next(n for n in range(20, 60, 2) if stranded_headings(_heading_near_the_foot(n, loose)))
    assert stranded_headings(_heading_near_the_foot(lines)) == []


def test_the_report_frame_shows_the_nhs_organisation_and_the_service(settings) -> None:
    settings.SERVICE_NAME = "edquality"
    html = pdf.report_html("core/pdf_base.html", {})
    assert 'lang="en-GB"' in html
    assert "NHS England" in html
    assert "edquality: quality of healthcare education" in html
