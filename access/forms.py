"""Forms for managing people: filters, invitations and roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError

from access import selectors
from access.roles import Role
from accounts.services import EMAIL_FORMAT_MESSAGE
from core.forms import ServiceForm
from organisations.models import Organisation

if TYPE_CHECKING:
    from accounts.models import User

ORGANISATION_HINT = (
    "The ODS code, UKPRN or name, for example RZZ01 or 10000001. "
    "If several organisations share a name, use the code."
)


class PeopleFilterForm(forms.Form):
    """Search people by name, e-mail, role, organisation or status."""

    q = forms.CharField(label="Name or e-mail address", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *Role.choices]
    )
    organisation = forms.CharField(
        label="Organisation name or code", required=False, max_length=100
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *selectors.PersonStatus.choices],
    )

    def filters(self) -> selectors.PeopleFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return selectors.PeopleFilters(
            **{key: data.get(key) or "" for key in ("q", "role", "organisation", "status")}
        )


class _OrganisationRoleForm(ServiceForm):
    """An organisation typed as a code or name, and a role in it."""

    organisation = forms.CharField(
        label="Organisation",
        max_length=200,
        help_text=ORGANISATION_HINT,
        error_messages={"required": "Enter the organisation's code or name"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_organisation(self) -> Organisation:
        try:
            return selectors.organisation_match(self.user, self.cleaned_data["organisation"])
        except selectors.OrganisationLookupError as error:
            raise ValidationError(str(error)) from None


class InviteForm(_OrganisationRoleForm):
    """Who to invite, and the first role they will hold."""

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the person's full name",
            "max_length": "Full name must be 200 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="We will send a link to this address so they can set a password.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the person's e-mail address",
            "invalid": EMAIL_FORMAT_MESSAGE,
        },
    )

    field_order = ["full_name", "email", "organisation", "role"]


class AddRoleForm(_OrganisationRoleForm):
    """Another role for someone who already has an account."""


class PersonNameForm(ServiceForm):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={
            "required": "Enter the person's full name",
            "max_length": "Full name must be 200 characters or fewer",
        },
    )
