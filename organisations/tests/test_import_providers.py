"""Importing education providers from a CSV file with the header ukprn,name,region."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from organisations.imports.plan import plan_providers
from organisations.imports.providers import parse_providers
from organisations.kinds import OrganisationKind
from organisations.models import ImportRun, Organisation

FIXTURES = Path(__file__).parent / "fixtures"
REGIONS = {"london": "LON", "lon": "LON", "south east": "SE", "se": "SE"}


def parse(data: bytes):
    return parse_providers(data, regions=REGIONS, max_bytes=1_000_000)


def messages(result) -> list[str]:
    return [str(error) for error in result.errors]


def import_providers(path: Path, *options: str) -> str:
    out = io.StringIO()
    call_command("import_organisations", "--providers", str(path), *options, stdout=out)
    return out.getvalue()


# Parsing, without the database ------------------------------------------------------------


def test_a_good_file_is_read_with_regions_by_name_or_code_in_any_case() -> None:
    result = parse((FIXTURES / "providers.csv").read_bytes())

    assert not result.errors
    assert [(r.row, r.ukprn, r.name, r.region_code) for r in result.records] == [
        (2, "10000099", "University of Northfield", "LON"),
        (3, "10000100", "Weald College of Health", "SE"),
        (4, "10000101", "Downs University, School of Health", "SE"),
    ]


def test_the_header_may_come_in_any_order_and_case() -> None:
    result = parse(b" Region ,UKPRN,name\r\nLondon,10000099,University of Northfield\r\n")

    assert not result.errors
    assert result.records[0].ukprn == "10000099"
    assert result.ukprn_column == "2 (ukprn)"


def test_every_error_in_a_bad_file_is_reported_with_its_row_and_column() -> None:
    result = parse((FIXTURES / "providers_bad.csv").read_bytes())

    assert messages(result) == [
        "Row 3, column 1 (ukprn): '20000100' is not a UKPRN: use 8 digits starting with 1.",
        "Row 4, column 1 (ukprn): 10000099 is also on row 2: each provider may appear only once.",
        "Row 5, column 2 (name): the name is missing.",
        "Row 6, column 3 (region): 'Atlantis' is not a region: use a region's name or code, "
        "like London or LON.",
        "Row 7, column 2 (name): the cell starts with '+', which a spreadsheet runs as a "
        "formula. Remove the formula or the leading character.",
        "Row 8: expected 3 columns like the header, found 4.",
    ]


def test_a_missing_header_column_is_named() -> None:
    assert messages(parse(b"ukprn,name\n10000099,University of Northfield\n")) == [
        "Row 1: the header row has no 'region' column."
    ]


def test_an_extra_or_repeated_header_column_is_refused() -> None:
    assert messages(parse(b"ukprn,name,region,website\n")) == [
        "Row 1, column 4 (website): unexpected column 'website': the header must be ukprn, "
        "name, region and nothing else."
    ]
    assert messages(parse(b"ukprn,name,region,NAME\n")) == [
        "Row 1, column 4 (NAME): the column 'name' appears twice in the header."
    ]


def test_a_file_without_providers_is_refused() -> None:
    assert messages(parse(b"ukprn,name,region\n")) == [
        "The file has a header row but no education providers."
    ]
    assert messages(parse(b"")) == ["The file is empty."]


def test_a_file_that_is_not_utf8_names_the_row_and_column_of_the_first_bad_byte() -> None:
    data = "ukprn,name,region\n10000099,Université du Nord,London\n".encode("cp1252")

    assert messages(parse(data)) == [
        "Row 2, column 2: byte 0xE9 is not UTF-8 text. Save the file as CSV (UTF-8) and try again."
    ]


@pytest.mark.parametrize("ukprn", ["1000009", "100000999", "20000099", "1000009A", "1e000099"])
def test_a_ukprn_must_be_eight_digits_starting_with_one(ukprn: str) -> None:
    result = parse(f"ukprn,name,region\n{ukprn},University of Northfield,London\n".encode())

    assert [(error.row, error.column) for error in result.errors] == [(2, "1 (ukprn)")]


# Importing into the register --------------------------------------------------------------


@pytest.mark.django_db
def test_importing_providers_creates_education_providers(world) -> None:
    output = import_providers(FIXTURES / "providers.csv")

    northfield = Organisation.objects.get(ukprn="10000099")
    assert northfield.kind == OrganisationKind.EDUCATION_PROVIDER
    assert northfield.name == "University of Northfield"
    assert northfield.region.code == "LON"  # type: ignore[union-attr]  # the import set the region
    assert Organisation.objects.get(ukprn="10000101").region.code == "SE"  # type: ignore[union-attr]  # the import set the region
    assert "Created: 3" in output
    assert "Provider type inferred" not in output
    assert ImportRun.objects.get().source == ImportRun.Source.PROVIDERS


@pytest.mark.django_db
def test_a_second_import_of_the_same_file_changes_nothing(world) -> None:
    import_providers(FIXTURES / "providers.csv")
    before = list(Organisation.objects.order_by("pk").values())

    output = import_providers(FIXTURES / "providers.csv")

    assert "Created: 0" in output and "Updated: 0" in output and "Unchanged: 3" in output
    assert list(Organisation.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_an_existing_provider_is_updated_and_the_change_reported(world, tmp_path) -> None:
    path = tmp_path / "providers.csv"
    path.write_text("ukprn,name,region\n10000001,University of Thameside,SE\n")

    # A move to another region is made only when the command is told to make it.
    output = import_providers(path, "--move-regions")

    world.london_ep.refresh_from_db()
    assert world.london_ep.region.code == "SE"
    assert "Updated: 1" in output
    assert "10000001 University of Thameside: Region London -> South East" in output
    entry = LogEntry.objects.get_for_object(world.london_ep).order_by("-timestamp").first()
    assert entry is not None and entry.additional_data["import_file"] == "providers.csv"


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(world) -> None:
    organisations = Organisation.objects.count()

    output = import_providers(FIXTURES / "providers.csv", "--dry-run")

    assert "Created: 3" in output and "Dry run: nothing was saved." in output
    assert Organisation.objects.count() == organisations
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_a_bad_file_fails_the_command_and_writes_nothing(world) -> None:
    organisations = Organisation.objects.count()

    with pytest.raises(CommandError) as raised:
        import_providers(FIXTURES / "providers_bad.csv")

    assert str(raised.value).startswith("6 errors in the file; nothing was imported.")
    assert "Row 8: expected 3 columns like the header, found 4." in str(raised.value)
    assert Organisation.objects.count() == organisations


@pytest.mark.django_db
def test_a_ukprn_held_by_a_placement_provider_is_an_error(world) -> None:
    Organisation.objects.filter(pk=world.london_pp.pk).update(ukprn="10000099")

    plan = plan_providers((FIXTURES / "providers.csv").read_bytes())

    assert [str(error) for error in plan.errors] == [
        "Row 2, column 1 (ukprn): 10000099 already belongs to Thameside Hospitals NHS Trust, "
        "which is a placement provider, not an education provider."
    ]
    assert not plan.is_valid


def test_a_missing_file_is_a_clear_command_error(tmp_path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        import_providers(tmp_path / "absent.csv")
