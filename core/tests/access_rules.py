from core.testing.access import Rule
from core.testing.world import EVERYONE

RULES = {
    "core:home": Rule(allowed=EVERYONE),
    "core:accessibility": Rule(allowed=EVERYONE),
    "core:privacy": Rule(allowed=EVERYONE),
    "core:audit_log": Rule(allowed=frozenset({"admin"})),
}
