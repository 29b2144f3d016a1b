"""An organisation's open self-assessments are shown when an import would change it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.live import open_submissions
from assessments.models import CampaignStatus, SubmissionStatus
from assessments.testing import build_assessment
from core.scope import EMPTY_SCOPE
from organisations.imports.selectors import changed_with_live_work
from organisations.imports.services import import_preview
from organisations.models import ImportRun

pytestmark = pytest.mark.django_db

# The London trust of the test world, as an extract from the East Midlands would have it.
MOVED = (
    b"RZZ01,THAMESIDE HOSPITALS NHS TRUST,Y56,Q71,A ROAD,,,,,SE1 7EH,19930401"
    + b",,,,,,,,,,,0,,E\n"
)


def preview(world):
    return import_preview(
        actor=world.user("admin"), source=ImportRun.Source.ODS, file_name="etr.csv", data=MOVED
    )


def test_a_moved_trusts_self_assessment_in_an_open_campaign_is_listed(world, client_for) -> None:
    build_assessment(world)
    plan, run = preview(world)
    assert run is not None

    live = changed_with_live_work(plan, world.user("admin"))

    assert "1 open self-assessment" in live[world.london_pp.pk]
    page = client_for("admin").get(reverse("organisations:import_detail", args=[run.pk]))
    moves = page.content.decode().split('id="moves"')[1].split("</table>")[0]
    assert "1 open self-assessment" in moves


def test_a_closed_campaign_counts_only_its_reopened_self_assessments(world) -> None:
    assessment = build_assessment(world)
    assessment.campaign.status = CampaignStatus.CLOSED
    assessment.campaign.save()
    ids = [world.london_pp.pk, world.midlands_pp.pk]

    assert open_submissions(ids, world.user("admin")) == {}

    assessment.london.status = SubmissionStatus.REOPENED
    assessment.london.save()
    assert open_submissions(ids, world.user("admin")) == {world.london_pp.pk: 1}


def test_only_what_the_scope_may_see_is_counted(world) -> None:
    build_assessment(world)
    ids = [world.london_pp.pk, world.midlands_pp.pk]

    assert open_submissions(ids, EMPTY_SCOPE) == {}
    assert open_submissions(ids, world.user("regional_lead")) == {world.london_pp.pk: 1}
