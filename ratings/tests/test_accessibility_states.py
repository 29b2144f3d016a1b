"""QCPM page states the site-wide accessibility sweep does not reach, checked with axe.

The sweep (``web/tests/test_accessibility.py``) visits each QCPM page once, in the state its
access rule builds. People also meet these pages with errors on them (a refused KPI file,
a form sent empty), part-way through an import, after publication with follow-ups, and as
an earlier revision: each of those states is checked here for WCAG 2.2 A and AA failures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page

from access.testing import World
from core import clock
from core.testing.browser import ERROR_SUMMARY as ERRORS
from core.testing.browser import (
    State,
    fill_and_send,
    send_first_form,
    state_problems,
)
from ratings.compute.services import ratings_compute
from ratings.imports import services as services_import
from ratings.models import FollowUp, KpiImport, Methodology, Rating
from ratings.testing import (
    LONDON_VALUES,
    MIDLANDS_VALUES,
    YEAR,
    add_values,
    build_qcpm,
    compute_every_region,
    methodology_for,
    region_of,
)
from ratings.tests.import_helpers import csv_bytes, good_rows
from ratings.workflow.corrections import rating_correct
from ratings.workflow.services import query_raise, round_transition

pytestmark = pytest.mark.browser

PUBLISHED = YEAR - 1


def _upload(data: bytes | None) -> Callable[[Page], None]:
    def act(page: Page) -> None:
        if data is not None:
            page.locator("input[type=file][name=file]").set_input_files(
                {"name": "kpis.csv", "mimeType": "text/csv", "buffer": data}
            )
        page.get_by_role("button", name="Check the file").click()
        page.wait_for_load_state()

    return act


def _rating(world: World, year: int, region: str, *, programme: bool = True) -> Rating:
    return Rating.objects.get(
        round__academic_year=year,
        education_provider=world.london_ep if region == "london" else world.midlands_ep,
        programme=world.nursing if programme else None,
        is_current=True,
    )


def _published_year(world: World) -> None:
    """Last year's round, published (with a follow-up for the Red rating), then corrected."""
    admin = world.user("admin")
    methodology_for(world, PUBLISHED)
    add_values(world.london_ep, world.nursing, PUBLISHED, LONDON_VALUES)
    add_values(world.midlands_ep, world.nursing, PUBLISHED, MIDLANDS_VALUES)
    for summary in compute_every_region(PUBLISHED, actor=admin):
        round_ = summary.round
        for step in ("preview", "approve", "publish"):
            round_ = round_transition(
                actor=admin,
                round_=round_,
                name=step,
                preview_closes_on=clock.today(),
                reason="Approved on the day the preview closes, as every query is answered",
            )
    rating_correct(
        actor=admin, rating=_rating(world, PUBLISHED, "midlands"), note="Attrition re-checked"
    )


def states(world: World) -> list[State]:
    build_qcpm(world)
    _published_year(world)
    manager = world.user("contract_manager")
    round_ = ratings_compute(actor=manager, year=YEAR, region=region_of(world.london_ep)).round
    round_transition(
        actor=manager,
        round_=round_,
        name="preview",
        preview_closes_on=clock.today() + dt.timedelta(days=7),
    )
    preview = _preview_states(world)
    return [
        *_import_states(manager),
        *preview,
        *_stale_states(manager),
        *_published_states(world),
        *_methodology_states(),
    ]


def _import_states(manager: Any) -> list[State]:
    """Loading KPI data: a refused file, a form sent empty, and imports in each state."""
    _, previewed = services_import.import_preview(
        actor=manager, file_name="kpis.csv", data=csv_bytes(good_rows())
    )
    assert previewed is not None
    running = KpiImport.objects.create(
        file_name="big.csv",
        sha256="1" * 64,
        uploaded_by=manager,
        status=KpiImport.Status.RUNNING,
        rows_total=20000,
        rows_done=5000,
    )
    failed = KpiImport.objects.create(
        file_name="broken.csv",
        sha256="2" * 64,
        uploaded_by=manager,
        status=KpiImport.Status.FAILED,
        # With the fingerprint of its preview, so the page offers to confirm it again.
        summary={"error": "The file cannot be read.", "fingerprint": "0" * 64},
    )
    upload = reverse("ratings:kpi_import_upload")
    bad_file = csv_bytes(
        [*good_rows(), ("99999999", "NURS-ADULT", "2025/26", "NSS", "lots", "", "")]
    )

    def detail(kpi_import: KpiImport) -> str:
        return reverse("ratings:kpi_import_detail", args=[kpi_import.pk])

    return [
        State("upload with no file chosen", "contract_manager", upload, _upload(None), ERRORS),
        State("upload: rows with errors", "contract_manager", upload, _upload(bad_file), "#errors"),
        State("import waiting for confirmation", "contract_manager", detail(previewed)),
        State(
            "import in progress",
            "contract_manager",
            detail(running),
            shows="[data-import-progress] [role=status]",
        ),
        State("import that failed", "contract_manager", detail(failed)),
        *_large_file_states(manager),
    ]


