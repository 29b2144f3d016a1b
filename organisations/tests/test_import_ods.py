"""Importing placement providers from an NHS ODS trust extract."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.imports.errors import KEEP_ERRORS as MAX_REPORTED_ERRORS
from organisations.imports.naming import proper_case
from organisations.imports.ods import infer_provider_type, parse_ods
from organisations.imports.plan import plan_ods
from organisations.kinds import OrganisationKind
from organisations.models import ImportRun, Organisation, ProviderType, Status

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


# Names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upper", "proper"),
    [
        ("GUY'S AND ST THOMAS' NHS FOUNDATION TRUST", "Guy's and St Thomas' NHS Foundation Trust"),
        (
            "THE NEWCASTLE UPON TYNE HOSPITALS NHS FOUNDATION TRUST",
            "The Newcastle upon Tyne Hospitals NHS Foundation Trust",
        ),
        (
            "GREAT ORMOND STREET HOSPITAL FOR CHILDREN NHS FOUNDATION TRUST",
            "Great Ormond Street Hospital for Children NHS Foundation Trust",
        ),
        ("NEWCASTLE-UNDER-LYME", "Newcastle-under-Lyme"),
        ("BURTON-ON-TRENT", "Burton-on-Trent"),
        ("2GETHER NHS FOUNDATION TRUST", "2gether NHS Foundation Trust"),
        ("BARKING, HAVERING AND REDBRIDGE", "Barking, Havering and Redbridge"),
        ("ST. MARYS HOSPITAL", "St. Marys Hospital"),
        ("THE ROYAL MARSDEN", "The Royal Marsden"),
    ],
)
def test_upper_case_names_are_stored_in_proper_case(upper: str, proper: str) -> None:
    assert proper_case(upper) == proper


def test_a_name_already_in_mixed_case_is_kept_as_written() -> None:
    assert proper_case("University College London  Hospitals") == (
        "University College London Hospitals"
    )


@pytest.mark.parametrize(
    ("name", "provider_type"),
    [
        ("LONDON AMBULANCE SERVICE NHS TRUST", ProviderType.AMBULANCE),
        ("WEST LONDON MENTAL HEALTH NHS TRUST", ProviderType.MENTAL_HEALTH),
        ("SUSSEX PARTNERSHIP NHS FOUNDATION TRUST", ProviderType.MENTAL_HEALTH),
        ("MERSEY CARE NHS FOUNDATION TRUST", ProviderType.MENTAL_HEALTH),
        ("KENT COMMUNITY HEALTH NHS FOUNDATION TRUST", ProviderType.COMMUNITY),
        ("NORFOLK COMMUNITY HEALTH AND CARE NHS TRUST", ProviderType.COMMUNITY),
        ("GLOUCESTERSHIRE CARE SERVICES NHS TRUST", ProviderType.COMMUNITY),
        ("HINCHINGBROOKE HEALTH CARE NHS TRUST", ProviderType.ACUTE),
        ("WALSALL HEALTHCARE NHS TRUST", ProviderType.ACUTE),
        ("BARTS HEALTH NHS TRUST", ProviderType.ACUTE),
    ],
)
def test_the_provider_type_is_guessed_from_the_name(name: str, provider_type: str) -> None:
    assert infer_provider_type(name) == provider_type


# Parsing, without the database ------------------------------------------------------------


def test_a_good_extract_is_read_into_clean_records() -> None:
    result = parse((FIXTURES / "ods_small.csv").read_bytes())

    assert not result.errors
    assert result.rows == 8
    by_code = {record.ods_code: record for record in result.records}
    assert sorted(by_code) == ["RZA", "RZB", "RZC", "RZD", "RZE", "RZH"]
    first = by_code["RZA"]
    assert first.name == "Northfield and St Anne's Hospitals NHS Foundation Trust"
    assert first.address == "Trust Offices, St Anne's Hospital, River Lane, London, Greater London"
    assert first.postcode == "SE1 7EH"
    assert first.opened_on == dt.date(1993, 4, 1)
    assert first.closed_on is None
    assert by_code["RZE"].closed_on == dt.date(2015, 8, 31)
    assert by_code["RZH"].name == "Estuary, Marsh and Weald NHS Trust"


def test_welsh_and_incomplete_records_are_skipped_with_reasons_not_guessed() -> None:
    result = parse((FIXTURES / "ods_small.csv").read_bytes())

    assert [(skip.row, skip.code, skip.reason) for skip in result.skips] == [
        (6, "RZF", "out of scope: Wales"),
        (7, "RZG", "incomplete: no region code, no open date"),
    ]


def test_every_error_in_a_bad_extract_is_reported_with_its_row_and_column() -> None:
    result = parse((FIXTURES / "ods_bad.csv").read_bytes())

    assert messages(result) == [
        "Row 2: expected 24 columns, found 3. An ODS extract has 24 comma-separated columns "
        "and no header row.",
        "Row 3, column 1 (organisation code): RZA is also on row 1: each organisation may "
        "appear only once.",
        "Row 4, column 1 (organisation code): 'rz-1' is not an ODS code: use 3 to 10 capital "
        "letters and digits, like RJ1.",
        "Row 5, column 11 (open date): '19931301' is not a date in the form YYYYMMDD "
        "(for example 20110401).",
        "Row 6, column 2 (name): the cell starts with '=', which a spreadsheet runs as a "
        "formula. Remove the formula or the leading character.",
        "Row 7, column 12 (close date): the close date 20100401 is before the open date 20200401.",
        "Row 8, column 24 (government office region): 'Q' is not a government office region "
        "code we know (A, B, D, E, F, G, H, J, K, or W for Wales).",
        "Row 9, column 10 (postcode): 'NOT A CODE' is not a UK postcode.",
        "Row 10, column 5 (address line 1): the cell starts with '@', which a spreadsheet runs "
        "as a formula. Remove the formula or the leading character.",
        "Row 10, column 2 (name): the name is missing.",
        "Row 10, column 11 (open date): '2011-04-01' is not a date in the form YYYYMMDD "
        "(for example 20110401).",
    ]
    assert result.records == [] or all(record.row == 1 for record in result.records)


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_refused(prefix: str) -> None:
    result = parse(to_csv([ods_row(c7=f"{prefix}1+1")]))

    assert [(error.row, error.column) for error in result.errors] == [(1, "7 (address line 3)")]
    assert "formula" in result.errors.items[0].message


def test_a_file_that_is_not_utf8_names_the_row_and_column_of_the_first_bad_byte() -> None:
    result = parse((FIXTURES / "ods_latin1.csv").read_bytes())

    assert messages(result) == [
        "Row 2, column 5 (address line 1): byte 0xC9 is not UTF-8 text. Save the file as CSV "
        "(UTF-8) and try again."
    ]


def test_a_binary_file_with_nul_bytes_is_refused() -> None:
    result = parse(b"PK\x03\x04\x14\x00\x06\x00binary workbook")

    assert len(result.errors) == 1
    assert "NUL bytes" in result.errors.items[0].message
    assert result.records == []


def test_an_empty_file_is_refused() -> None:
    assert messages(parse(b"")) == ["The file is empty."]
    assert messages(parse(b"\n\n  \r\n")) == ["The file is empty."]


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed() -> None:
    # Invalid bytes throughout: only the size is reported, because nothing else is read.
    result = parse(b"\xff" * 2048, max_bytes=1024)

    assert messages(result) == [
        "The file is 2 KB; the largest file accepted is 1 KB. Split it into smaller files."
    ]


def test_a_broken_quote_stops_the_parse_with_an_error_on_its_row() -> None:
    data = to_csv([ods_row()]) + b'RZB,"BROKEN "QUOTE,Y56\n'

    result = parse(data)

    assert [error.row for error in result.errors] == [2]
    assert "cannot be read as CSV" in result.errors.items[0].message


def test_a_control_character_in_a_cell_is_refused() -> None:
    result = parse(to_csv([ods_row(name="NORTHFIELD\u202eNHS TRUST")]))

    assert [(error.row, error.column) for error in result.errors] == [(1, "2 (name)")]


def test_errors_beyond_the_cap_are_counted_not_listed() -> None:
    rows = [ods_row(code=f"R{index:03d}", c11="not a date") for index in range(500)]

    result = parse(to_csv(rows))

    assert len(result.errors.items) == MAX_REPORTED_ERRORS
    assert result.errors.total == 500
    assert result.errors.not_shown == 300


def test_a_byte_order_mark_and_crlf_line_endings_are_accepted() -> None:
    result = parse(
        b"\xef\xbb\xbf" + to_csv([ods_row()]).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    )

    assert not result.errors
    assert [record.ods_code for record in result.records] == ["RZA"]


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes_never_crash_the_parser(data: bytes) -> None:
    result = parse(data, max_bytes=400)

    assert result.errors or result.records or result.skips or result.rows == 0
    for error in result.errors:
        assert error.message


cell = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cell, min_size=0, max_size=26), max_size=6))
def test_random_rows_never_crash_the_parser(rows: list[list[str]]) -> None:
    result = parse(to_csv(rows))

    for record in result.records:
        assert len(record.ods_code) >= 3
        assert record.region_letter in LETTERS


# Importing into the register --------------------------------------------------------------


def import_ods(path: Path, *options: str) -> str:
    out = io.StringIO()
    call_command("import_organisations", "--ods", str(path), *options, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_importing_an_extract_creates_placement_providers_and_reports_skips(world) -> None:
    output = import_ods(FIXTURES / "ods_small.csv")

    created = Organisation.objects.filter(ods_code__in=["RZA", "RZB", "RZC", "RZD", "RZE", "RZH"])
    assert created.count() == 6
    trust = Organisation.objects.get(ods_code="RZA")
    assert trust.kind == OrganisationKind.PLACEMENT_PROVIDER
    assert trust.name == "Northfield and St Anne's Hospitals NHS Foundation Trust"
    assert trust.region is not None and trust.region.code == "LON"
    assert trust.provider_type == ProviderType.ACUTE
    assert trust.status == Status.OPEN
    closed = Organisation.objects.get(ods_code="RZE")
    assert (closed.status, closed.closed_on) == (Status.CLOSED, dt.date(2015, 8, 31))
    assert Organisation.objects.get(ods_code="RZB").provider_type == ProviderType.AMBULANCE
    assert Organisation.objects.get(ods_code="RZB").region.code == "SE"  # type: ignore[union-attr]
    assert not Organisation.objects.filter(ods_code__in=["RZF", "RZG"]).exists()
    assert "Created: 6" in output
    assert "Provider type inferred from the name for 6:" in output
    assert "out of scope: Wales (1): RZF (row 6)" in output
    assert "incomplete: no region code, no open date (1): RZG (row 7)" in output
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.IMPORTED
    assert run.summary["created"] == 6 and run.summary["skipped"] == 2
    assert run.file_name == "ods_small.csv" and len(run.sha256) == 64


@pytest.mark.django_db
def test_importing_the_same_extract_again_changes_nothing(world) -> None:
    import_ods(FIXTURES / "ods_small.csv")
    before = list(Organisation.objects.order_by("pk").values())
    entries = LogEntry.objects.count()

    output = import_ods(FIXTURES / "ods_small.csv")

    assert "Created: 0" in output and "Updated: 0" in output and "Unchanged: 6" in output
    assert list(Organisation.objects.order_by("pk").values()) == before
    # Only the new import run is recorded; no organisation was touched.
    assert LogEntry.objects.count() == entries + 1


@pytest.mark.django_db
def test_a_dry_run_writes_nothing_and_says_what_would_happen(world) -> None:
    organisations = Organisation.objects.count()
    entries = LogEntry.objects.count()

    output = import_ods(FIXTURES / "ods_small.csv", "--dry-run")

    assert "Created: 6" in output
    assert "Dry run: nothing was saved." in output
    assert Organisation.objects.count() == organisations
    assert LogEntry.objects.count() == entries
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_an_update_lists_changed_fields_and_never_overwrites_the_provider_type(world) -> None:
    import_ods(FIXTURES / "ods_small.csv")
    trust = Organisation.objects.get(ods_code="RZD")
    trust.provider_type = ProviderType.MENTAL_HEALTH  # an administrator's correction
    trust.postcode = "E1 1AA"
    trust.save()
    edited = (FIXTURES / "ods_small.csv").read_bytes().replace(b"THE MILL", b"THE OLD MILL")

    plan = plan_ods(edited)

    assert [update.code for update in plan.updates] == ["RZD"]
    changes = {(c.field, c.before, c.after) for c in plan.updates[0].changes}
    assert changes == {("postcode", "E1 1AA", "E1 6AN"), ("address", "The Mill", "The Old Mill")}
    assert "provider_type" not in plan.updates[0].values


@pytest.mark.django_db
def test_a_name_recased_by_hand_is_not_reverted_by_the_next_import(world) -> None:
    import_ods(FIXTURES / "ods_small.csv")
    Organisation.objects.filter(ods_code="RZA").update(
        name="Northfield and St Anne's Hospitals NHS Foundation Trust".replace("St", "ST", 1)
    )

    plan = plan_ods((FIXTURES / "ods_small.csv").read_bytes())

    assert plan.updates == []


@pytest.mark.django_db
def test_a_bad_extract_fails_the_command_lists_every_error_and_writes_nothing(world) -> None:
    organisations = Organisation.objects.count()

    with pytest.raises(CommandError) as raised:
        import_ods(FIXTURES / "ods_bad.csv")

    text = str(raised.value)
    assert text.startswith("11 errors in the file; nothing was imported.")
    assert "Row 3, column 1 (organisation code): RZA is also on row 1" in text
    assert "Row 10, column 11 (open date)" in text
    assert Organisation.objects.count() == organisations
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_by_the_command(world, settings, tmp_path) -> None:
    settings.IMPORT_MAX_BYTES = 1024
    big = tmp_path / "big.csv"
    big.write_bytes(to_csv([ods_row(code=f"R{index:03d}") for index in range(50)]))

    with pytest.raises(CommandError, match="the largest file accepted is 1 KB"):
        import_ods(big)


@pytest.mark.django_db
def test_a_code_already_used_by_another_kind_of_organisation_is_an_error(world) -> None:
    Organisation.objects.filter(pk=world.london_ep.pk).update(ods_code="RZA")

    plan = plan_ods((FIXTURES / "ods_small.csv").read_bytes())

    assert [str(error) for error in plan.errors] == [
        "Row 1, column 1 (organisation code): RZA already belongs to University of Thameside, "
        "which is an education provider, not a placement provider."
    ]


@pytest.mark.django_db
def test_every_change_is_audited_with_the_actor_and_the_file(world) -> None:
    import_ods(FIXTURES / "ods_small.csv", "--actor", "ADMIN@world.test")

    trust = Organisation.objects.get(ods_code="RZA")
    entry = LogEntry.objects.get_for_object(trust).get()
    assert entry.actor == world.user("admin")
    assert entry.additional_data["import_file"] == "ods_small.csv"
    assert entry.additional_data["sha256"] == ImportRun.objects.get().sha256
    assert ImportRun.objects.get().uploaded_by == world.user("admin")


@pytest.mark.django_db
def test_an_unknown_actor_is_refused(world) -> None:
    with pytest.raises(CommandError, match="No active user"):
        import_ods(FIXTURES / "ods_small.csv", "--actor", "nobody@else.test")


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.lists(
            st.sampled_from(["", "RZQ", "H", "W", "=1", "19930401", "X\x00", "ÿ"]), max_size=25
        ),
        max_size=4,
    )
)
def test_random_rows_never_write_when_the_file_has_errors(world, rows) -> None:
    organisations = Organisation.objects.count()
    runs = ImportRun.objects.count()
    path = Path(settings.MEDIA_ROOT) / "random.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_csv(rows))

    try:
        import_ods(path)
    except CommandError:
        assert Organisation.objects.count() == organisations
        assert ImportRun.objects.count() == runs


# The real extract -------------------------------------------------------------------------

needs_sample = pytest.mark.skipif(
    not REAL_SAMPLE.exists(), reason=f"the real ODS sample is not at {REAL_SAMPLE.name}"
)


@needs_sample
@pytest.mark.django_db
def test_the_real_extract_imports_and_a_second_run_changes_nothing(world) -> None:
    first = plan_ods(REAL_SAMPLE.read_bytes())
    assert first.is_valid, [str(error) for error in first.errors]
    assert first.counts() == {
        "rows": 241,
        "created": 236,
        "updated": 0,
        "unchanged": 0,
        "skipped": 5,
    }
    assert {reason: len(items) for reason, items in first.skip_groups().items()} == {
        "out of scope: Wales": 3,
        "incomplete: no region code, no open date": 2,
    }
    assert sorted(skip.code for skip in first.skips) == ["R0A", "R0B", "RQF", "RT4", "RYT"]

    import_ods(REAL_SAMPLE)

    guys = Organisation.objects.get(ods_code="RJ1")
    assert guys.name == "Guy's and St Thomas' NHS Foundation Trust"
    assert guys.region.code == "LON"  # type: ignore[union-attr]
    assert Organisation.objects.filter(ods_code="RFW", status=Status.CLOSED).exists()
    assert Organisation.objects.filter(provider_type=ProviderType.AMBULANCE).count() == 10

    second = plan_ods(REAL_SAMPLE.read_bytes())
    assert second.counts()["unchanged"] == 236
    assert second.creates == [] and second.updates == []
