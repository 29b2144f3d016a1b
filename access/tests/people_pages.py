"""What the people-page tests share: addresses, reading a page, and adding many people."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from access.models import Membership
from access.roles import Role
from access.testing import World
from accounts.models import User

PEOPLE = reverse("access:people")
INVITE = reverse("access:people_invite")
ClientFor = Callable[[str], Client]


def page_text(response) -> str:
    return response.content.decode()


def title(response) -> str:
    match = re.search(r"<title>\s*(.*?)\s*</title>", page_text(response), re.S)
    assert match
    return match.group(1)


def names(response) -> list[str]:
    return [row["person"].full_name for row in response.context["rows"]]


def add_people(world: World, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        person = User.objects.create_user(
            email=f"person{number}@many.test", full_name=f"Many Person {number:03d}"
        )
        Membership.objects.create(
            user=person, organisation=world.london_pp, role=Role.PP_CONTRIBUTOR
        )
        Membership.objects.create(user=person, organisation=world.london_ep, role=Role.EP_LEAD)


# The list
