"""Administrators import organisations on the web: upload, preview, confirm, past imports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import clock
from organisations.imports.services import previews_discard_stale
from organisations.models import ImportRun, Organisation
from organisations.tests.import_helpers import PROVIDERS_CSV, previewed_run

FIXTURES = Path(__file__).parent / "fixtures"
UPLOAD = reverse("organisations:import_upload")

pytestmark = pytest.mark.django_db


def upload(client, source: str, name: str, data: bytes):
    return client.post(
        UPLOAD, {"source": source, "file": SimpleUploadedFile(name, data, "text/csv")}
    )


def test_administrators_see_the_imports_page_in_the_navigation(client_for) -> None:
    page = client_for("admin").get(reverse("web:home")).content.decode()

    assert f'href="{UPLOAD}"' in page
    assert ">Imports<" in page or "Imports" in page


@pytest.mark.parametrize("persona", ["regional_lead", "contract_manager", "pp_contributor"])
def test_nobody_else_sees_or_reaches_the_import_pages(client_for, persona: str) -> None:
    client = client_for(persona)

    assert UPLOAD not in client.get(reverse("web:home")).content.decode()
    assert client.get(UPLOAD).status_code == 404
    response = upload(client, "providers", "providers.csv", PROVIDERS_CSV)
    assert response.status_code == 404
    assert not ImportRun.objects.exists()


def test_the_upload_page_offers_both_kinds_of_file(client_for) -> None:
    page = client_for("admin").get(UPLOAD).content.decode()

    assert "ODS trust extract" in page and "Education providers CSV" in page
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page


def test_uploading_a_file_shows_a_preview_and_saves_nothing_until_confirmed(
    client_for, world
) -> None:
    client = client_for("admin")
    organisations = Organisation.objects.count()

    response = upload(client, "ods", "etr-small.csv", (FIXTURES / "ods_small.csv").read_bytes())

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:import_detail", args=[run.pk])
    assert run.status == ImportRun.Status.PREVIEWED
    assert run.file_name == "etr-small.csv"
    assert run.uploaded_by == world.user("admin")
    assert Organisation.objects.count() == organisations
    page = client.get(response["Location"]).content.decode()
    assert "Check the import" in page
    assert "Northfield and St Anne&#39;s Hospitals NHS Foundation Trust" in page
    assert "Out of scope: Wales" in page
    assert "Incomplete: no region code, no open date" in page
    assert "Confirm import" in page


def test_confirming_applies_the_import_and_shows_the_summary(client_for, world) -> None:
    client = client_for("admin")
    upload(client, "ods", "etr-small.csv", (FIXTURES / "ods_small.csv").read_bytes())
    run = ImportRun.objects.get()
    page = client.get(reverse("organisations:import_detail", args=[run.pk])).content.decode()
    fingerprint = page.split('name="fingerprint" value="')[1].split('"')[0]

    response = client.post(
        reverse("organisations:import_confirm", args=[run.pk]),
        {"fingerprint": fingerprint},
        follow=True,
    )

    run.refresh_from_db()
    assert run.status == ImportRun.Status.IMPORTED
    assert run.summary["created"] == 6
    assert Organisation.objects.filter(ods_code="RZA").exists()
    page = response.content.decode()
    assert "Imported etr-small.csv: 6 created, 0 updated, 0 unchanged, 2 skipped." in page
    assert "Import of etr-small.csv" in page
    entry = LogEntry.objects.get_for_object(Organisation.objects.get(ods_code="RZA")).get()
    assert entry.actor == world.user("admin")
    assert entry.additional_data == {"import_file": "etr-small.csv", "sha256": run.sha256}


def test_confirming_twice_is_refused_and_changes_nothing(client_for, world) -> None:
    client = client_for("admin")
    run = previewed_run(world)
    page = client.get(reverse("organisations:import_detail", args=[run.pk])).content.decode()
    fingerprint = page.split('name="fingerprint" value="')[1].split('"')[0]
    confirm = reverse("organisations:import_confirm", args=[run.pk])
    client.post(confirm, {"fingerprint": fingerprint})
    Organisation.objects.filter(ukprn="10000099").update(name="Renamed since")

    response = client.post(confirm, {"fingerprint": fingerprint}, follow=True)

    assert "providers.csv has already been imported; nothing was changed this time." in (
        response.content.decode()
    )
    assert Organisation.objects.get(ukprn="10000099").name == "Renamed since"


def test_a_register_changed_since_the_preview_is_not_applied_until_seen(client_for, world) -> None:
    client = client_for("admin")
    run = previewed_run(world)
    detail = reverse("organisations:import_detail", args=[run.pk])
    page = client.get(detail).content.decode()
    fingerprint = page.split('name="fingerprint" value="')[1].split('"')[0]
    # Someone else adds the same provider before the administrator confirms.
    Organisation.objects.create(
        kind="education_provider", ukprn="10000099", name="University of Northfield (old)"
    )

    response = client.post(
        reverse("organisations:import_confirm", args=[run.pk]),
        {"fingerprint": fingerprint},
        follow=True,
    )

    page = response.content.decode()
    assert "The register has changed since this file was previewed" in page
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEWED
    assert Organisation.objects.get(ukprn="10000099").name == "University of Northfield (old)"
    assert "Changes to existing organisations (1)" in page
    new_fingerprint = page.split('name="fingerprint" value="')[1].split('"')[0]
    assert new_fingerprint != fingerprint

    client.post(
        reverse("organisations:import_confirm", args=[run.pk]), {"fingerprint": new_fingerprint}
    )

    assert Organisation.objects.get(ukprn="10000099").name == "University of Northfield"


def test_a_file_with_errors_lists_each_with_row_and_column_and_saves_nothing(client_for) -> None:
    organisations = Organisation.objects.count()

    response = upload(
        client_for("admin"), "ods", "bad.csv", (FIXTURES / "ods_bad.csv").read_bytes()
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Errors in the file" in page
    assert "There is a problem with the file" in page
    assert "11 errors in bad.csv" in page
    assert "1 (organisation code)" in page
    assert "RZA is also on row 1: each organisation may appear only once." in page
    assert "11 (open date)" in page
    assert "Confirm import" not in page
    assert not ImportRun.objects.exists()
    assert Organisation.objects.count() == organisations


def test_a_file_of_the_wrong_kind_is_reported_not_guessed(client_for) -> None:
    response = upload(
        client_for("admin"), "providers", "etr.csv", (FIXTURES / "ods_small.csv").read_bytes()
    )

    assert "Unexpected column" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_file_over_the_limit_is_refused_on_the_form(client_for, settings) -> None:
    settings.IMPORT_MAX_BYTES = 1024

    response = upload(client_for("admin"), "providers", "big.csv", b"x" * 2048)

    page = response.content.decode()
    assert "The selected file is 2 KB; it must be smaller than 1 KB" in page
    assert "<title>Error: Import organisations" in page
    assert not ImportRun.objects.exists()


def test_the_form_asks_for_a_kind_and_a_file(client_for) -> None:
    page = client_for("admin").post(UPLOAD, {}).content.decode()

    assert "Select what you are importing" in page
    assert "Select a CSV file to import" in page


def test_the_uploaded_file_is_kept_under_media_root_with_a_random_name(
    client_for, settings
) -> None:
    upload(client_for("admin"), "providers", "../../etc/passwd.csv", PROVIDERS_CSV)

    run = ImportRun.objects.get()
    stored = Path(run.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "passwd" not in stored.name
    assert stored.read_bytes() == PROVIDERS_CSV
    assert run.file_name == "passwd.csv"


def test_past_imports_are_listed_with_who_when_and_counts(client_for, world) -> None:
    client = client_for("admin")
    run = previewed_run(world)
    page = client.get(reverse("organisations:import_detail", args=[run.pk])).content.decode()
    fingerprint = page.split('name="fingerprint" value="')[1].split('"')[0]
    client.post(
        reverse("organisations:import_confirm", args=[run.pk]), {"fingerprint": fingerprint}
    )

    for url in (UPLOAD, reverse("organisations:imports")):
        page = client.get(url).content.decode()
        assert "providers.csv" in page
        assert "Admin" in page
        assert "Education providers CSV" in page


@pytest.mark.date_sensitive
def test_unconfirmed_previews_are_discarded_after_a_day(world) -> None:
    run = previewed_run(world)
    path = Path(run.file.path)

    assert previews_discard_stale(actor=None) == 0
    assert previews_discard_stale(actor=None, now=clock.now() + dt.timedelta(days=2)) == 1

    assert not ImportRun.objects.filter(pk=run.pk).exists()
    assert not path.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_import_pages_work_in_a_browser_and_pass_axe(live_server, world) -> None:
    from core.testing.browser import axe_violations, describe, launched_browser, new_context

    problems: list[str] = []
    with launched_browser() as browser:
        context = new_context(browser, live_server.url, user=world.user("admin"))
        page = context.new_page()

        def check(label: str) -> None:
            problems.extend(describe(label, axe_violations(page)))

        page.goto(UPLOAD)
        page.get_by_role("button", name="Check the file").click()
        page.wait_for_load_state()
        assert page.locator(".nhsuk-error-summary").count() == 1
        check("upload form with errors")

        page.get_by_label("ODS trust extract").check()
        page.set_input_files('input[type="file"]', str(FIXTURES / "ods_bad.csv"))
        page.get_by_role("button", name="Check the file").click()
        page.wait_for_load_state()
        assert page.locator("#errors tbody tr").count() == 11
        check("file with errors")

        page.goto(UPLOAD)
        page.get_by_label("ODS trust extract").check()
        page.set_input_files('input[type="file"]', str(FIXTURES / "ods_small.csv"))
        page.get_by_role("button", name="Check the file").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Check the import"
        check("preview")

        page.get_by_role("button", name="Confirm import").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Import of ods_small.csv"
        check("import summary")
        context.close()

    assert Organisation.objects.filter(ods_code="RZA").exists()
    assert not problems, "\n".join(problems)


def test_a_preview_whose_stored_file_has_gone_asks_for_the_file_again(client_for, world) -> None:
    run = previewed_run(world)
    Path(run.file.path).unlink()
    client = client_for("admin")

    page = client.get(reverse("organisations:import_detail", args=[run.pk])).content.decode()
    response = client.post(
        reverse("organisations:import_confirm", args=[run.pk]), {"fingerprint": "x"}, follow=True
    )

    assert "cannot be read. Upload the file again." in page
    assert "Confirm import" not in page
    assert "cannot be read. Upload the file again." in response.content.decode()
    assert not Organisation.objects.filter(ukprn="10000099").exists()
