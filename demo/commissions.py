"""The programmes each demo university runs and the places commissioned each year.

Each provider's programmes and each programme's places come from their own seeds (made
from ``SEED``, the UKPRN and the programme code), so they do not depend on how many other
providers were planned before them.
"""

from __future__ import annotations

import json
import random

from core.demo.plan import SEED, PlannedCommission
from programmes.services import PROGRAMMES_FILE

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


def programme_codes() -> list[str]:
    data = json.loads(PROGRAMMES_FILE.read_text(encoding="utf-8"))
    return [
        programme["code"]
        for profession in data["professions"]
        for programme in profession["programmes"]
    ]


def offered_programmes(ukprn: str, rank: int, codes: list[str]) -> dict[str, float]:
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


def series(ukprn: str, code: str, factor: float, years: list[int]) -> list[PlannedCommission]:
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
