"""Assigning domains to the provider's contributors: who may assign, and who may be assigned."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from access.models import Membership
from access.roles import Role
from accounts.models import User
from assessments.form.assignments import assignments_set
from assessments.models import DomainAssignment

pytestmark = pytest.mark.django_db


def _second_contributor(assessment: Any) -> User:
    user = User.objects.create_user(email="second@world.test", password="x", full_name="Second")
    Membership.objects.create(
        user=user, organisation=assessment.world.london_pp, role=Role.PP_CONTRIBUTOR
    )
    return user


def test_a_contributor_assigns_contributors_to_domains_and_can_change_it(
    assessment: Any,
) -> None:
    contributor = assessment.world.user("pp_contributor")
    second = _second_contributor(assessment)
    one, two = assessment.domains
    assignments_set(
        actor=contributor,
        submission=assessment.london,
        assignments={one.pk: [contributor.pk], two.pk: [second.pk, contributor.pk]},
    )
    assert DomainAssignment.objects.filter(submission=assessment.london).count() == 3
    assignments_set(
        actor=assessment.world.user("admin"),
        submission=assessment.london,
        assignments={one.pk: [second.pk], two.pk: []},
    )
    assert list(
        DomainAssignment.objects.filter(submission=assessment.london).values_list(
            "domain_id", "user_id"
        )
    ) == [(one.pk, second.pk)]


def test_only_the_providers_contributors_can_be_assigned(assessment: Any) -> None:
    one = assessment.domains[0]
    with pytest.raises(ValidationError) as raised:
        assignments_set(
            actor=assessment.world.user("pp_contributor"),
            submission=assessment.london,
            assignments={one.pk: [assessment.world.user("pp_executive").pk]},
        )
    assert raised.value.message_dict == {
        "domain_1": ["Only contributors of Thameside Hospitals NHS Trust can be assigned domain 1"]
    }
    assert not DomainAssignment.objects.exists()


@pytest.mark.parametrize("persona", ["pp_executive", "regional_lead"])
def test_only_administrators_and_contributors_assign_domains(assessment: Any, persona: str) -> None:
    with pytest.raises(ValidationError, match="can assign domains"):
        assignments_set(
            actor=assessment.world.user(persona), submission=assessment.london, assignments={}
        )
