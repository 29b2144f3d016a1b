from core.testing.access import Rule
from core.testing.world import ANONYMOUS, EVERYONE, SIGNED_IN

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
    "accounts:people": Rule(allowed=frozenset({"admin"})),
}
