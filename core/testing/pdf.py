"""Checks on PDF reports for tests: tagged for accessibility, nothing wider than the page,
no heading left alone at the foot of a page.

The layout checks walk WeasyPrint's laid-out boxes (``Page._page_box``, not a public API:
the version is pinned, and these helpers are the one place that reads it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import Any
from unittest import mock

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from core import pdf

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "caption"})


@contextmanager
def drawing() -> Iterator[list[str]]:
    """Record the HTML of every PDF drawn inside the block (each is still drawn)."""
    drawn: list[str] = []
    draw = pdf.html_to_pdf

    def spy(html: str) -> bytes:
        drawn.append(html)
        return draw(html)

    with mock.patch.object(pdf, "html_to_pdf", spy):
        yield drawn


def catalog(document: bytes) -> DictionaryObject:
    root = PdfReader(BytesIO(document)).trailer["/Root"]
    assert isinstance(root, DictionaryObject)
    return root


def is_tagged(document: bytes) -> bool:
    """Marked as tagged, with a structure tree, a language and its title shown as the title."""
    root = catalog(document)
    mark = root.get("/MarkInfo")
    shows_title = (root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle")
    return (
        mark is not None
        and bool(mark.get("/Marked"))
        and "/StructTreeRoot" in root
        and bool(root.get("/Lang"))
        and bool(shows_title)
    )


def structure(document: bytes) -> Counter[str]:
    """How many structure elements of each type (``H1``, ``Table``, ``TH``, ``Figure``...) the
    tagged PDF has; a figure without alternative text counts as ``Figure without Alt``."""
    counts: Counter[str] = Counter()
    tree = catalog(document)["/StructTreeRoot"]
    stack: list[Any] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            kind = str(node.get("/S", "")).lstrip("/")
            if kind:
                counts[kind] += 1
                if kind == "Figure" and not node.get("/Alt"):
                    counts["Figure without Alt"] += 1
            kids = node.get("/K")
            stack.extend(kids if isinstance(kids, list) else [kids] if kids is not None else [])
        elif isinstance(node, list):
            stack.extend(node)
    return counts


def page_texts(document: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(document)).pages]


def _boxes(box: Any, ancestors: tuple[Any, ...] = ()) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):
        return  # running headers and footers sit in the margin by design
    yield box, ancestors
    if isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from _boxes(child, (*ancestors, box))


def _name(box: Any) -> str:
    text = getattr(box, "text", "") or ""
    return f"<{box.element_tag}> {text[:40]}".strip()


def overflowing(html: str) -> list[str]:
    """Every box that reaches past the right edge of its page's content area."""
    found = []
    for number, page in enumerate(pdf.layout(html).pages, start=1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        for box, _ in _boxes(page_box):
            if box is not page_box and box.position_x + box.margin_width() > right + 0.5:
                found.append(f"page {number}: {_name(box)}")
    return found


def stranded_headings(html: str) -> list[str]:
    """Headings and table captions that end a page (other than the last) with nothing of
    what they introduce after them."""
    from weasyprint.formatting_structure import boxes

    pages = pdf.layout(html).pages
    found = []
    for number, page in enumerate(pages[:-1], start=1):
        last = None
        for box, ancestors in _boxes(page._page_box):
            if isinstance(box, boxes.TextBox | boxes.ReplacedBox):
                last = (box, ancestors)
        if last is None:
            continue
        box, ancestors = last
        heading = next((a for a in ancestors if a.element_tag in HEADINGS), None)
        if heading is not None:
            found.append(f"page {number}: {_name(box)}")
    return found
