"""Reads of the ratings KPI imports have left out of date, narrowed to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ratings.compute.staleness import of_round
from ratings.models import Rating, RatingRound, StaleRating

if TYPE_CHECKING:
    from accounts.models import Viewer

# The round page lists this many out-of-date programmes; it counts them all.
SHOWN = 100


@dataclass
class StaleList:
    """The out-of-date programmes of a round the user may see, and how many there are."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    visible: int = 0
    # Out of date, but of providers the user does not see (they still hold the round up).
    elsewhere: int = 0

    @property
    def total(self) -> int:
        return self.visible + self.elsewhere


def stale_on_round(user: Viewer, round_: RatingRound) -> StaleList:
    """The round's out-of-date programmes, each with its current rating's number when it has
    one (a programme new to the year has none until the recompute); a fixed number of
    queries however many there are."""
    marks = of_round(round_)
    visible = marks.visible_to(user)
    shown = list(
        visible.select_related("education_provider", "programme", "kpi_import").order_by(
            "education_provider__name", "programme__name", "pk"
        )[:SHOWN]
    )
    if not shown:
        return StaleList(elsewhere=marks.count())
    ratings = {
        (provider_id, programme_id): pk
        for provider_id, programme_id, pk in Rating.objects.filter(
            round=round_,
            is_current=True,
            education_provider_id__in={mark.education_provider_id for mark in shown},
            programme_id__in={mark.programme_id for mark in shown},
        ).values_list("education_provider_id", "programme_id", "pk")
    }
    seen = visible.count()
    return StaleList(
        rows=[
            {
                "provider": mark.education_provider.name,
                "programme": mark.programme.name,
                "rating_id": ratings.get((mark.education_provider_id, mark.programme_id)),
                "file_name": mark.kpi_import.file_name if mark.kpi_import else "",
                "marked_at": mark.marked_at,
            }
            for mark in shown
        ],
        visible=seen,
        elsewhere=marks.count() - seen,
    )


def stale_mark_of(rating: Rating) -> StaleRating | None:
    """What left the rating out of date, if anything: for a programme rating its own mark,
    for an overall rating the latest mark of any of the provider's programmes."""
    if not rating.is_current:
        return None
    marks = StaleRating.objects.filter(
        academic_year=rating.round.academic_year,
        education_provider_id=rating.education_provider_id,
    )
    if rating.programme_id is not None:
        marks = marks.filter(programme_id=rating.programme_id)
    return marks.select_related("kpi_import").order_by("-marked_at", "-pk").first()
