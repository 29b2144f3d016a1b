"""Prepare the load test's database: the national demo register, then accounts of the load
test's own (not demo users, which production refuses), written to a JSON file the users read.

    python -m bench.load.world OUT.json   (run with DJANGO_SETTINGS_MODULE and DATABASE_URL set)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from access.roles import Role
    from organisations.models import Organisation

PASSWORD = "load-test-password-0000"  # noqa: S105 (a throwaway database's accounts)
CONTRIBUTORS = 30
STAFF = 20
KPI_ROWS = 20_000
TOTP_KEY = "3132333435363738393031323334353637383930"  # a throwaway database's staff key


def _user(email: str, name: str, organisation: Organisation, role: Role) -> str:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from access.second_factor import STAFF_ROLES
    from access.services import membership_add
    from accounts.models import User

    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_password(PASSWORD)
        user.save()
    membership_add(actor=None, user=user, organisation=organisation, role=role)
    if role in STAFF_ROLES:
        # Production asks staff for a code: the users compute it from this shared key.
        TOTPDevice.objects.get_or_create(user=user, defaults={"key": TOTP_KEY, "name": "Load"})
    return email


def build() -> dict[str, Any]:
    from django.db.models import Count

    from access.roles import Role
    from assessments.models import EDITABLE, Campaign, CampaignStatus, Domain, Question, Submission
    from organisations.kinds import OrganisationKind
    from organisations.models import Organisation
    from ratings.models import Rating, RatingRound, RoundStatus

    national = Organisation.objects.get(kind=OrganisationKind.NATIONAL_BODY)
    london = Organisation.objects.get(kind=OrganisationKind.REGIONAL_TEAM, region__code="LON")
    campaign = Campaign.objects.get(status=CampaignStatus.OPEN)
    domain = (
        Domain.objects.filter(version_id=campaign.framework_version_id)
        .annotate(n=Count("questions"))
        .order_by("-n", "number")
        .first()
    )
    assert domain is not None
    questions = list(
        Question.objects.filter(domain=domain)
        .order_by("standard__number", "number")
        .values_list("pk", flat=True)
    )
    submissions = list(
        Submission.objects.filter(campaign=campaign, status__in=EDITABLE)
        .select_related("organisation")
        .order_by("organisation__ods_code")[:CONTRIBUTORS]
    )
    contributors = [
        {
            "email": _user(
                f"contributor{n}@load.test",
                f"Load contributor {n}",
                submission.organisation,
                Role.PP_CONTRIBUTOR,
            ),
            "submission": submission.pk,
        }
        for n, submission in enumerate(submissions, 1)
    ]
    published = (
        RatingRound.objects.filter(status=RoundStatus.PUBLISHED)
        .order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .first()
    )
    latest = (
        RatingRound.objects.filter(region=london.region)
        .select_related("region")
        .order_by("-academic_year")
        .first()
    )
    assert latest is not None
    assert published is not None, "the demo has no published ratings"
    # The providers the public page lists: those with ratings published that year.
    providers = sorted(
        set(
            Rating.objects.filter(
                round__status=RoundStatus.PUBLISHED, round__academic_year=published
            ).values_list("education_provider_id", flat=True)
        )
    )
    return {
        "password": PASSWORD,
        "totp_key": TOTP_KEY,
        # One account each, as in real use (a code is taken once per account and step).
        "staff": [
            _user(f"admin{n}@load.test", f"Load administrator {n}", national, Role.QUALITY_ADMIN)
            if n % 2
            else _user(f"lead{n}@load.test", f"Load regional lead {n}", london, Role.REGIONAL_LEAD)
            for n in range(1, STAFF + 1)
        ],
        "contract_manager": _user(
            "contracts@load.test", "Load contract manager", london, Role.CONTRACT_MANAGER
        ),
        "contributors": contributors,
        "domain": domain.number,
        "questions": questions,
        "providers": providers,
        "public_year": published,
        "round_year": latest.academic_year,
        # London's round: the load test's regional leads are London's.
        "round_region": latest.region.code.lower(),
        "report_years": [campaign.academic_year - 1],
    }


def main() -> None:
    import django

    django.setup()
    from bench.scenarios_qcpm_import import _file

    out = Path(sys.argv[1])
    # A KPI file of the London contract manager's providers, large enough to go to the
    # worker, uploaded once during the run.
    data, _ = _file(KPI_ROWS, region="LON")  # the contract manager's region
    (out.parent / "kpis.csv").write_bytes(data)
    out.write_text(json.dumps(build(), indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
