"""The personas every test world has, by name: the vocabulary of the access rules.

The world itself (records, roles, memberships) is built by ``access.testing``; the names and
the groups of them live here so that any app's tests can name who may do what.
"""

from __future__ import annotations

PASSWORD = "correct-horse-battery-staple"

# Every persona of the brief, plus someone with an account but no role yet. Each holds their
# role in London (or nationally), except the Midlands contract manager.
PERSONA_EMAILS: dict[str, str] = {
    "admin": "admin@world.test",
    "regional_lead": "london.lead@world.test",
    "contract_manager": "contracts@world.test",
    # A second region's contract manager, so the access rules show each region's own.
    "midlands_contract_manager": "midlands.contracts@world.test",
    "ep_lead": "ep.lead@world.test",
    "pp_contributor": "pp.contributor@world.test",
    "pp_executive": "pp.executive@world.test",
    "panel_member": "panel@world.test",
    "no_role": "nobody@world.test",
}
SIGNED_IN = frozenset(PERSONA_EMAILS)
ANONYMOUS = "anonymous"
EVERYONE = SIGNED_IN | {ANONYMOUS}
WITH_ROLE = SIGNED_IN - {"no_role"}
# The contract managers of both regions: pages that are not one region's record let both in.
CONTRACT_MANAGERS = frozenset({"contract_manager", "midlands_contract_manager"})
