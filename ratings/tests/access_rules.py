"""Access rules of every QCPM page, gathered from one module per part of the service."""

from ratings.tests.access_rules_import import RULES as IMPORT
from ratings.tests.access_rules_methodology import RULES as METHODOLOGY
from ratings.tests.access_rules_reports import RULES as REPORTS
from ratings.tests.access_rules_workflow import RULES as WORKFLOW

RULES = {**METHODOLOGY, **IMPORT, **WORKFLOW, **REPORTS}
