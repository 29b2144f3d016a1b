"""The demo sign-ins: one user per persona, all sharing one published password."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from access.models import Membership
from access.roles import Role
from access.services import membership_add
from accounts.models import User
from core.demo.plan import Plan
from demo.providers import NHS_TRUST_TYPES
from organisations.kinds import OrganisationKind
from organisations.models import Organisation

# Printed by demo_logins and in the docs; demo users only exist when demo mode is on.
DEMO_PASSWORD = "demo-password"  # noqa: S105 -- a published demo password, not a secret


@dataclass(frozen=True)
class Persona:
    """A demo sign-in: who they are, their role and which organisation holds it."""

    email: str
    full_name: str
    role: Role
    home: str  # a key of the organisations found by ``homes``


PERSONAS = (
    Persona("admin@demo.test", "Aisha Rahman", Role.QUALITY_ADMIN, "national"),
    Persona("london.lead@demo.test", "Tom Brennan", Role.REGIONAL_LEAD, "london_team"),
    Persona("contracts@demo.test", "Grace Adeyemi", Role.CONTRACT_MANAGER, "london_team"),
    Persona("ep.lead@demo.test", "Ruth Callaghan", Role.EP_LEAD, "london_ep"),
    Persona("pp.contributor@demo.test", "Daniel Kowalski", Role.PP_CONTRIBUTOR, "london_trust"),
    Persona("pp.executive@demo.test", "Fiona MacLeod", Role.PP_EXECUTIVE, "london_trust"),
    Persona("panel@demo.test", "Samuel Osei", Role.PANEL_MEMBER, "panel_trust"),
)
DEMO_EMAILS = tuple(persona.email for persona in PERSONAS)


def homes(plan: Plan) -> dict[str, Organisation]:
    """The organisations the personas work at: the London team and London providers."""
    london_eps = [ep for ep in plan.education_providers if ep.region_code == "LON"]
    london_trusts = [
        pp
        for pp in plan.placement_providers
        if pp.region_code == "LON" and pp.is_open and pp.provider_type in NHS_TRUST_TYPES
    ]
    acute = [pp for pp in london_trusts if pp.provider_type == "acute"]
    if not london_eps or not acute:
        raise ValidationError("The demo plan has no London university or acute trust")
    # The panel member comes from another London trust, so they see only what they review.
    others = [pp for pp in london_trusts if pp.code != acute[0].code] or acute
    return {
        "national": Organisation.objects.get(kind=OrganisationKind.NATIONAL_BODY),
        "london_team": Organisation.objects.get(
            kind=OrganisationKind.REGIONAL_TEAM, region__code="LON"
        ),
        "london_ep": Organisation.objects.get(ukprn=london_eps[0].code),
        "london_trust": Organisation.objects.get(ods_code=acute[0].code),
        "panel_trust": Organisation.objects.get(ods_code=others[0].code),
    }


def ensure_personas(*, plan: Plan, reset_passwords: bool = False) -> tuple[int, int]:
    """Create the demo users and their roles; returns (created, unchanged).

    An existing demo user is kept as it is, password included, unless ``reset_passwords``:
    someone trying the demo may have changed it on purpose.
    """
    organisations = homes(plan)
    # One hash for all seven: hashing is deliberately slow and they share the password.
    hashed = make_password(DEMO_PASSWORD)
    created = unchanged = 0
    for persona in PERSONAS:
        user = User.objects.filter(email__iexact=persona.email).first()
        if user is None:
            user = User(email=persona.email, full_name=persona.full_name)
            user.password = hashed
            user.save()
            created += 1
        else:
            unchanged += 1
            if reset_passwords:
                user.password = hashed
                user.save(update_fields=["password"])
        organisation = organisations[persona.home]
        if not Membership.objects.filter(
            user=user, organisation=organisation, role=persona.role
        ).exists():
            membership_add(actor=None, user=user, organisation=organisation, role=persona.role)
    return created, unchanged
