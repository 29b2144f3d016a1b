"""QCPM reports: the ratings matrix and the programme page at national scale.

The national seed has KPI values but rates only the regions that run QCPM; for every other
region (and any region whose round of the latest year has no ratings), this scenario writes
a round with a rating for every education provider and every programme (and an overall
rating per provider) with bulk_create, so the matrix is as full as it can get.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.db.models import Max
from django.test import Client

from accounts.models import User
from bench.timing import Measure, measure, sql_ms
from organisations.kinds import OrganisationKind
from organisations.models import Organisation, Region
from programmes.models import Commission, Programme
from ratings.models import Methodology, Rating, RatingRound, RoundStatus

BANDS = ["red", "low_amber", "high_amber", "green", "green", "high_amber", "not_rated"]
CODES = ["FILL", "ATTR", "COMP", "PROG", "EMPL", "NSS", "NETS", "DATA", "ACTN"]


def _explanation(rng: random.Random) -> dict[str, object]:
    """An explanation as large as a real one, so the row sizes are realistic."""
    lines = [
        {
            "code": code,
            "value": f"{rng.uniform(50, 99):.4f}",
            "target": "85.0000",
            "band": rng.choice(BANDS[:4]),
            "weight": "1.00",
            "critical": code == "ATTR",
            "status": "scored",
            "points": "2.00",
            "contribution": "0.222",
        }
        for code in CODES
    ]
    return {"lines": lines, "reasons": ["Weighted score 2.100 out of 3 gives High Amber."]}


def _rounds() -> list[RatingRound]:
    """The latest year's round of every region with education providers, each with ratings
    (written here, approved, for a round that has none)."""
    year = Commission.objects.aggregate(latest=Max("academic_year"))["latest"] or 2025
    methodology = Methodology.objects.filter(academic_year=year).first()
    if methodology is None:
        methodology = Methodology.objects.create(academic_year=year, name=f"Bench {year}")
    regions = Region.objects.filter(
        organisations__kind=OrganisationKind.EDUCATION_PROVIDER
    ).distinct()
    methodology.regions.add(*regions)
    rng = random.Random(year)  # noqa: S311 (benchmark data, not security)
    programmes = list(Programme.objects.all())
    rounds = []
    for region in regions:
        round_, _ = RatingRound.objects.get_or_create(
            academic_year=year,
            region=region,
            defaults={"methodology": methodology, "status": RoundStatus.APPROVED},
        )
        rounds.append(round_)
        if round_.ratings.exists():
            continue
        providers = Organisation.objects.filter(
            kind=OrganisationKind.EDUCATION_PROVIDER, region=region
        )
        ratings = []
        for provider in providers:
            for programme in [*programmes, None]:
                band = rng.choice(BANDS)
                ratings.append(
                    Rating(
                        round=round_,
                        education_provider=provider,
                        programme=programme,
                        band=band,
                        score=None if band == "not_rated" else Decimal(f"{rng.uniform(0, 3):.3f}"),
                        coverage=Decimal("1.000"),
                        explanation=_explanation(rng),
                    )
                )
        Rating.objects.bulk_create(ratings, batch_size=2000)
    return rounds


def run() -> list[Measure]:
    rounds = _rounds()
    year = rounds[0].academic_year
    admin = Client()
    admin.force_login(User.objects.get(email="admin@demo.test"))
    lead = Client()
    lead.force_login(User.objects.get(email="london.lead@demo.test"))
    year_ratings = Rating.objects.filter(round__in=rounds)
    providers = year_ratings.values("education_provider").distinct().count()
    programmes = year_ratings.filter(programme__isnull=False).values("programme").distinct()
    cells = year_ratings.filter(is_current=True).count()
    matrix_sql = (
        "SELECT r.id, r.band, r.score, r.programme_id, o.id, o.name, o.ukprn, g.code, g.name, "
        'p.id, p.name, f."group", f.name FROM ratings_rating r '
        "JOIN ratings_ratinground rr ON rr.id = r.round_id "
        "JOIN organisations_organisation o ON o.id = r.education_provider_id "
        "LEFT JOIN organisations_region g ON g.id = o.region_id "
        "LEFT JOIN programmes_programme p ON p.id = r.programme_id "
        "LEFT JOIN programmes_profession f ON f.id = p.profession_id "
        "WHERE r.is_current AND rr.academic_year = %s"
    )
    results = []
    national = measure(
        f"Ratings matrix, one year, {providers} providers x {programmes.count()} programmes "
        f"({cells:,} ratings, administrator)",
        lambda: admin.get(f"/ratings/matrix/?year={year}"),
        target="< 300 ms",
    )
    national.sql_ms = sql_ms(matrix_sql, [year])
    results.append(national)
    region = measure(
        "Ratings matrix, one year, London (regional lead)",
        lambda: lead.get(f"/ratings/matrix/?year={year}&region=LON"),
        target="< 300 ms",
    )
    region.sql_ms = sql_ms(matrix_sql + " AND g.code = 'LON'", [year])
    results.append(region)
    nursing = Programme.objects.get(code="NURS-ADULT")
    programme = measure(
        "Programme page with benchmarks and funnel plot (administrator)",
        lambda: admin.get(f"/ratings/programme/{nursing.pk}/?year={year}"),
        target="< 300 ms",
    )
    programme.sql_ms = sql_ms(
        "SELECT r.* FROM ratings_rating r JOIN ratings_ratinground rr ON rr.id = r.round_id "
        "JOIN programmes_programme p ON p.id = r.programme_id "
        "WHERE r.is_current AND rr.academic_year IN (%s, %s) AND p.profession_id = %s",
        [year, year - 1, nursing.profession_id],
    )
    results.append(programme)
    return results
