"""The round's workflow: each step only from the right state, by the right people, on record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from core import clock
from core.formatting import date as date_text
from ratings.models import Rating, RatingRound, RoundStatus
from ratings.testing import preview_closed
from ratings.workflow.services import query_answer, query_raise, round_transition

# Dates here are counted from the clock's today, so CI runs them again on other days.
pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


def _soon() -> dt.date:
    return clock.today() + dt.timedelta(days=10)


def _step(qcpm: Any, name: str, persona: str = "contract_manager", **kwargs: Any) -> RatingRound:
    return round_transition(actor=qcpm.world.user(persona), round_=qcpm.round, name=name, **kwargs)


def _entries(round_: RatingRound) -> list[LogEntry]:
    return list(
        LogEntry.objects.get_for_object(round_)
        .filter(additional_data__has_key="transition")
        .order_by("pk")
    )


def test_a_round_goes_from_draft_to_preview_to_approved_to_published(qcpm: Any) -> None:
    assert _step(qcpm, "preview", preview_closes_on=_soon(), reason="Data checked").status == (
        RoundStatus.PROVIDER_PREVIEW
    )
    assert _step(qcpm, "approve", reason="Every query answered").status == RoundStatus.APPROVED
    published = _step(qcpm, "publish", persona="admin")
    assert published.status == RoundStatus.PUBLISHED
    assert published.published_at is not None
    assert published.preview_closes_on == _soon()


def test_each_step_records_who_when_from_to_and_why(qcpm: Any) -> None:
    _step(qcpm, "preview", preview_closes_on=_soon(), reason="Data checked")
    _step(qcpm, "reopen", reason="A provider sent corrected attrition figures")
    first, second = _entries(qcpm.round)
    assert first.actor == qcpm.world.user("contract_manager")
    assert first.additional_data == {
        "transition": "preview",
        "from": "draft",
        "to": "provider_preview",
        "reason": "Data checked",
    }
    assert first.changes["status"] == ["draft", "provider_preview"]
    assert second.additional_data["reason"] == "A provider sent corrected attrition figures"
    assert second.additional_data["to"] == "draft"


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (RoundStatus.DRAFT, "approve"),
        (RoundStatus.DRAFT, "publish"),
        (RoundStatus.PROVIDER_PREVIEW, "publish"),
        (RoundStatus.PROVIDER_PREVIEW, "preview"),
        (RoundStatus.APPROVED, "approve"),
        (RoundStatus.PUBLISHED, "reopen"),
        (RoundStatus.PUBLISHED, "preview"),
    ],
)
def test_a_step_from_the_wrong_state_is_refused_and_changes_nothing(
    qcpm: Any, status: str, name: str
) -> None:
    RatingRound.objects.filter(pk=qcpm.round.pk).update(status=status)
    with pytest.raises(ValidationError, match="they must be"):
        _step(qcpm, name, preview_closes_on=_soon(), reason="Because")
    qcpm.round.refresh_from_db()
    assert qcpm.round.status == status
    assert not _entries(qcpm.round)


@pytest.mark.parametrize(
    "persona",
    ["regional_lead", "ep_lead", "pp_contributor", "no_role", "midlands_contract_manager"],
)
def test_only_contract_managers_and_administrators_move_a_round(qcpm: Any, persona: str) -> None:
    # The Midlands contract manager manages the Midlands' round, not London's.
    with pytest.raises(PermissionDenied):
        _step(qcpm, "preview", persona=persona, preview_closes_on=_soon())
    qcpm.round.refresh_from_db()
    assert qcpm.round.status == RoundStatus.DRAFT


def test_opening_the_preview_needs_a_closing_date_today_or_later(qcpm: Any) -> None:
    with pytest.raises(ValidationError, match="Enter the date the provider preview closes"):
        _step(qcpm, "preview")
    with pytest.raises(ValidationError, match="today or later"):
        _step(qcpm, "preview", preview_closes_on=clock.today() - dt.timedelta(days=1))


def test_opening_the_preview_needs_computed_ratings(qcpm: Any) -> None:
    Rating.objects.all().delete()
    with pytest.raises(ValidationError, match="Compute the ratings"):
        _step(qcpm, "preview", preview_closes_on=_soon())


def test_returning_to_draft_needs_a_reason(qcpm: Any) -> None:
    _step(qcpm, "preview", preview_closes_on=_soon())
    with pytest.raises(ValidationError, match="Enter why"):
        _step(qcpm, "reopen", reason="  ")


def test_a_contract_manager_confirms_a_step_in_the_browser_and_sees_it_in_the_history(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    client = client_for("contract_manager")
    url = reverse("ratings:round_transition", args=[2025, "lon", "preview"])
    page = client.get(url)
    assert "Date the provider preview closes" in page.content.decode()
    refused = client.post(url, {"reason": "Ready"})
    assert refused.status_code == 200
    assert "Error: " in refused.content.decode()
    response = client.post(url, {"preview_closes_on": _soon().isoformat(), "reason": "Ready"})
    assert response.status_code == 302
    detail = client.get(reverse("ratings:round_detail", args=[2025, "lon"])).content.decode()
    assert "Open the provider preview: from Draft to Provider preview" in detail
    assert "Ready" in detail


def test_a_step_not_possible_now_says_so_instead_of_a_form(
    qcpm: Any, client_for: Callable[[str], Client]
) -> None:
    url = reverse("ratings:round_transition", args=[2025, "lon", "publish"])
    page = client_for("admin").get(url)
    assert "this step is not possible now" in page.content.decode()
    assert '<form method="post"' not in page.content.decode()


def test_approval_waits_for_the_preview_to_close_unless_the_early_reason_is_given(
    qcpm: Any, client_for: Any
) -> None:
    closes = clock.today() + dt.timedelta(days=14)
    _step(qcpm, "preview", preview_closes_on=closes)
    with pytest.raises(ValidationError) as refused:
        _step(qcpm, "approve")
    assert refused.value.message_dict == {
        "reason": [
            f"The provider preview is open until the end of {date_text(closes)}: approve after "
            "it closes, or say why the ratings are approved early (the providers will see "
            "your reason)"
        ]
    }
    assert RatingRound.objects.get(pk=qcpm.round.pk).status == RoundStatus.PROVIDER_PREVIEW

    approved = _step(qcpm, "approve", reason="The board meets before the window closes")
    assert approved.status == RoundStatus.APPROVED
    assert approved.approved_early_because == "The board meets before the window closes"
    # The provider's lead reads the reason beside its rating.
    rating = Rating.objects.get(
        round=qcpm.round, education_provider=qcpm.world.london_ep, programme=qcpm.world.nursing
    )
    page = client_for("ep_lead").get(reverse("ratings:rating", args=[rating.pk]))
    assert "The board meets before the window closes" in page.content.decode()


def test_an_open_query_blocks_approval_until_it_is_answered(qcpm: Any) -> None:
    _step(qcpm, "preview", preview_closes_on=clock.today())
    rating = Rating.objects.get(
        round=qcpm.round, education_provider=qcpm.world.london_ep, programme=qcpm.world.nursing
    )
    query = query_raise(
        actor=qcpm.world.user("ep_lead"), rating=rating, kpi=None, question="Is ATTR right?"
    )
    preview_closed(qcpm.round)
    with pytest.raises(ValidationError, match="1 query from providers is still open: answer it"):
        _step(qcpm, "approve")
    query_answer(actor=qcpm.world.user("contract_manager"), query=query, answer="It is right")
    assert _step(qcpm, "approve").status == RoundStatus.APPROVED
