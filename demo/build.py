"""Plan the demo data without touching the database.

The whole national catalogue is always generated from one fixed seed, in a fixed order, and
a scale keeps the first few providers of each region and the latest few years. So the small
scale is a subset of the national one: seeding national after small only adds to it, and
every run plans exactly the same codes, names and numbers.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from demo import names
from organisations.services import REGIONS_FILE
from programmes.services import PROGRAMMES_FILE

SEED = "edquality-demo-2026"

# Types of the first placement providers in every region, so even the small scale shows
# each kind: rank 0 is the trust the demo contributor works at, rank 1 the panel member's.
LEADING_TYPES = (
    "acute",
    "mental_health",
    "primary_care",
    "acute",
    "community",
    "independent",
    "primary_care",
    "voluntary",
    "acute",
    "ambulance",
)
# The mix after those: mostly practices and independent and voluntary providers, as in life.
LATER_TYPE_WEIGHTS = {
    "acute": 9,
    "mental_health": 4,
    "community": 3,
    "primary_care": 48,
    "independent": 23,
    "voluntary": 13,
}
NHS_TRUST_TYPES = frozenset({"acute", "mental_health", "community", "ambulance"})
SITE_COUNTS = {
    "acute": (2, 4),
    "mental_health": (1, 4),
    "community": (1, 3),
    "ambulance": (1, 3),
    "primary_care": (1, 2),
    "independent": (1, 2),
    "voluntary": (1, 2),
}
OPENED_YEARS = {
    "education_provider": (1965, 2012),
    "acute": (1991, 2016),
    "mental_health": (1994, 2016),
    "community": (2010, 2018),
    "ambulance": (1993, 2008),
    "primary_care": (1950, 2020),
    "independent": (1985, 2021),
    "voluntary": (1967, 2019),
}
# One placement provider in this many (at a fixed rank) has closed.
CLOSED_EVERY = 40
CLOSED_RANK = 6

# Per programme: chance a medium-sized provider runs it, and the usual range of places.
PROGRAMME_PROFILES: dict[str, tuple[float, int, int]] = {
    "NURS-ADULT": (0.92, 80, 300),
    "NURS-CHILD": (0.6, 30, 120),
    "NURS-LD": (0.3, 15, 50),
    "NURS-MH": (0.75, 40, 160),
    "MIDW": (0.55, 30, 110),
    "DIET": (0.25, 12, 40),
    "POD": (0.15, 10, 35),
    "ODP": (0.4, 20, 60),
    "PHYSIO": (0.5, 30, 90),
    "OT": (0.45, 25, 80),
    "SLT": (0.2, 15, 45),
    "RAD-DIAG": (0.35, 25, 70),
    "RAD-THER": (0.12, 10, 35),
    "COMM-HV": (0.4, 15, 60),
    "COMM-SN": (0.3, 8, 25),
    "COMM-DN": (0.4, 10, 40),
    "CLINPSY": (0.2, 10, 40),
    "CHPSYTH": (0.05, 4, 12),
    "PSYTHER-HI": (0.15, 10, 40),
    "PSYTHER-PWP": (0.2, 20, 60),
    "PA": (0.25, 15, 45),
    "WFD": (0.3, 20, 100),
    "CYTO": (0.05, 4, 15),
}
DEFAULT_PROFILE = (0.15, 10, 40)
# Provider size: (share of providers, places multiplier, chance multiplier).
PROVIDER_SIZES = {
    "large": (0.35, (1.0, 1.25), 1.3),
    "medium": (0.45, (0.75, 1.0), 1.0),
    "small": (0.2, (0.45, 0.75), 0.5),
}


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


@dataclass(frozen=True)
class _Region:
    code: str
    offices: tuple[str, ...]
    ods_letters: tuple[str, ...]


def _regions() -> list[_Region]:
    data = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    return [
        _Region(
            item["code"],
            tuple(office["code"] for office in item["local_offices"]),
            tuple(item["ods_regions"]),
        )
        for item in data["regions"]
    ]


def programme_codes() -> list[str]:
    data = json.loads(PROGRAMMES_FILE.read_text(encoding="utf-8"))
    return [
        programme["code"]
        for profession in data["professions"]
        for programme in profession["programmes"]
    ]


class _Generator:
    """Draws names, codes and dates from one seeded random stream, never repeating a code."""

    def __init__(self, regions: list[_Region]) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 -- demo data, not security
        self.used_codes: set[str] = set()
        self.used_names: set[str] = set()
        places = names.place_names()
        self.rng.shuffle(places)
        # Split the places between regions in proportion to their providers, so a region's
        # university, trusts and practices share its towns, as they would in life.
        weights = [NATIONAL.placement_providers.get(region.code, 0) + 1 for region in regions]
        total = sum(weights)
        self.towns: dict[str, list[str]] = {}
        start = 0
        for region, weight in zip(regions, weights, strict=True):
            size = max(8, len(places) * weight // total)
            self.towns[region.code] = places[start : start + size]
            start += size

    def unique_code(self, make: Callable[[], str]) -> str:
        for _ in range(10_000):
            code = make()
            if code not in self.used_codes:
                self.used_codes.add(code)
                return code
        raise RuntimeError("Ran out of demo codes")  # the code spaces are far larger

    def unique_name(
        self, region: _Region, templates: tuple[tuple[str, int, str], ...]
    ) -> tuple[str, str, str]:
        """A name not used before, the town it is named after and the name of its main site."""
        towns = self.towns[region.code]
        for _ in range(1_000):
            name_template, _, site_template = self.rng.choices(
                templates, [weight for _, weight, _ in templates]
            )[0]
            town = self.rng.choice(towns)
            values = {
                "place": town,
                "other": self.rng.choice([other for other in towns if other != town]),
                "saint": self.rng.choice(names.SAINTS),
                "street": self.rng.choice(names.STREETS),
            }
            name = name_template.format(**values)
            if name not in self.used_names:
                self.used_names.add(name)
                return name, town, site_template.format(**values)
        raise RuntimeError(f"Ran out of demo names in {region.code}")

    def postcode(self, region: _Region) -> str:
        rng = self.rng
        area = rng.choice(names.POSTCODE_AREAS.get(region.code, ("ZZ",)))
        unit = "".join(rng.choices(names.POSTCODE_UNIT_LETTERS, k=2))
        return f"{area}{rng.randint(1, 28)} {rng.randint(1, 9)}{unit}"

    def date_between(self, first_year: int, last_year: int) -> dt.date:
        return dt.date(self.rng.randint(first_year, last_year), self.rng.randint(1, 12), 1)

    def address(self, town: str) -> str:
        return f"{self.rng.randint(1, 240)} {self.rng.choice(names.STREETS)}\n{town}"


def _alnum(rng: random.Random) -> str:
    return rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")


def _letter(rng: random.Random) -> str:
    return rng.choice("ABCDEFGHJKLMNPQRSTUVWXY")


def _ods_code(gen: _Generator, region: _Region, provider_type: str) -> str:
    rng = gen.rng
    if provider_type in NHS_TRUST_TYPES:  # NHS trusts: R and two characters, like RX1
        return gen.unique_code(lambda: "R" + _letter(rng) + _alnum(rng))
    if provider_type == "independent":  # independent sector: N and two characters
        return gen.unique_code(lambda: "N" + _letter(rng) + _alnum(rng))
    if provider_type == "primary_care":  # GP practices: a letter and five digits
        return gen.unique_code(
            lambda: (
                rng.choice(region.ods_letters) + f"{rng.randint(81, 89)}{rng.randint(1, 999):03d}"
            )
        )
    return gen.unique_code(lambda: "8" + _letter(rng) + f"{rng.randint(1, 999):03d}")


def _sites(
    gen: _Generator, region: _Region, provider_type: str, code: str, main_site: str
) -> tuple[PlannedSite, ...]:
    rng = gen.rng
    low, high = SITE_COUNTS[provider_type]
    count = rng.randint(low, high)
    if provider_type == "primary_care" and rng.random() < 0.6:
        count = 1  # most practices have one surgery
    site_names = [main_site]
    while len(site_names) < count:
        template = rng.choice(names.SITE_TEMPLATES[provider_type])
        name = template.format(place=rng.choice(gen.towns[region.code]))
        if name not in site_names:
            site_names.append(name)
    return tuple(
        PlannedSite(
            name,
            f"{code}{number:02d}" if provider_type in NHS_TRUST_TYPES else "",
            gen.postcode(region),
        )
        for number, name in enumerate(site_names, start=1)
    )


def _education_provider(gen: _Generator, region: _Region, rank: int) -> PlannedOrganisation:
    rng = gen.rng
    ukprn = gen.unique_code(lambda: str(rng.randint(10001000, 10089999)))
    name, town, _ = gen.unique_name(region, names.UNIVERSITY_TEMPLATES)
    return PlannedOrganisation(
        kind="education_provider",
        rank=rank,
        code=ukprn,
        name=name,
        region_code=region.code,
        local_office_code=rng.choice(region.offices),
        provider_type="",
        opened_on=gen.date_between(*OPENED_YEARS["education_provider"]),
        closed_on=None,
        address=gen.address(town),
        postcode=gen.postcode(region),
    )


def _provider_type(gen: _Generator, rank: int) -> str:
    if rank < len(LEADING_TYPES):
        return LEADING_TYPES[rank]
    kinds = list(LATER_TYPE_WEIGHTS)
    return gen.rng.choices(kinds, [LATER_TYPE_WEIGHTS[kind] for kind in kinds])[0]


def _placement_provider(gen: _Generator, region: _Region, rank: int) -> PlannedOrganisation:
    provider_type = _provider_type(gen, rank)
    code = _ods_code(gen, region, provider_type)
    name, town, main_site = gen.unique_name(region, names.PROVIDER_TEMPLATES[provider_type])
    opened_on = gen.date_between(*OPENED_YEARS[provider_type])
    closed_on = None
    if rank % CLOSED_EVERY == CLOSED_RANK:
        closed_on = gen.date_between(max(opened_on.year + 1, 2016), 2024)
    return PlannedOrganisation(
        kind="placement_provider",
        rank=rank,
        code=code,
        name=name,
        region_code=region.code,
        local_office_code=gen.rng.choice(region.offices),
        provider_type=provider_type,
        opened_on=opened_on,
        closed_on=closed_on,
        address=gen.address(town),
        postcode=gen.postcode(region),
        sites=_sites(gen, region, provider_type, code, main_site),
    )


def _offered_programmes(ukprn: str, rank: int, codes: list[str]) -> dict[str, float]:
    """The programmes one provider runs, each with its places multiplier."""
    rng = random.Random(f"{SEED}:{ukprn}")  # noqa: S311 -- demo data, not security
    sizes = list(PROVIDER_SIZES)
    # Each region's first university is a large one, so the demo lead sees a full picture.
    size = "large" if rank == 0 else rng.choices(sizes, [PROVIDER_SIZES[s][0] for s in sizes])[0]
    _, (low, high), chance = PROVIDER_SIZES[size]
    factor = rng.uniform(low, high)
    offered = {
        code: factor
        for code in codes
        if rng.random() < PROGRAMME_PROFILES.get(code, DEFAULT_PROFILE)[0] * chance
    }
    return offered or {codes[0]: factor}


def _series(ukprn: str, code: str, factor: float, years: list[int]) -> list[PlannedCommission]:
    """Places over the years for one provider and programme: a base, a trend and some noise."""
    rng = random.Random(f"{SEED}:{ukprn}:{code}")  # noqa: S311 -- demo data, not security
    _, low, high = PROGRAMME_PROFILES.get(code, DEFAULT_PROFILE)
    base = rng.randint(low, high) * factor
    trend = rng.uniform(-0.03, 0.05)
    # Some programmes started part-way through the period.
    first = rng.randint(1, len(years) - 3) if rng.random() < 0.12 else 0
    commissions = []
    for step, year in enumerate(years):
        if step < first:
            continue
        places = round(base * (1 + trend) ** step * rng.uniform(0.94, 1.06))
        places = min(max(places, 1), high)  # growth never takes a programme past its usual top
        if places > 50:
            places = 5 * round(places / 5)
        commissions.append(PlannedCommission(ukprn, code, year, places))
    return commissions


@dataclass
class Catalogue:
    """The whole national demo register, from which every scale takes its share."""

    education_providers: list[PlannedOrganisation]
    placement_providers: list[PlannedOrganisation]
    offered: dict[str, dict[str, float]]  # UKPRN -> programme code -> places multiplier


def build_catalogue() -> Catalogue:
    regions = _regions()
    gen = _Generator(regions)
    eps: list[PlannedOrganisation] = []
    pps: list[PlannedOrganisation] = []
    for region in regions:
        for rank in range(NATIONAL.education_providers.get(region.code, 0)):
            eps.append(_education_provider(gen, region, rank))
        for rank in range(NATIONAL.placement_providers.get(region.code, 0)):
            pps.append(_placement_provider(gen, region, rank))
    codes = programme_codes()
    offered = {ep.code: _offered_programmes(ep.code, ep.rank, codes) for ep in eps}
    # Every programme runs somewhere even at the small scale, so every page has data.
    small_eps = [ep for ep in eps if ep.rank < SMALL.education_providers.get(ep.region_code, 0)]
    for code in codes:
        if small_eps and not any(code in offered[ep.code] for ep in small_eps):
            host = gen.rng.choice(small_eps)
            offered[host.code][code] = 1.0
    return Catalogue(eps, pps, offered)


def build_plan(scale: Scale, *, latest_year: int, catalogue: Catalogue | None = None) -> Plan:
    """What ``scale`` seeds when the latest academic year is ``latest_year``."""
    catalogue = catalogue or build_catalogue()
    all_years = list(range(latest_year - NATIONAL.years + 1, latest_year + 1))
    years = all_years[-scale.years :]
    plan = Plan(scale=scale, years=years)
    plan.education_providers = [
        ep
        for ep in catalogue.education_providers
        if ep.rank < scale.education_providers.get(ep.region_code, 0)
    ]
    plan.placement_providers = [
        pp
        for pp in catalogue.placement_providers
        if pp.rank < scale.placement_providers.get(pp.region_code, 0)
    ]
    for ep in plan.education_providers:
        for code, factor in catalogue.offered[ep.code].items():
            plan.commissions.extend(
                commission
                for commission in _series(ep.code, code, factor, all_years)
                if commission.academic_year in years
            )
    return plan
