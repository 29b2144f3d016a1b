"""The demo's invented organisations: education providers, placement providers of a
plausible mix of types, and their sites, with names, codes, addresses and dates drawn from
one seeded random stream (``Generator``) that never repeats a code or a name."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass

from core.demo.plan import NATIONAL, SEED, PlannedOrganisation, PlannedSite
from demo import names
from organisations.services import REGIONS_FILE

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


@dataclass(frozen=True)
class RegionCodes:
    """A region's code, its local offices' codes and the letters of its ODS codes."""

    code: str
    offices: tuple[str, ...]
    ods_letters: tuple[str, ...]


def regions() -> list[RegionCodes]:
    data = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    return [
        RegionCodes(
            item["code"],
            tuple(office["code"] for office in item["local_offices"]),
            tuple(item["ods_regions"]),
        )
        for item in data["regions"]
    ]


class Generator:
    """Draws names, codes and dates from one seeded random stream, never repeating a code."""

    def __init__(self, regions: list[RegionCodes]) -> None:
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
        self, region: RegionCodes, templates: tuple[tuple[str, int, str], ...]
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

    def postcode(self, region: RegionCodes) -> str:
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


# Demo codes live where no real organisation's can (decision 0023). A real ODS code has one
# to nine characters, so every demo ODS code has ten: "Z", the code it imitates (RX1, A81001,
# 8HA03...), zeros, and two digits that are 00 for the organisation and its site's number for
# a site. No code in an ODS extract starts with Z or is ten characters long.
DEMO_ODS_PREFIX = "Z"
DEMO_ODS_LENGTH = 10
# Real UKPRNs are handed out upwards from 10000000 and have not reached 10100000; the demo's
# are 199xxxxx, far beyond anything the register will reach for decades.
DEMO_UKPRN_FIRST = 19900000
DEMO_UKPRN_LAST = 19999999
_UKPRN_DRAWN = (10001000, 10089999)  # what the seeded stream draws, moved into the demo range


def demo_ods_code(imitated: str, site: int = 0) -> str:
    """The demo's ten-character code for an organisation (``site`` 0) or one of its sites."""
    stem = (DEMO_ODS_PREFIX + imitated).ljust(DEMO_ODS_LENGTH - 2, "0")
    if len(stem) != DEMO_ODS_LENGTH - 2:
        raise ValueError(f"{imitated!r} is too long to imitate in a demo ODS code")
    return f"{stem}{site:02d}"


def demo_site_code(organisation_code: str, site: int) -> str:
    """A site's code: its organisation's, ending in the site's number instead of 00."""
    return organisation_code[: DEMO_ODS_LENGTH - 2] + f"{site:02d}"


def _ods_code(gen: Generator, region: RegionCodes, provider_type: str) -> str:
    # The random draws are the ones the demo has always made, so every name stays the same;
    # only the code written down moves into the demo's own space.
    rng = gen.rng
    if provider_type in NHS_TRUST_TYPES:  # NHS trusts imitate R and two characters, like RX1
        return gen.unique_code(lambda: demo_ods_code("R" + _letter(rng) + _alnum(rng)))
    if provider_type == "independent":  # independent sector: N and two characters
        return gen.unique_code(lambda: demo_ods_code("N" + _letter(rng) + _alnum(rng)))
    if provider_type == "primary_care":  # GP practices: a letter and five digits
        return gen.unique_code(
            lambda: demo_ods_code(
                rng.choice(region.ods_letters) + f"{rng.randint(81, 89)}{rng.randint(1, 999):03d}"
            )
        )
    return gen.unique_code(lambda: demo_ods_code("8" + _letter(rng) + f"{rng.randint(1, 999):03d}"))


def _sites(
    gen: Generator, region: RegionCodes, provider_type: str, code: str, main_site: str
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
            demo_site_code(code, number) if provider_type in NHS_TRUST_TYPES else "",
            gen.postcode(region),
        )
        for number, name in enumerate(site_names, start=1)
    )


def education_provider(gen: Generator, region: RegionCodes, rank: int) -> PlannedOrganisation:
    rng = gen.rng
    ukprn = gen.unique_code(
        lambda: str(rng.randint(*_UKPRN_DRAWN) - _UKPRN_DRAWN[0] + DEMO_UKPRN_FIRST)
    )
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


def _provider_type(gen: Generator, rank: int) -> str:
    if rank < len(LEADING_TYPES):
        return LEADING_TYPES[rank]
    kinds = list(LATER_TYPE_WEIGHTS)
    return gen.rng.choices(kinds, [LATER_TYPE_WEIGHTS[kind] for kind in kinds])[0]


def placement_provider(gen: Generator, region: RegionCodes, rank: int) -> PlannedOrganisation:
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
