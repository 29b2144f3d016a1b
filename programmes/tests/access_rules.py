from core.testing.access import Rule
from core.testing.world import SIGNED_IN

RULES = {
    "programmes:list": Rule(allowed=SIGNED_IN),
}
