from collections.abc import Callable
from typing import Any

from access.testing import ANONYMOUS, EVERYONE, SIGNED_IN, World
from core.testing.access import Rule

ADMIN = frozenset({"admin"})


def _person(persona: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": w.user(persona).pk}


def _bystander(world: World) -> dict[str, Any]:
    """Someone outside the personas, for actions that would change a persona's access."""
    from accounts.models import User

    return {"pk": User.objects.create_user(email="bystander@world.test", full_name="By Stander").pk}


# Signed-in people are sent on from the sign-in page; sign-out answers everyone with a redirect.
RULES = {
    "accounts:sign_in": Rule(allowed=EVERYONE, status_for=dict.fromkeys(SIGNED_IN, 302)),
    "accounts:sign_out": Rule(
        allowed=EVERYONE, method="POST", ok_status=302, sweep=False, status_for={ANONYMOUS: 302}
    ),
    "accounts:reset_request": Rule(allowed=EVERYONE),
    "accounts:reset_sent": Rule(allowed=EVERYONE),
    "accounts:reset_confirm": Rule(
        allowed=EVERYONE, kwargs=lambda w: {"uidb64": "MQ", "token": "expired-token"}
    ),
    "accounts:reset_complete": Rule(allowed=EVERYONE),
    # Two-step verification: anyone signed in may set it up and use it; recovery codes are
    # renewed by a post, which sends someone without the app to set it up first.
    "accounts:two_step": Rule(allowed=SIGNED_IN),
    "accounts:two_step_set_up": Rule(allowed=SIGNED_IN),
    "accounts:two_step_verify": Rule(allowed=SIGNED_IN),
    "accounts:two_step_recovery_codes": Rule(
        allowed=SIGNED_IN, method="POST", ok_status=302, sweep=False
    ),
    # Managing people is for administrators only; everyone else is told the page does not exist.
    "access:people": Rule(allowed=ADMIN),
    "access:people_invite": Rule(allowed=ADMIN),
    "access:person": Rule(allowed=ADMIN, kwargs=_person("ep_lead")),
    "access:person_edit": Rule(allowed=ADMIN, kwargs=_person("ep_lead")),
    "access:person_add_role": Rule(
        allowed=ADMIN,
        kwargs=_person("ep_lead"),
        method="POST",
        data=lambda w: {"organisation": w.london_pp.ods_code, "role": "panel_member"},
        ok_status=302,
        sweep=False,
    ),
    "access:person_switch_off": Rule(
        allowed=ADMIN, kwargs=_bystander, method="POST", ok_status=302, sweep=False
    ),
    "access:person_switch_on": Rule(
        allowed=ADMIN, kwargs=_person("ep_lead"), method="POST", ok_status=302, sweep=False
    ),
    "access:person_resend_invitation": Rule(
        allowed=ADMIN, kwargs=_person("ep_lead"), method="POST", ok_status=302, sweep=False
    ),
    "access:person_two_step_reset": Rule(allowed=ADMIN, kwargs=_person("ep_lead")),
    "access:membership_remove": Rule(
        allowed=ADMIN,
        kwargs=lambda w: {"pk": w.user("panel_member").memberships.get().pk},
        method="POST",
        ok_status=302,
        sweep=False,
    ),
}
