"""Access rules of every QCPM page, gathered from one module per part of the service."""

from core.testing.access import Rule
from core.testing.personas import CONTRACT_MANAGERS
from ratings.tests.access_rules_import import RULES as IMPORT
from ratings.tests.access_rules_methodology import RULES as METHODOLOGY
from ratings.tests.access_rules_reports import RULES as REPORTS
from ratings.tests.access_rules_workflow import RULES as WORKFLOW

# People who work with ratings; placement providers, panel members and no_role do not.
RATINGS_PEOPLE = CONTRACT_MANAGERS | {"admin", "regional_lead", "ep_lead"}
INDEX = {"ratings:index": Rule(allowed=RATINGS_PEOPLE)}

RULES = {**INDEX, **METHODOLOGY, **IMPORT, **WORKFLOW, **REPORTS}
