"""Access rules of every self-assessment page, gathered from one module per part."""

from assessments.tests.access_rules_campaigns import RULES as CAMPAIGNS
from assessments.tests.access_rules_form import RULES as FORM
from assessments.tests.access_rules_framework import RULES as FRAMEWORK
from assessments.tests.access_rules_report import RULES as REPORT
from assessments.tests.access_rules_review import RULES as REVIEW
from assessments.tests.access_rules_signoff import RULES as SIGNOFF
from core.testing.access import Rule

# People who take part in the self-assessment; EP leads, contract managers, panel members
# and people without a role do not.
SELF_ASSESSMENT_PEOPLE = frozenset({"admin", "regional_lead", "pp_contributor", "pp_executive"})
INDEX = {"assessments:index": Rule(allowed=SELF_ASSESSMENT_PEOPLE)}

RULES = {**INDEX, **FRAMEWORK, **CAMPAIGNS, **FORM, **SIGNOFF, **REVIEW, **REPORT}
