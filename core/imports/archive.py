"""Opening an uploaded workbook's zip archive and parsing its XML without trusting either.

An .xlsx file is a zip of XML parts. Its size on disk says little about the work it makes: a
1 MB file can unpack to gigabytes. So before any part is parsed, the archive's directory is
checked against ``WorkbookLimits``: how many parts, how large each would be unpacked, how far
each is compressed, and how large all of them are together. Unpacking never returns more than
a part's declared size (a part that holds more fails its checksum), and the parser counts
what it reads anyway.

Every part is parsed with expat, as a stream, and refused if it has a document type
declaration: no workbook a spreadsheet saves has one, and entities declared there are how
XML "bombs" and external-entity attacks work. See docs/decisions/0019-reading-workbooks.md.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from core.imports.errors import FileRefused, RowError, describe_size

MB = 1024 * 1024
NOT_A_WORKBOOK = (
    "The file cannot be opened as an Excel workbook. Save it as .xlsx or as CSV (UTF-8) "
    "and try again."
)
SAVE_AGAIN = "Save it again from your spreadsheet, or as CSV (UTF-8), and try again."
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class WorkbookLimits:
    """What a workbook may ask of the reader; beyond any of these it is refused unread."""

    parts: int = 1000
    part_bytes: int = 128 * MB  # one part, unpacked
    total_bytes: int = 256 * MB  # every part, unpacked
    ratio: int = 100  # unpacked size over packed size, for a part larger than ``ratio_above``
    ratio_above: int = MB
    strings: int = 500_000  # entries in the shared strings table
    string_chars: int = 16_000_000  # characters in the shared strings table
    rows: int = 1_048_576  # rows of the sheet, blank rows that keep formatting included
    cells: int = 10_000_000  # cells of the sheet, empty cells that keep formatting included
    columns: int = 100  # a value further right than this is refused


def refused(message: str) -> FileRefused:
    return FileRefused(RowError(None, None, message))


def open_archive(data: bytes, limits: WorkbookLimits) -> zipfile.ZipFile:
    """The workbook's archive, once its directory is within ``limits``; ``FileRefused`` if
    it is not a zip or asks too much."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise refused(NOT_A_WORKBOOK) from None
    check_parts(archive.infolist(), limits)
    return archive


def unpacked_size(data: bytes, limits: WorkbookLimits) -> int:
    """How large the workbook's parts say they are unpacked (read from its directory, once
    that is within ``limits``); ``FileRefused`` as ``open_archive``."""
    with open_archive(data, limits) as archive:
        return sum(info.file_size for info in archive.infolist())


def check_parts(parts: list[zipfile.ZipInfo], limits: WorkbookLimits) -> None:
    """Refuse an archive whose directory asks for more than ``limits`` allow."""
    if len(parts) > limits.parts:
        raise refused(
            f"The workbook has {len(parts):,} parts; a workbook has at most {limits.parts:,}. "
            + SAVE_AGAIN
        )
    total = 0
    for part in parts:
        if part.flag_bits & 0x1:
            raise refused(
                "The workbook is protected with a password. Save a copy without the "
                "password and try again."
            )
        size = part.file_size
        if size > limits.part_bytes:
            raise refused(
                f"Part of the workbook ({part.filename[:60]}) unpacks to {describe_size(size)}; "
                f"no part may be larger than {describe_size(limits.part_bytes)}. "
                "Split the file into smaller ones."
            )
        if size > limits.ratio_above and size > limits.ratio * max(part.compress_size, 1):
            raise refused(
                f"Part of the workbook ({part.filename[:60]}) unpacks to "
                f"{describe_size(size)} from {describe_size(part.compress_size)}, more than "
                f"{limits.ratio} times its packed size. A spreadsheet does not pack its data "
                "that tightly, so the file is not read. " + SAVE_AGAIN
            )
        total += size
        if total > limits.total_bytes:
            raise refused(
                f"The workbook unpacks to more than {describe_size(limits.total_bytes)}. "
                "Split the file into smaller ones."
            )


def _no_dtd(*_args: Any) -> None:
    raise refused(
        "The workbook contains a document type declaration (DTD), which no spreadsheet "
        "writes into a workbook, so it is not read. " + SAVE_AGAIN
    )


def _no_external(*_args: Any) -> int:
    _no_dtd()
    return 0


Handlers = dict[str, Callable[..., Any]]


def new_parser(handlers: Handlers) -> Any:
    """An expat parser with namespaces (names arrive as "namespace local") that refuses any
    document type declaration, entity or external reference."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    parser.UnparsedEntityDeclHandler = _no_dtd
    parser.ExternalEntityRefHandler = _no_external
    parser.buffer_text = True
    for name, handler in handlers.items():
        setattr(parser, name, handler)
    return parser


def parse_part(archive: zipfile.ZipFile, name: str, handlers: Handlers) -> None:
    """Parse one part with ``handlers``; see ``parse_steps``."""
    for _step in parse_steps(archive, name, handlers):
        pass


def parse_steps(archive: zipfile.ZipFile, name: str, handlers: Handlers) -> Iterator[None]:
    """Stream one part through an expat parser with ``handlers``, yielding after each chunk
    (so a reader can hand on what the handlers gathered). ``FileRefused`` if the part is
    missing, damaged, larger than it said, or has a DTD."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise refused(NOT_A_WORKBOOK) from None
    parser = new_parser(handlers)
    try:
        read = 0
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                read += len(chunk)
                if read > info.file_size:  # zipfile stops at the declared size; be sure
                    raise refused(NOT_A_WORKBOOK)
                parser.Parse(chunk, False)
                yield
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise refused(
            f"The workbook is damaged: its part {name[:60]} is not well-formed XML "
            f"(line {error.lineno}). " + SAVE_AGAIN
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
        raise refused(
            f"The workbook is damaged: its part {name[:60]} cannot be unpacked. " + SAVE_AGAIN
        ) from None
    yield


# Names seen, without their namespace: read with ``LOCAL.get(name) or local(name)`` in the
# handlers that run for every element.
LOCAL: dict[str, str] = {}


def local(name: str) -> str:
    """An element or attribute name without its namespace (remembered: a sheet repeats a
    handful of names millions of times)."""
    found = LOCAL.get(name)
    if found is None:
        found = name.rpartition(" ")[2]
        if len(LOCAL) < 10_000:
            LOCAL[name] = found
    return found
