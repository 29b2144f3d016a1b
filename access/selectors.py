"""Reads of people, their memberships and their history. Only administrators see people."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auditlog.models import LogEntry
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from access.models import Membership
from access.permissions import can_see_people_of
from access.scope import scope_for
from accounts.models import User
from organisations.models import Organisation

if TYPE_CHECKING:
    from accounts.models import Viewer

# How many of a person's audit entries their page shows; the audit log has the rest.
RECENT_HISTORY = 20
# How many candidates to name when an organisation search matches several.
MATCHES_SHOWN = 5


class PersonStatus:
    ACTIVE = "active"
    INVITED = "invited"
    SWITCHED_OFF = "switched_off"

    choices = (
        (ACTIVE, "Active"),
        (INVITED, "Invited, no password set yet"),
        (SWITCHED_OFF, "Switched off"),
    )


@dataclass(frozen=True)
class PeopleFilters:
    q: str = ""
    role: str = ""
    organisation: str = ""
    status: str = ""


def _people_visible_to(user: Viewer) -> QuerySet[User]:
    if not scope_for(user).is_national:
        return User.objects.none()
    return User.objects.all()


def _unusable_password() -> Q:
    return Q(password__startswith=UNUSABLE_PASSWORD_PREFIX) | Q(password="")


def _organisation_matches(text: str) -> Q:
    text = text.strip()
    return (
        Q(name__icontains=text)
        | Q(ods_code__iexact=text)
        | Q(ukprn=text)
        | Q(internal_code__iexact=text)
    )


def people_list(user: Viewer, filters: PeopleFilters | None = None) -> QuerySet[User]:
    """Everyone with an account, for administrators; nobody for anyone else."""
    filters = filters or PeopleFilters()
    people = _people_visible_to(user).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("organisation").order_by(
                "organisation__name", "role"
            ),
        )
    )
    if q := filters.q.strip():
        people = people.filter(Q(full_name__icontains=q) | Q(email__icontains=q))
    if filters.role or filters.organisation.strip():
        # Role and organisation must match the same membership: "EP lead at Thameside".
        held = Membership.objects.all()
        if filters.role:
            held = held.filter(role=filters.role)
        if filters.organisation.strip():
            held = held.filter(
                organisation__in=Organisation.objects.filter(
                    _organisation_matches(filters.organisation)
                )
            )
        people = people.filter(pk__in=held.values("user_id"))
    if filters.status == PersonStatus.ACTIVE:
        people = people.filter(is_active=True).exclude(_unusable_password())
    elif filters.status == PersonStatus.INVITED:
        people = people.filter(_unusable_password(), is_active=True)
    elif filters.status == PersonStatus.SWITCHED_OFF:
        people = people.filter(is_active=False)
    return people.order_by("full_name", "email", "pk")


def person_get(user: Viewer, pk: int) -> User:
    """One person, or 404 for anyone who may not manage people."""
    return get_object_or_404(_people_visible_to(user).select_related("invited_by"), pk=pk)


def person_memberships(person: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=person)
        .select_related("organisation", "organisation__region", "created_by")
        .order_by("organisation__name", "role")
    )


def membership_get(user: Viewer, pk: int) -> Membership:
    """One membership, or 404 for anyone who may not manage people."""
    memberships = (
        Membership.objects.select_related("user", "organisation")
        if scope_for(user).is_national
        else Membership.objects.none()
    )
    return get_object_or_404(memberships, pk=pk)


def person_history(person: User, limit: int = RECENT_HISTORY) -> list[LogEntry]:
    """The latest changes to the person, to any role they hold or held, and by the person.

    Roles changed through the services name the person in the entry's context, so their
    history outlives the role itself; roles made any other way are found while they exist.
    Two queries.
    """
    types = ContentType.objects.get_for_models(User, Membership)
    user_type, membership_type = types[User], types[Membership]
    held = [str(pk) for pk in Membership.objects.filter(user=person).values_list("pk", flat=True)]
    about_a_membership = Q(content_type=membership_type) & (
        Q(object_pk__in=held) | Q(additional_data__person=person.pk)
    )
    entries = (
        LogEntry.objects.filter(
            Q(content_type=user_type, object_pk=str(person.pk))
            | about_a_membership
            | Q(actor=person)
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    return list(entries[:limit])


class OrganisationLookupError(Exception):
    """The text names no organisation, or more than one."""


def organisation_match(user: Viewer, text: str) -> Organisation:
    """The one organisation whose code, or failing that whose name, is ``text``.

    A code (ODS code, UKPRN or internal code) or a full name picks one organisation; a part
    of a name does too when only one organisation has it. Anything else raises
    ``OrganisationLookupError`` with a message saying what to enter instead.
    """
    text = " ".join(text.split())
    if not text:
        raise OrganisationLookupError("Enter the organisation's code or name")
    visible = Organisation.objects.visible_to(user)
    by_code = list(
        visible.filter(Q(ods_code__iexact=text) | Q(ukprn=text) | Q(internal_code__iexact=text))[:2]
    )
    if len(by_code) == 1:
        return by_code[0]
    by_name = list(visible.filter(name__iexact=text).order_by("name", "pk")[:2])
    if len(by_name) == 1:
        return by_name[0]
    candidates = list(
        visible.filter(name__icontains=text).order_by("-status", "name", "pk")[: MATCHES_SHOWN + 1]
    )
    if len(candidates) == 1 and not by_name:
        return candidates[0]
    if not candidates:
        raise OrganisationLookupError(
            f"No organisation has the code or name “{text}”. "
            "Check the spelling, or search the organisations list for its code"
        )
    named = "; ".join(f"{org.name} ({org.code})" for org in candidates[:MATCHES_SHOWN])
    more = " and others" if len(candidates) > MATCHES_SHOWN else ""
    raise OrganisationLookupError(
        f"More than one organisation matches “{text}”: {named}{more}. "
        "Enter the code of the one you mean"
    )


def member_emails(role: str, organisation_ids: Iterable[int]) -> dict[int, list[str]]:
    """The e-mail addresses of the active people holding ``role`` at each organisation, by
    organisation id, in one query (for e-mails to every provider at once)."""
    found: dict[int, list[str]] = defaultdict(list)
    rows = (
        Membership.objects.filter(
            role=role, organisation_id__in=list(organisation_ids), user__is_active=True
        )
        .order_by("organisation_id", "user__email")
        .values_list("organisation_id", "user__email")
    )
    for organisation_id, email in rows:
        found[organisation_id].append(email)
    return found


def organisation_people(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "role")
    )


def profile_people(user: Viewer, organisation: Organisation) -> dict[str, Any] | None:
    """The organisation page's "People" section, for those who may see who works there."""
    if not can_see_people_of(user, organisation.pk):
        return None
    return {"people": list(organisation_people(organisation))}
