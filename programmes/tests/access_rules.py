from core.testing.access import Rule
from core.testing.personas import SIGNED_IN

RULES = {
    "programmes:list": Rule(allowed=SIGNED_IN),
}
