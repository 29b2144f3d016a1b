"""Administrators manage people and their roles in the service itself."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from access import selectors, services
from access.forms import AddRoleForm, InviteForm, PeopleFilterForm, PersonNameForm
from access.models import Membership
from access.permissions import can_manage_people, can_remove_membership, can_switch_off
from access.roles import Role
from access.second_factor import second_factor_reset
from accounts.http import SignedInRequest
from accounts.models import User
from accounts.second_factor import services as two_step
from core.audit import actor_name, entry_changes
from core.exports import EXPORT_FORMATS, table_download
from core.http import require
from core.pagination import page_links, paginate
from core.views_forms import confirm_view, form_view, posted

EXPORT_HEADERS = ["Name", "E-mail address", "Status", "Roles", "Last signed in"]


def _status(person: User) -> str:
    if not person.is_active:
        return "Switched off"
    if not person.has_usable_password():
        return "Invited, no password set yet"
    return "Active"


@require(can_manage_people)
def people(request: SignedInRequest) -> HttpResponseBase:
    form = PeopleFilterForm(request.GET or None)
    queryset = selectors.people_list(request.user, form.filters())
    export_format = request.GET.get("format")
    if export_format in EXPORT_FORMATS:
        rows = (
            [
                person.full_name,
                person.email,
                _status(person),
                "; ".join(
                    f"{m.get_role_display()} at {m.organisation.name}"
                    for m in person.memberships.all()
                ),
                person.last_login.date().isoformat() if person.last_login else "",
            ]
            for person in queryset
        )
        return table_download(export_format, "people", EXPORT_HEADERS, rows)
    page = paginate(request, queryset)
    return render(
        request,
        "access/people.html",
        {
            "page_title": "People",
            "form": form,
            "page": page,
            "rows": [{"person": p, "status": _status(p)} for p in page.object_list],
            "pagination": page_links(request, page),
            "query": request.GET.urlencode(),
        },
    )


@require(can_manage_people)
def people_invite(request: SignedInRequest) -> HttpResponse:
    form = InviteForm(posted(request), user=request.user)

    def invite() -> User:
        data = form.cleaned_data
        return services.user_invite(
            actor=request.user,
            email=data["email"],
            full_name=data["full_name"],
            organisation=data["organisation"],
            role=Role(data["role"]),
        )

    def invited(person: User) -> tuple[str, HttpResponse]:
        role = Role(form.cleaned_data["role"]).label.lower()
        organisation = form.cleaned_data["organisation"]
        if person.has_usable_password():
            message = (
                f"{person} already had an account and is now {role} at "
                f"{organisation}. They can sign in as before."
            )
        else:
            message = (
                f"We have e-mailed {person.email} a link to set a password. "
                f"{person} is {role} at {organisation}."
            )
        return message, _to_person(person)

    return form_view(
        request,
        form,
        save=invite,
        done=invited,
        page=lambda: render(
            request,
            "access/people_invite.html",
            {"page_title": "Invite someone", "form": form, "page_error": bool(form.errors)},
        ),
    )


def _history_row(entry: LogEntry, person: User) -> dict[str, Any]:
    changes: list[str] = []
    if entry.action == LogEntry.Action.UPDATE:
        for change in entry_changes(entry):
            before = f"{change['before']} → " if change["before"] else ""
            changes.append(f"{change['field']}: {before}{change['after']}")
    record = str(entry.content_type.name).capitalize()
    return {
        "when": entry.timestamp,
        "who": actor_name(entry),
        "what": f"{entry.get_action_display().capitalize()} {record.lower()}: {entry.object_repr}",
        "changes": changes,
        "by_person": entry.actor_id == person.pk,
    }


@require(can_manage_people)
def person(request: SignedInRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(request.user, pk)
    actor = request.user
    memberships = selectors.person_memberships(person)
    return render(
        request,
        "access/person.html",
        {
            "page_title": str(person),
            "person": person,
            "status": _status(person),
            "is_self": person.pk == actor.pk,
            "can_switch_off": can_switch_off(actor, person),
            "invitation_pending": person.is_active and not person.has_usable_password(),
            "two_step": two_step.is_set_up(person),
            "can_reset_two_step": can_manage_people(actor),
            "memberships": [
                {"membership": m, "removable": can_remove_membership(actor, m)} for m in memberships
            ],
            "history": [_history_row(e, person) for e in selectors.person_history(person)],
            "history_limit": selectors.RECENT_HISTORY,
            # Errors in this form are shown on the add-role page it posts to.
            "form": AddRoleForm(user=request.user),
        },
    )


@require(can_manage_people)
def person_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(request.user, pk)
    form = PersonNameForm(posted(request), initial={"full_name": person.full_name})
    return form_view(
        request,
        form,
        save=lambda: services.user_update(
            actor=request.user, user=person, full_name=form.cleaned_data["full_name"]
        ),
        done=lambda _: ("Name changed", _to_person(person)),
        page=lambda: render(
            request,
            "access/person_edit.html",
            {
                "page_title": f"Change {person}'s name",
                "person": person,
                "form": form,
                "page_error": bool(form.errors),
            },
        ),
    )


@require(can_manage_people)
def person_add_role(request: SignedInRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(request.user, pk)
    form = AddRoleForm(posted(request), user=request.user)

    def added(_: object) -> tuple[str, HttpResponse]:
        organisation, role = form.cleaned_data["organisation"], Role(form.cleaned_data["role"])
        return f"{person} is now {role.label.lower()} at {organisation.name}", _to_person(person)

    return form_view(
        request,
        form,
        save=lambda: services.membership_add(
            actor=request.user,
            user=person,
            organisation=form.cleaned_data["organisation"],
            role=Role(form.cleaned_data["role"]),
        ),
        done=added,
        page=lambda: render(
            request,
            "access/person_add_role.html",
            {
                "page_title": f"Add a role for {person}",
                "person": person,
                "form": form,
                "page_error": bool(form.errors),
            },
        ),
    )


def _to_person(person: User) -> HttpResponse:
    return redirect("access:person", person.pk)


def _set_active(request: SignedInRequest, pk: int, *, active: bool) -> HttpResponse:
    person = selectors.person_get(request.user, pk)
    verb = "Switch on" if active else "Switch off"
    done = "switched back on" if active else "switched off"
    return confirm_view(
        request,
        act=lambda: services.user_set_active(actor=request.user, user=person, active=active),
        done=lambda _: (f"{person}'s account is {done}", _to_person(person)),
        page=lambda **errors: render(
            request,
            "access/person_active.html",
            {
                "page_title": f"{verb} {person}'s account",
                "person": person,
                "active": active,
                "blocked": not active and not can_switch_off(request.user, person),
                **errors,
            },
        ),
    )


@require(can_manage_people)
def person_switch_off(request: SignedInRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=False)


@require(can_manage_people)
def person_switch_on(request: SignedInRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=True)


@require(can_manage_people)
@require_POST
def person_resend_invitation(request: SignedInRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(request.user, pk)
    try:
        services.invitation_resend(actor=request.user, user=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"We have e-mailed {person.email} a new link to set a password")
    return redirect("access:person", person.pk)


@require(can_manage_people)
def membership_remove(request: SignedInRequest, pk: int) -> HttpResponse:
    membership: Membership = selectors.membership_get(request.user, pk)
    person = membership.user
    return confirm_view(
        request,
        act=lambda: services.membership_remove(actor=request.user, membership=membership),
        done=lambda _: (
            f"{person} is no longer {membership.get_role_display().lower()} "
            f"at {membership.organisation.name}",
            _to_person(person),
        ),
        page=lambda **errors: render(
            request,
            "access/membership_remove.html",
            {
                "page_title": f"Remove {person}'s role",
                "membership": membership,
                "person": person,
                "blocked": not can_remove_membership(request.user, membership),
                **errors,
            },
        ),
    )


@require(can_manage_people)
def person_reset_two_step(request: SignedInRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(request.user, pk)
    return confirm_view(
        request,
        act=lambda: second_factor_reset(actor=request.user, user=person),
        done=lambda _: (
            f"{person} will set up two-step verification again when they next sign in",
            _to_person(person),
        ),
        page=lambda **errors: render(
            request,
            "access/person_two_step_reset.html",
            {"page_title": f"Reset {person}'s two-step verification", "person": person} | errors,
        ),
    )
