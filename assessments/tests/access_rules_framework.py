"""Who may use the framework pages.

Every self-assessment person may read the versions; only quality administrators clone and
change them. The builders load the small test framework and clone it into an editable
version, once, however many rules ask for it.
"""

from typing import Any

from access.testing import World
from core.testing.access import Rule

READERS = frozenset({"admin", "regional_lead", "pp_contributor", "pp_executive"})
ADMIN = frozenset({"admin"})
EDITABLE = "QFEDIT"


def _editable(world: World) -> Any:
    """An editable copy of the test framework (no campaign uses it)."""
    from assessments.framework.loading import framework_load
    from assessments.framework.services import framework_clone
    from assessments.models import FrameworkVersion
    from assessments.testing import CODE, FRAMEWORK

    version = FrameworkVersion.objects.filter(code=EDITABLE).first()
    if version is None:
        framework_load(actor=None, data=FRAMEWORK)
        source = FrameworkVersion.objects.get(code=CODE)
        version = framework_clone(actor=None, source=source, code=EDITABLE, name="Editable")
    return version


def _version(world: World) -> dict[str, Any]:
    return {"code": _editable(world).code}


def _with_versions(world: World) -> dict[str, Any]:
    _editable(world)
    return {}


def _ref(ref: str) -> Any:
    return lambda world: {"ref": f"{_editable(world).code}-{ref}"}


RULES = {
    "assessments:framework_list": Rule(allowed=READERS, kwargs=_with_versions),
    "assessments:framework_detail": Rule(allowed=READERS, kwargs=_version),
    "assessments:framework_mapping": Rule(allowed=READERS, kwargs=_version),
    # A JSON file, not a page.
    "assessments:framework_download": Rule(allowed=READERS, kwargs=_version, sweep=False),
    "assessments:framework_clone": Rule(allowed=ADMIN, kwargs=_version),
    "assessments:framework_edit": Rule(allowed=ADMIN, kwargs=_version),
    "assessments:framework_domain_add": Rule(allowed=ADMIN, kwargs=_version),
    "assessments:framework_domain_edit": Rule(allowed=ADMIN, kwargs=_ref("1")),
    "assessments:framework_domain_remove": Rule(allowed=ADMIN, kwargs=_ref("2")),
    "assessments:framework_standard_add": Rule(allowed=ADMIN, kwargs=_ref("1")),
    "assessments:framework_standard_edit": Rule(allowed=ADMIN, kwargs=_ref("1.1")),
    "assessments:framework_standard_remove": Rule(allowed=ADMIN, kwargs=_ref("1.2")),
    "assessments:framework_question_add": Rule(allowed=ADMIN, kwargs=_ref("1.1")),
    "assessments:framework_question_edit": Rule(allowed=ADMIN, kwargs=_ref("1.1-Q2")),
    "assessments:framework_question_remove": Rule(allowed=ADMIN, kwargs=_ref("2.1-Q2")),
}
