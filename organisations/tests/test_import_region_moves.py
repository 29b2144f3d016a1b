"""An import that would move organisations to another region lists them, with what is live
there, and is applied only when the confirmation says to move them.

A real extract once moved a demo trust from London to the Midlands without a word: its
people and self-assessments went with it and the London lead lost them.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.imports.errors import NotAcknowledged
from core.scope import Scope
from organisations import live
from organisations.imports.moves import MOVE_REGIONS
from organisations.imports.services import import_confirm, import_preview, run_plan
from organisations.models import ImportRun, Organisation
from organisations.tests.ods_helpers import ods_row, to_csv

pytestmark = pytest.mark.django_db

# The London trust of the test world, as an extract from the East Midlands would have it.
MOVED = to_csv([ods_row("RZZ01", "THAMESIDE HOSPITALS NHS TRUST", c24="E")])
MOVE_REFUSED = "This import moves 1 organisation to another region (RZZ01)"


def preview(world, data: bytes = MOVED) -> ImportRun:
    plan, run = import_preview(
        actor=world.user("admin"), source=ImportRun.Source.ODS, file_name="etr.csv", data=data
    )
    assert run is not None, [str(error) for error in plan.errors]
    return run


def fingerprint_of(page: str) -> str:
    return page.split('name="fingerprint" value="')[1].split('"')[0]


def fingerprint_of_run(run: ImportRun) -> str:
    return run_plan(run).fingerprint()


def region_of(organisation: Organisation) -> str:
    organisation.refresh_from_db()
    assert organisation.region is not None
    return organisation.region.code


def test_the_preview_lists_each_move_with_the_people_who_go_with_it(world, client_for) -> None:
    run = preview(world)

    page = client_for("admin").get(reverse("organisations:import_detail", args=[run.pk]))

    html = page.content.decode()
    assert "Organisations that move to another region (1)" in html
    moves = html.split('id="moves"')[1].split("</table>")[0]
    assert "RZZ01" in moves and "London" in moves and "Midlands" in moves
    # The test world's placement provider personas work there.
    people = world.london_pp.memberships.values("user").distinct().count()
    assert people > 1
    assert f"{people} people with roles there" in moves
    assert "Changed organisations with work in progress (1)" in html
    assert "Move these organisations to another region" in html
    assert 'name="move_regions"' in html


def test_confirming_without_the_box_is_refused_beside_it_and_changes_nothing(
    world, client_for
) -> None:
    run = preview(world)
    client = client_for("admin")
    page = client.get(reverse("organisations:import_detail", args=[run.pk])).content.decode()

    response = client.post(
        reverse("organisations:import_confirm", args=[run.pk]),
        {"fingerprint": fingerprint_of(page)},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Check the import" in html
    assert "There is a problem" in html and MOVE_REFUSED in html
    assert 'href="#id_move_regions"' in html
    assert region_of(world.london_pp) == "LON"
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEWED


def test_ticking_the_box_moves_the_organisation(world, client_for) -> None:
    run = preview(world)
    client = client_for("admin")
    page = client.get(reverse("organisations:import_detail", args=[run.pk])).content.decode()

    response = client.post(
        reverse("organisations:import_confirm", args=[run.pk]),
        {"fingerprint": fingerprint_of(page), "move_regions": "on"},
    )

    assert response.status_code == 302
    assert region_of(world.london_pp) == "MID"
    run.refresh_from_db()
    assert run.status == ImportRun.Status.IMPORTED
    assert "region" in run.summary["updated_fields"]["RZZ01"]


def test_the_service_refuses_a_move_it_was_not_told_to_make(world) -> None:
    run = preview(world)
    plan_fingerprint = fingerprint_of_run(run)

    with pytest.raises(NotAcknowledged, match=r"moves 1 organisation .*\(RZZ01\)") as refused:
        import_confirm(actor=world.user("admin"), run=run, fingerprint=plan_fingerprint)

    assert refused.value.key == MOVE_REGIONS
    assert region_of(world.london_pp) == "LON"
    import_confirm(
        actor=world.user("admin"),
        run=run,
        fingerprint=plan_fingerprint,
        acknowledged=[MOVE_REGIONS],
    )
    assert region_of(world.london_pp) == "MID"


def test_a_change_that_moves_no_organisation_needs_no_box(world, client_for) -> None:
    renamed = to_csv([ods_row("RZZ01", "THAMESIDE AND RIVERSIDE NHS TRUST", c24="H")])
    run = preview(world, renamed)
    client = client_for("admin")
    page = client.get(reverse("organisations:import_detail", args=[run.pk])).content.decode()

    assert "Organisations that move to another region" not in page
    assert 'name="move_regions"' not in page
    assert "Changed organisations with work in progress (1)" in page
    client.post(
        reverse("organisations:import_confirm", args=[run.pk]),
        {"fingerprint": fingerprint_of(page)},
    )
    world.london_pp.refresh_from_db()
    assert world.london_pp.name == "Thameside and Riverside NHS Trust"


def test_the_command_refuses_a_move_unless_told_and_says_how(world, tmp_path) -> None:
    path = tmp_path / "etr.csv"
    path.write_bytes(MOVED)
    out = io.StringIO()

    with pytest.raises(CommandError, match="run it again with --move-regions"):
        call_command("import_organisations", "--ods", str(path), stdout=out)

    assert "Moved to another region: 1" in out.getvalue()
    assert "RZZ01 Thameside Hospitals NHS Trust: London -> Midlands" in out.getvalue()
    assert region_of(world.london_pp) == "LON"
    assert not ImportRun.objects.exists()

    call_command("import_organisations", "--ods", str(path), "--move-regions", stdout=out)
    assert region_of(world.london_pp) == "MID"


def test_live_work_names_each_kind_in_order_and_leaves_out_what_there_is_none_of(
    world, monkeypatch
) -> None:
    kinds: dict[str, live.LiveWork] = {}
    monkeypatch.setattr(live, "_kinds", kinds)
    seen: list[Scope] = []

    def queries(ids, scope):
        seen.append(scope)
        return dict.fromkeys(ids, 1) | {0: 0}

    live.register(live.LiveWork("b", lambda ids, scope: dict.fromkeys(ids, 3), "bee", "bees", 2))
    live.register(live.LiveWork("a", queries, "query", "queries", 1))
    live.register(live.LiveWork("c", lambda ids, scope: {}, "sea", "seas", 3))

    found = live.live_work([world.london_pp.pk], world.user("admin"))

    assert found == {world.london_pp.pk: ["1 query", "3 bees"]}
    assert seen[0].is_national
    assert live.live_work([], None) == {}
    live.live_work([world.london_pp.pk], None)
    assert seen[-1] is live.SYSTEM_SCOPE


def test_the_preview_makes_the_same_number_of_queries_however_many_organisations_move(
    world, client_for, django_assert_num_queries
) -> None:
    client = client_for("admin")
    for number in range(30):
        Organisation.objects.create(
            kind="placement_provider",
            ods_code=f"RM{number:02d}",
            name=f"Trust {number}",
            region=world.london_pp.region,
        )
    one = preview(world)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("organisations:import_detail", args=[one.pk]))
    many = preview(
        world,
        to_csv([ods_row(f"RM{number:02d}", f"TRUST {number}", c24="E") for number in range(30)]),
    )

    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("organisations:import_detail", args=[many.pk]))

    assert "Organisations that move to another region (30)" in page.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_region_move_and_its_refusal_work_in_a_browser_and_pass_axe(
    live_server, world, tmp_path
) -> None:
    from core.testing.browser import axe_violations, describe, launched_browser, new_context

    path = tmp_path / "etr-moved.csv"
    path.write_bytes(MOVED)
    problems: list[str] = []
    with launched_browser() as browser:
        context = new_context(browser, live_server.url, user=world.user("admin"))
        page = context.new_page()
        page.goto(reverse("organisations:import_upload"))
        page.get_by_label("ODS trust extract").check()
        page.set_input_files('input[type="file"]', str(path))
        page.get_by_role("button", name="Check the file").click()
        page.wait_for_load_state()
        assert page.locator("#moves").count() == 1
        problems += describe("preview with a region move", axe_violations(page))

        page.get_by_role("button", name="Confirm import").click()
        page.wait_for_load_state()
        assert page.locator(".nhsuk-error-summary").count() == 1
        problems += describe("region move not confirmed", axe_violations(page))

        page.get_by_label("Move these organisations to another region").check()
        page.get_by_role("button", name="Confirm import").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Import of etr-moved.csv"
        context.close()

    assert region_of(world.london_pp) == "MID"
    assert not problems, "\n".join(problems)
