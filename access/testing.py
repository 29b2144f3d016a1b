"""A small, realistic world for tests: the reference data, two regions' organisations and one
user per persona. Tests that need more build it with the services or an app's testing module."""

from __future__ import annotations

from dataclasses import dataclass, field

from access.models import Membership
from access.roles import Role
from accounts.models import User
from core.testing.personas import (
    ANONYMOUS,
    CONTRACT_MANAGERS,
    EVERYONE,
    PASSWORD,
    PERSONA_EMAILS,
    SIGNED_IN,
    WITH_ROLE,
)
from organisations.kinds import OrganisationKind
from organisations.models import Organisation, ProviderType, Region, Site
from organisations.services import regions_load
from programmes.models import Commission, Programme
from programmes.services import programmes_load

# Each persona's role (core.testing.personas names them and their addresses).
PERSONA_ROLES: dict[str, Role | None] = {
    "admin": Role.QUALITY_ADMIN,
    "regional_lead": Role.REGIONAL_LEAD,
    "contract_manager": Role.CONTRACT_MANAGER,
    "midlands_contract_manager": Role.CONTRACT_MANAGER,
    "ep_lead": Role.EP_LEAD,
    "pp_contributor": Role.PP_CONTRIBUTOR,
    "pp_executive": Role.PP_EXECUTIVE,
    "panel_member": Role.PANEL_MEMBER,
    "no_role": None,
}
PERSONAS: dict[str, tuple[str, Role | None]] = {
    name: (email, PERSONA_ROLES[name]) for name, email in PERSONA_EMAILS.items()
}


@dataclass
class World:
    """Named records tests refer to; ``users`` is keyed by persona name."""

    national: Organisation
    london_team: Organisation
    midlands_team: Organisation
    london_ep: Organisation
    london_pp: Organisation
    midlands_ep: Organisation
    midlands_pp: Organisation
    london_site: Site
    nursing: Programme
    london_commission: Commission
    midlands_commission: Commission
    users: dict[str, User] = field(default_factory=dict)

    def user(self, persona: str) -> User:
        return self.users[persona]


def _providers(london: Region, midlands: Region) -> tuple[Organisation, ...]:
    """One education provider and one placement provider in each of the two regions."""
    london_ep = Organisation.objects.create(
        kind=OrganisationKind.EDUCATION_PROVIDER,
        name="University of Thameside",
        ukprn="10000001",
        region=london,
    )
    midlands_ep = Organisation.objects.create(
        kind=OrganisationKind.EDUCATION_PROVIDER,
        name="Trentbridge University",
        ukprn="10000002",
        region=midlands,
    )
    london_pp = Organisation.objects.create(
        kind=OrganisationKind.PLACEMENT_PROVIDER,
        name="Thameside Hospitals NHS Trust",
        ods_code="RZZ01",
        provider_type=ProviderType.ACUTE,
        region=london,
        postcode="SE1 1AA",
    )
    midlands_pp = Organisation.objects.create(
        kind=OrganisationKind.PLACEMENT_PROVIDER,
        name="Trentbridge Healthcare NHS Trust",
        ods_code="RZZ02",
        provider_type=ProviderType.MENTAL_HEALTH,
        region=midlands,
    )
    return london_ep, midlands_ep, london_pp, midlands_pp


def _add_personas(world: World) -> None:
    """One user per persona, each holding its role in the organisation it belongs to: in
    London, but for the administrator (national) and the Midlands contract manager."""
    home = {
        Role.QUALITY_ADMIN: world.national,
        Role.REGIONAL_LEAD: world.london_team,
        Role.CONTRACT_MANAGER: world.london_team,
        Role.EP_LEAD: world.london_ep,
        Role.PP_CONTRIBUTOR: world.london_pp,
        Role.PP_EXECUTIVE: world.london_pp,
        Role.PANEL_MEMBER: world.london_pp,
    }
    elsewhere = {"midlands_contract_manager": world.midlands_team}
    for persona, (email, role) in PERSONAS.items():
        user = User.objects.create_user(
            email=email, password=PASSWORD, full_name=persona.replace("_", " ").title()
        )
        if role is not None:
            organisation = elsewhere.get(persona) or home[role]
            Membership.objects.create(user=user, organisation=organisation, role=role)
        world.users[persona] = user


def build_world() -> World:
    regions_load(actor=None)
    programmes_load(actor=None)
    london = Region.objects.get(code="LON")
    midlands = Region.objects.get(code="MID")
    london_ep, midlands_ep, london_pp, midlands_pp = _providers(london, midlands)
    london_site = Site.objects.create(organisation=london_pp, name="Thameside General Hospital")
    nursing = Programme.objects.get(code="NURS-ADULT")
    london_commission = Commission.objects.create(
        education_provider=london_ep, programme=nursing, academic_year=2025, places=120
    )
    midlands_commission = Commission.objects.create(
        education_provider=midlands_ep, programme=nursing, academic_year=2025, places=80
    )
    world = World(
        national=Organisation.objects.get(kind=OrganisationKind.NATIONAL_BODY),
        london_team=Organisation.objects.get(kind=OrganisationKind.REGIONAL_TEAM, region=london),
        midlands_team=Organisation.objects.get(
            kind=OrganisationKind.REGIONAL_TEAM, region=midlands
        ),
        london_site=london_site,
        nursing=nursing,
        london_commission=london_commission,
        midlands_commission=midlands_commission,
        london_ep=london_ep,
        london_pp=london_pp,
        midlands_ep=midlands_ep,
        midlands_pp=midlands_pp,
    )
    _add_personas(world)
    return world


__all__ = [
    "ANONYMOUS",
    "CONTRACT_MANAGERS",
    "EVERYONE",
    "PASSWORD",
    "PERSONAS",
    "SIGNED_IN",
    "WITH_ROLE",
    "World",
    "build_world",
]
