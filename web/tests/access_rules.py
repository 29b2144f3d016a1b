from access.testing import EVERYONE
from core.testing.access import Rule

RULES = {
    "web:home": Rule(allowed=EVERYONE),
    "web:accessibility": Rule(allowed=EVERYONE),
    "web:privacy": Rule(allowed=EVERYONE),
    "web:audit_log": Rule(allowed=frozenset({"admin"})),
}