def _large_file_states(manager: Any) -> list[State]:
    """A large KPI file while the worker checks it, and once its check has refused it."""
    checking = KpiImport.objects.create(
        file_name="large.xlsx",
        sha256="3" * 64,
        uploaded_by=manager,
        status=KpiImport.Status.CHECKING,
        by_worker=True,
        rows_done=15000,
    )
    refused = KpiImport.objects.create(
        file_name="large-with-errors.csv",
        sha256="4" * 64,
        uploaded_by=manager,
        status=KpiImport.Status.REFUSED,
        by_worker=True,
        summary={"errors": [[3, "value", "'3,5' has a comma."], [None, None, "Too long."]]},
    )
    return [
        State(
            "large file being checked",
            "contract_manager",
            reverse("ratings:kpi_import_detail", args=[checking.pk]),
            shows="[data-import-progress] [role=status]",
        ),
        State(
            "large file refused by its check",
            "contract_manager",
            reverse("ratings:kpi_import_detail", args=[refused.pk]),
            shows="#errors",
        ),
    ]


def _preview_states(world: World) -> list[State]:
    """The workflow, in provider preview."""
    london = _rating(world, YEAR, "london")
    query = query_raise(
        actor=world.user("ep_lead"), rating=london, kpi=None, question="Is attrition right?"
    )
    return [
        State(
            "returning to draft without a reason",
            "admin",
            reverse("ratings:round_transition", args=[YEAR, "lon", "reopen"]),
            send_first_form,
            ERRORS,
        ),
        State(
            "round in preview, provider lead",
            "ep_lead",
            reverse("ratings:round_detail", args=[YEAR, "lon"]),
        ),
        State(
            "draft rating, provider lead", "ep_lead", reverse("ratings:rating", args=[london.pk])
        ),
        State(
            "overall rating",
            "contract_manager",
            reverse("ratings:rating", args=[_rating(world, YEAR, "london", programme=False).pk]),
        ),
        State(
            "query sent empty",
            "ep_lead",
            reverse("ratings:rating_query", args=[london.pk]),
            send_first_form,
            ERRORS,
        ),
        State(
            "answer sent empty",
            "contract_manager",
            reverse("ratings:rating_query_answer", args=[query.pk]),
            send_first_form,
            ERRORS,
        ),
        State(
            "right of reply sent empty",
            "ep_lead",
            reverse("ratings:round_reply", args=[YEAR, "lon", world.london_ep.pk]),
            send_first_form,
            ERRORS,
        ),
    ]


def _stale_states(manager: Any) -> list[State]:
    """New KPI data after the ratings were computed: the ratings out of date."""
    _, kpi_import = services_import.import_file(
        actor=manager,
        file_name="late.csv",
        data=csv_bytes([("10000001", "NURS-ADULT", "2025/26", "NSS", "60", "", "")]),
    )
    assert kpi_import is not None
    return [
        State(
            "round with ratings out of date",
            "contract_manager",
            reverse("ratings:round_detail", args=[YEAR, "lon"]),
        ),
        State(
            "import that left ratings out of date",
            "contract_manager",
            reverse("ratings:kpi_import_detail", args=[kpi_import.pk]),
        ),
    ]


def _published_states(world: World) -> list[State]:
    """After publication: follow-ups, corrections and revisions."""
    old_revision = Rating.objects.get(
        round__academic_year=PUBLISHED,
        education_provider=world.midlands_ep,
        programme=world.nursing,
        revision=1,
    )
    follow_up = FollowUp.objects.get(rating__round__academic_year=PUBLISHED)
    return [
        State(
            "published round with follow-ups",
            "admin",
            reverse("ratings:round_detail", args=[PUBLISHED, "mid"]),
        ),
        State(
            "an earlier revision of a rating",
            "admin",
            reverse("ratings:rating", args=[old_revision.pk]),
        ),
        State(
            "correction sent empty",
            "admin",
            reverse("ratings:rating_correct", args=[_rating(world, PUBLISHED, "london").pk]),
            send_first_form,
            ERRORS,
        ),
        State(
            "follow-up action sent empty",
            "admin",
            reverse("ratings:rating_follow_up_action", args=[follow_up.pk]),
            send_first_form,
            ERRORS,
        ),
        State(
            "provider report over two years",
            "admin",
            reverse("ratings:provider", args=[world.midlands_ep.pk]) + f"?year={YEAR}",
        ),
        State(
            "public provider page with a correction",
            "anonymous",
            reverse("ratings:public_provider", args=[world.midlands_ep.pk]) + f"?year={PUBLISHED}",
        ),
    ]


def _methodology_states() -> list[State]:
    """Methodologies: errors, and a frozen one."""
    published = Methodology.objects.get(academic_year=PUBLISHED)
    current = Methodology.objects.get(academic_year=YEAR)
    return [
        State(
            "new methodology sent empty",
            "admin",
            reverse("ratings:methodology_create"),
            send_first_form,
            ERRORS,
        ),
        State(
            "overall settings with an error",
            "admin",
            reverse("ratings:methodology_edit", args=[current.pk]),
            fill_and_send("main input[name=name]", ""),
            ERRORS,
        ),
        State(
            "KPI settings with an error",
            "admin",
            reverse("ratings:methodology_kpis_edit", args=[current.pk]),
            fill_and_send("main input[name$=weight]", "-1"),
            ERRORS,
        ),
        State(
            "a frozen methodology's settings",
            "admin",
            reverse("ratings:methodology_edit", args=[published.pk]),
        ),
    ]


def test_qcpm_error_and_workflow_states_have_no_accessibility_violation(
    browser: Browser, live_server: Any, world: World
) -> None:
    problems = state_problems(browser, live_server.url, world.user, states(world))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
