"""Building ODS extract rows and files for the ODS import tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.conf import settings

from organisations.imports.ods import parse_ods

FIXTURES = Path(__file__).parent / "fixtures"
LETTERS = "ABDEFGHJK"
REAL_SAMPLE = Path(settings.BASE_DIR).parent / "shared/data/ods/etr.csv"


def parse(data: bytes, max_bytes: int = 1_000_000):
    return parse_ods(data, region_letters=LETTERS, max_bytes=max_bytes)


def ods_row(code: str = "RZA", name: str = "NORTHFIELD NHS TRUST", **cells: str) -> list[str]:
    row = [code, name, "Y56", "Q71", "A ROAD", "", "", "", "", "SE1 7EH", "19930401"]
    row += [""] * 10 + ["0", "", "H"]
    for number, value in cells.items():
        row[int(number.removeprefix("c")) - 1] = value
    return row


def to_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def messages(result) -> list[str]:
    return [str(error) for error in result.errors]
