"""seed_demo fills a demo database with realistic data and sign-ins; demo_logins lists them."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from access.models import Membership
from access.roles import Role
from accounts.models import User
from core import academic_year, clock, formatting
from core.demo.plan import NATIONAL, SMALL
from demo.build import build_catalogue, build_plan
from demo.commissions import programme_codes
from demo.personas import DEMO_PASSWORD, PERSONAS
from organisations.kinds import OrganisationKind
from organisations.models import Organisation, Region, Site
from programmes.models import Commission

# Dates here are counted from the clock's today, so CI runs them again on other days.
pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


@pytest.fixture(autouse=True)
def _demo_mode(settings: Any) -> None:
    settings.DEMO_MODE = True


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def signs_in(email: str, password: str) -> bool:
    """Sign in through the real sign-in page (django-axes needs the request)."""
    client = Client()
    client.post(reverse("accounts:sign_in"), {"username": email, "password": password})
    return "_auth_user_id" in client.session


def counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "sites": Site.objects.count(),
        "commissions": Commission.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
    }


def test_it_refuses_to_run_unless_demo_mode_is_on(settings: Any) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="EDQUALITY_DEMO=true"):
        seed()
    # Nothing beyond the reference data (the national body and regional teams).
    assert not Organisation.objects.providers().exists()
    assert not User.objects.exists()


def test_the_small_scale_creates_every_persona_with_the_demo_password() -> None:
    seed()
    for persona in PERSONAS:
        assert signs_in(persona.email, DEMO_PASSWORD), persona.email
    assert not signs_in("admin@demo.test", "not-the-demo-password")


def test_each_persona_holds_the_right_role_in_london() -> None:
    seed()
    london = Region.objects.get(code="LON")
    for persona in PERSONAS:
        membership = Membership.objects.select_related("organisation").get(
            user__email=persona.email
        )
        assert membership.role == persona.role
        organisation = membership.organisation
        assert organisation.is_open
        if persona.role == Role.QUALITY_ADMIN:
            assert organisation.kind == OrganisationKind.NATIONAL_BODY
        else:
            assert organisation.region == london, persona.email
    executive = Membership.objects.get(user__email="pp.executive@demo.test")
    contributor = Membership.objects.get(user__email="pp.contributor@demo.test")
    assert executive.organisation == contributor.organisation
    assert contributor.organisation.kind == OrganisationKind.PLACEMENT_PROVIDER
    ep_lead = Membership.objects.get(user__email="ep.lead@demo.test")
    assert ep_lead.organisation.kind == OrganisationKind.EDUCATION_PROVIDER


def test_running_it_twice_changes_nothing() -> None:
    seed()
    first = counts()
    output = seed()
    assert counts() == first
    assert re.search(r"Demo users\s+0 created,\s+7 unchanged", output)
    assert User.objects.filter(email__endswith="@demo.test").count() == 7
    assert Membership.objects.filter(user__email__endswith="@demo.test").count() == 7


def test_the_small_scale_has_about_a_dozen_universities_and_forty_placement_providers() -> None:
    output = seed()
    eps = Organisation.objects.filter(kind=OrganisationKind.EDUCATION_PROVIDER)
    pps = Organisation.objects.filter(kind=OrganisationKind.PLACEMENT_PROVIDER)
    assert eps.count() == SMALL.total_education_providers == 12
    assert pps.count() == SMALL.total_placement_providers == 40
    assert "Done in" in output
    # Every region has providers, and London and the South East have the most.
    by_region = {region.code: pps.filter(region=region).count() for region in Region.objects.all()}
    assert all(by_region.values())
    assert max(by_region, key=lambda code: by_region[code]) == "LON"


def test_every_provider_has_its_identifier_and_a_region() -> None:
    seed()
    for ep in Organisation.objects.filter(kind=OrganisationKind.EDUCATION_PROVIDER):
        assert ep.ukprn is not None and re.fullmatch(r"1\d{7}", ep.ukprn), ep.name
        assert ep.region_id is not None
    pps = Organisation.objects.filter(kind=OrganisationKind.PLACEMENT_PROVIDER)
    for pp in pps:
        assert pp.ods_code, pp.name
        assert pp.region_id is not None
        assert pp.provider_type
        assert 1 <= pp.sites.count() <= 4
    assert pps.filter(status="closed").exists()
    assert pps.filter(ods_code__regex=r"^ZR[A-Z0-9]{2}0{6}$", provider_type="acute").exists()


def test_commissions_cover_the_last_five_academic_years() -> None:
    seed()
    latest = academic_year.current()
    years = set(Commission.objects.values_list("academic_year", flat=True))
    assert years == set(range(latest - 4, latest + 1))
    assert Commission.objects.filter(programme__code="NURS-ADULT", places__gte=80).exists()
    assert not Commission.objects.filter(places__gt=300).exists()
    # Not every university runs every programme.
    programmes = len(programme_codes())
    ep = Organisation.objects.filter(kind=OrganisationKind.EDUCATION_PROVIDER).first()
    assert ep is not None
    offered = Commission.objects.filter(education_provider=ep).values("programme").distinct()
    assert 0 < offered.count() < programmes


def test_an_existing_demo_password_is_kept_unless_asked_to_reset_it() -> None:
    seed()
    user = User.objects.get(email="admin@demo.test")
    user.set_password("a-password-i-chose-myself")
    user.save()
    seed()
    assert signs_in("admin@demo.test", "a-password-i-chose-myself")
    seed("--reset-passwords")
    assert signs_in("admin@demo.test", DEMO_PASSWORD)


def test_the_national_plan_has_the_size_of_england_and_every_programme() -> None:
    plan = build_plan(NATIONAL, latest_year=2025)
    assert len(plan.education_providers) == 150
    assert len(plan.placement_providers) == 1500
    assert len({pp.region_code for pp in plan.placement_providers}) == 7
    assert {c.programme_code for c in plan.commissions} == set(programme_codes())
    assert {c.academic_year for c in plan.commissions} == set(range(2016, 2026))
    codes = [org.code for org in plan.education_providers + plan.placement_providers]
    assert len(codes) == len(set(codes))


def test_the_plan_is_the_same_every_time_and_small_is_part_of_national() -> None:
    first, second = build_catalogue(), build_catalogue()
    assert first == second
    small = build_plan(SMALL, latest_year=2025, catalogue=first)
    national = build_plan(NATIONAL, latest_year=2025, catalogue=first)
    assert set(small.placement_providers) <= set(national.placement_providers)
    assert set(small.commissions) <= set(national.commissions)


def test_demo_logins_lists_all_seven_sign_ins_and_the_password() -> None:
    seed()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for persona in PERSONAS:
        assert persona.email in text
        assert persona.role.label in text
    assert DEMO_PASSWORD in text


def test_demo_logins_says_when_there_is_nothing_to_list(settings: Any) -> None:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "do not exist yet" in out.getvalue()
    settings.DEMO_MODE = False
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert out.getvalue().strip().startswith("Demo mode is off")
    assert "@demo.test" not in out.getvalue()


def test_demo_users_cannot_sign_in_once_demo_mode_is_off(settings):
    from django.core.management import call_command
    from django.test import Client

    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    settings.DEMO_MODE = False
    response = Client().post(
        "/accounts/sign-in/", {"username": "admin@demo.test", "password": "demo-password"}
    )
    assert response.status_code == 200
    assert "Demo accounts only work when the service runs in demo mode" in response.content.decode()


def test_every_demo_year_has_a_methodology_and_values_that_rate_with_a_spread_of_bands() -> None:
    from collections import Counter, defaultdict

    from ratings.compute.methodology import to_method
    from ratings.compute.rules import KpiInput, rate
    from ratings.models import KpiValue, Methodology

    seed()
    years = sorted(Commission.objects.order_by().values_list("academic_year", flat=True).distinct())
    assert sorted(Methodology.objects.values_list("academic_year", flat=True)) == years
    # The year that ended most recently: the one in provider preview.
    latest = years[-2]
    values = KpiValue.objects.filter(academic_year=latest).select_related("kpi")
    groups: dict[tuple[int, int], list[KpiInput]] = defaultdict(list)
    for value in values:
        groups[(value.education_provider_id, value.programme_id)].append(
            KpiInput(value.kpi.code, value.value, value.denominator)
        )
    assert len(groups) == Commission.objects.filter(academic_year=latest).count()
    method = to_method(Methodology.objects.get(academic_year=latest))
    bands = Counter(rate(method, inputs).band for inputs in groups.values())
    assert len([band for band in bands if band is not None]) >= 3  # not all one colour


def test_kpi_values_are_generated_once_and_identically() -> None:
    from ratings.models import KpiValue

    seed()
    first = sorted(KpiValue.objects.values_list("kpi__code", "value", "numerator", "denominator"))
    output = seed()
    assert re.search(r"KPI values\s+0 created", output)
    assert (
        sorted(KpiValue.objects.values_list("kpi__code", "value", "numerator", "denominator"))
        == first
    )


def test_past_years_are_published_and_the_year_just_ended_is_open_for_provider_preview() -> None:
    from ratings.models import Rating, RatingRound, RoundStatus

    seed()
    running = academic_year.current()
    rounds = list(RatingRound.objects.order_by("academic_year", "region__name"))
    # A round per rated year in each region that runs QCPM, London and the South East.
    assert [r.academic_year for r in rounds] == [
        year for year in range(running - 4, running) for _ in range(2)
    ]
    assert [r.region.name for r in rounds] == ["London", "South East"] * 4
    assert [r.status for r in rounds] == [RoundStatus.PUBLISHED] * 6 + [
        RoundStatus.PROVIDER_PREVIEW
    ] * 2
    # The running year has only its first months' values: no round yet.
    assert not RatingRound.objects.filter(academic_year=running).exists()
    for latest in rounds[-2:]:
        ratings = Rating.objects.filter(round=latest, is_current=True)
        assert ratings.exists()
        assert set(ratings.values_list("education_provider__region", flat=True)) == {
            latest.region_id
        }
    # London's contract manager moved London's rounds on; the administrator the others.
    from auditlog.models import LogEntry

    movers = {
        r.region.name: {e.actor.email for e in LogEntry.objects.get_for_object(r) if e.actor}
        for r in rounds[-2:]
    }
    assert movers == {"London": {"contracts@demo.test"}, "South East": {"admin@demo.test"}}
    assert "Rating rounds             0 created" in seed()


def test_the_demo_is_dated_from_the_day_it_is_seeded_and_says_so() -> None:
    from assessments.models import Campaign, CampaignStatus, NationalReport
    from ratings.models import RatingRound, RoundStatus

    output = seed("--today", "2028-02-29")
    assert "built as of 29 February 2028, academic years 2023/24 to 2027/28" in output
    rounds = {r.academic_year: r for r in RatingRound.objects.all()}
    published = {
        year: clock.local(r.published_at).date() for year, r in rounds.items() if year < 2026
    }
    # Past years were published in the March after their employment figures came in, each
    # on its own day, all before the day of seeding.
    assert published == {
        2023: dt.date(2025, 3, 15),
        2024: dt.date(2026, 3, 15),
        2025: dt.date(2027, 3, 15),
    }
    # 2026/27 ended last August: its ratings are in preview; 2027/28 is running.
    assert rounds[2026].status == RoundStatus.PROVIDER_PREVIEW
    assert rounds[2026].preview_closes_on == dt.date(2028, 3, 21)
    assert 2027 not in rounds
    this = Campaign.objects.get(academic_year=2027)
    assert this.status == CampaignStatus.OPEN
    assert this.opens_on < dt.date(2028, 2, 29) < this.due_on
    report = NationalReport.objects.get(campaign__academic_year=2026)
    assert clock.local(report.published_at).date() == dt.date(2027, 3, 27)


def test_past_rounds_are_never_published_after_the_day_the_demo_is_seeded() -> None:
    from ratings.models import RatingRound, RoundStatus

    output = seed()
    today = clock.today()
    assert f"built as of {formatting.date(today)}" in output
    past = RatingRound.objects.filter(status=RoundStatus.PUBLISHED)
    assert past.count() == 6  # three years, in London and the South East
    for round_ in past:
        assert round_.published_at is not None and round_.preview_closes_on is not None
        assert round_.preview_closes_on < clock.local(round_.published_at).date() < today


def test_a_day_that_is_not_a_date_is_refused_by_name() -> None:
    with pytest.raises(CommandError, match=r"--today must be a date written as YYYY-MM-DD"):
        seed("--today", "29/02/2028")
