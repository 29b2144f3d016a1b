"""Importing placement providers from an NHS ODS trust extract into the register."""

from __future__ import annotations

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

from organisations.imports.plan import plan_ods
from organisations.kinds import OrganisationKind
from organisations.models import ImportRun, Organisation, ProviderType, Status
from organisations.tests.ods_helpers import (
    FIXTURES,
    REAL_SAMPLE,
    ods_row,
    to_csv,
)

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
    assert Organisation.objects.get(ods_code="RZB").region.code == "SE"  # type: ignore[union-attr]  # the import set the region
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
    assert guys.region.code == "LON"  # type: ignore[union-attr]  # the import set the region
    assert Organisation.objects.filter(ods_code="RFW", status=Status.CLOSED).exists()
    assert Organisation.objects.filter(provider_type=ProviderType.AMBULANCE).count() == 10

    second = plan_ods(REAL_SAMPLE.read_bytes())
    assert second.counts()["unchanged"] == 236
    assert second.creates == [] and second.updates == []
