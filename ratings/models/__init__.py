"""QCPM: KPI definitions, methodologies, KPI values and ratings."""

from ratings.models.computations import RatingComputation, StaleRating
from ratings.models.definitions import (
    Computation,
    Direction,
    Kpi,
    Methodology,
    MethodologyKpi,
    Unit,
)
from ratings.models.ratings import (
    FollowUp,
    FollowUpAction,
    Rating,
    RatingBand,
    RatingQuery,
    RatingRound,
    RightOfReply,
    RoundStatus,
)
from ratings.models.values import KpiImport, KpiValue, KpiValueHistory

__all__ = [
    "Computation",
    "Direction",
    "FollowUp",
    "FollowUpAction",
    "Kpi",
    "KpiImport",
    "KpiValue",
    "KpiValueHistory",
    "Methodology",
    "MethodologyKpi",
    "Rating",
    "RatingBand",
    "RatingComputation",
    "RatingQuery",
    "RatingRound",
    "RightOfReply",
    "RoundStatus",
    "StaleRating",
    "Unit",
]
