"""The kinds of organisation in the register."""

from __future__ import annotations

from django.db import models


class OrganisationKind(models.TextChoices):
    NATIONAL_BODY = "national_body", "National education body"
    REGIONAL_TEAM = "regional_team", "Regional team"
    EDUCATION_PROVIDER = "education_provider", "Education provider"
    PLACEMENT_PROVIDER = "placement_provider", "Placement provider"
