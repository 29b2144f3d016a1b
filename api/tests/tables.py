"""Reading an HTML page's tables and headings as text, for tests that compare a page's
figures with the API's."""

from __future__ import annotations

import re
from html.parser import HTMLParser

RESPONSIVE_LABEL = "nhsuk-table-responsive__heading"


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.headings: list[str] = []
        self._caption: str | None = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None
        self._in_caption = False
        # The label a responsive table repeats in each cell for narrow screens (hidden
        # from assistive technology): not part of the cell's value.
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []
        elif tag in ("h2", "h3"):
            self._heading = []
        if tag == "span" and self._skipping:
            self._skipping += 1
        elif tag == "span" and "nhsuk-table-responsive__heading" in (
            dict(attrs).get("class") or ""
        ):
            self._skipping = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._skipping:
            self._skipping -= 1
            return
        if tag == "table" and self._rows is not None:
            self.tables[_clean(self._caption or "")] = [row for row in self._rows if row]
            self._rows = None
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self._rows:
            self._rows[-1].append(_clean("".join(self._cell)))
            self._cell = None
        elif tag in ("h2", "h3") and self._heading is not None:
            self.headings.append(_clean("".join(self._heading)))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._in_caption:
            self._caption = (self._caption or "") + data
        elif self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read(html: str) -> tuple[dict[str, list[list[str]]], list[str]]:
    """The page's tables by caption (rows of cell texts, header row first) and its h2/h3
    headings."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables, parser.headings
