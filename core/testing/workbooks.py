"""Building .xlsx files part by part for the tests: ordinary workbooks, and the broken and
hostile ones a spreadsheet never writes (a part that unpacks to far more than its size, a
directory that lies, a DTD, millions of blank rows).

Parts are written as a stream, so a test can build a part that unpacks to tens of megabytes
without holding it in memory.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
Part = str | bytes | Iterable[bytes]


def sheet_xml(rows: Iterable[str], after: str = "") -> Iterable[bytes]:
    """A worksheet part around ``rows`` (each the XML of one ``<row>``), in pieces."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
    for row in rows:
        yield row.encode()
    yield f"</sheetData>{after}</worksheet>".encode()


def row_xml(number: int, *cells: object) -> str:
    """A row of values from column A: numbers as numbers, text inline, None left out."""
    parts = []
    for index, value in enumerate(cells):
        ref = f"{column_letter(index + 1)}{number}"
        if value is None:
            continue
        if isinstance(value, int | float):
            parts.append(f'<c r="{ref}"><v>{value}</v></c>')
        else:
            parts.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
    return f'<row r="{number}">{"".join(parts)}</row>'


def sheet_of(rows: Iterable[tuple[object, ...]]) -> bytes:
    """A worksheet part with ``rows`` from row 1."""
    return b"".join(sheet_xml(row_xml(n, *cells) for n, cells in enumerate(rows, start=1)))


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def workbook_parts(
    sheets: list[tuple[str, Part]],
    *,
    states: dict[str, str] | None = None,
    shared_strings: Part | None = None,
    styles: Part | None = None,
) -> dict[str, Part]:
    """Every part of a workbook with ``sheets`` (name, worksheet part) in order."""
    states = states or {}
    entries, rels = [], []
    parts: dict[str, Part] = {}
    for number, (name, part) in enumerate(sheets, start=1):
        state = f' state="{states[name]}"' if name in states else ""
        entries.append(
            f'<sheet name={quoteattr(name)} sheetId="{number}"{state} r:id="rId{number}"/>'
        )
        rels.append(
            f'<Relationship Id="rId{number}" Type="{DOC_RELS}/worksheet" '
            f'Target="worksheets/sheet{number}.xml"/>'
        )
        parts[f"xl/worksheets/sheet{number}.xml"] = part
    if shared_strings is not None:
        rels.append(f'<Relationship Id="rS" Type="{DOC_RELS}/sharedStrings" Target="strings.xml"/>')
        parts["xl/strings.xml"] = shared_strings
    if styles is not None:
        rels.append(f'<Relationship Id="rT" Type="{DOC_RELS}/styles" Target="styles.xml"/>')
        parts["xl/styles.xml"] = styles
    return {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
            f'xmlns:r="{DOC_RELS}"><sheets>{"".join(entries)}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
            f"{''.join(rels)}</Relationships>"
        ),
        **parts,
    }


def zip_bytes(parts: dict[str, Part]) -> bytes:
    """The parts zipped (deflated) as a workbook file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in parts.items():
            with archive.open(name, "w") as member:
                if isinstance(part, str):
                    member.write(part.encode())
                elif isinstance(part, bytes):
                    member.write(part)
                else:
                    for piece in part:
                        member.write(piece)
    return buffer.getvalue()


def workbook(rows: list[tuple[object, ...]], name: str = "Sheet1") -> bytes:
    """A one-sheet workbook of ``rows`` (row 1 first)."""
    return zip_bytes(workbook_parts([(name, sheet_of(rows))]))


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with the unpacked size its directory declares for ``name`` changed to
    ``size``, the part itself untouched: the directory now lies about it."""
    buffer = bytearray(data)
    encoded = name.encode()
    start = 0
    while True:  # the directory entry of ``name``
        start = buffer.index(b"PK\x01\x02", start)
        length = struct.unpack_from("<H", buffer, start + 28)[0]
        if bytes(buffer[start + 46 : start + 46 + length]) == encoded:
            break
        start += 4
    struct.pack_into("<I", buffer, start + 24, size)
    return bytes(buffer)
