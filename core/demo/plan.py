"""What the demo plans: the scales, and the organisations, sites and commissions a scale
will create.

The whole national catalogue is always generated from one fixed seed (``SEED``), in a fixed
order, and a scale keeps the first few providers of each region and the latest few years
(``build.build_plan``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SEED = "edquality-demo-2026"


@dataclass(frozen=True)
class Scale:
    """How many providers each region gets and how many academic years of commissions."""

    name: str
    education_providers: dict[str, int]
    placement_providers: dict[str, int]
    years: int

    @property
    def total_education_providers(self) -> int:
        return sum(self.education_providers.values())

    @property
    def total_placement_providers(self) -> int:
        return sum(self.placement_providers.values())


SMALL = Scale(
    "small",
    {"LON": 4, "SE": 3, "SW": 1, "MID": 1, "EOE": 1, "NW": 1, "NEY": 1},
    {"LON": 10, "SE": 8, "SW": 4, "MID": 5, "EOE": 4, "NW": 4, "NEY": 5},
    years=5,
)
NATIONAL = Scale(
    "national",
    {"LON": 30, "SE": 26, "SW": 16, "MID": 24, "EOE": 16, "NW": 18, "NEY": 20},
    {"LON": 300, "SE": 260, "SW": 170, "MID": 240, "EOE": 160, "NW": 170, "NEY": 200},
    years=10,
)
SCALES = {scale.name: scale for scale in (SMALL, NATIONAL)}


@dataclass(frozen=True)
class PlannedSite:
    """A site a placement provider will have."""

    name: str
    ods_code: str
    postcode: str


@dataclass(frozen=True)
class PlannedOrganisation:
    """An education or placement provider; ``code`` is its UKPRN or ODS code."""

    kind: str
    rank: int  # position within its region: a scale keeps the first few
    code: str
    name: str
    region_code: str
    local_office_code: str
    provider_type: str
    opened_on: dt.date
    closed_on: dt.date | None
    address: str
    postcode: str
    sites: tuple[PlannedSite, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


@dataclass(frozen=True)
class PlannedCommission:
    """Places commissioned from one education provider for one programme in one year."""

    ukprn: str
    programme_code: str
    academic_year: int
    places: int


@dataclass
class Plan:
    """Everything one scale will create."""

    scale: Scale
    years: list[int]
    education_providers: list[PlannedOrganisation] = field(default_factory=list)
    placement_providers: list[PlannedOrganisation] = field(default_factory=list)
    commissions: list[PlannedCommission] = field(default_factory=list)
