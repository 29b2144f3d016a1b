"""The roles a user can hold in an organisation, and which kinds of organisation each fits."""

from __future__ import annotations

from django.db import models

from organisations.kinds import OrganisationKind


class Role(models.TextChoices):
    QUALITY_ADMIN = "quality_admin", "Quality administrator"
    REGIONAL_LEAD = "regional_lead", "Regional quality lead"
    CONTRACT_MANAGER = "contract_manager", "Contract manager"
    EP_LEAD = "ep_lead", "Education provider lead"
    PP_CONTRIBUTOR = "pp_contributor", "Placement provider contributor"
    PP_EXECUTIVE = "pp_executive", "Executive signatory"
    PANEL_MEMBER = "panel_member", "Review panel member"


# Which organisation kinds each role may be held in. A panel member can come from anywhere.
ROLE_ORGANISATION_KINDS: dict[Role, frozenset[OrganisationKind]] = {
    Role.QUALITY_ADMIN: frozenset({OrganisationKind.NATIONAL_BODY}),
    Role.REGIONAL_LEAD: frozenset({OrganisationKind.REGIONAL_TEAM}),
    Role.CONTRACT_MANAGER: frozenset({OrganisationKind.REGIONAL_TEAM}),
    Role.EP_LEAD: frozenset({OrganisationKind.EDUCATION_PROVIDER}),
    Role.PP_CONTRIBUTOR: frozenset({OrganisationKind.PLACEMENT_PROVIDER}),
    Role.PP_EXECUTIVE: frozenset({OrganisationKind.PLACEMENT_PROVIDER}),
    Role.PANEL_MEMBER: frozenset(OrganisationKind),
}

# Roles that see everything in the region of the organisation they are held in.
REGIONAL_ROLES = frozenset({Role.REGIONAL_LEAD, Role.CONTRACT_MANAGER})
