from accounts.testing import SIGNED_IN
from core.testing.access import Rule

RULES = {
    "programmes:list": Rule(allowed=SIGNED_IN),
}
