"""Who may use the KPI definition and methodology pages.

Administrators run methodologies; the people who work with ratings may read them; everyone
else is told the pages do not exist, and anonymous visitors are sent to sign in.
"""

from typing import Any

from access.testing import World
from core.testing.access import Rule
from core.testing.personas import CONTRACT_MANAGERS

ADMIN = frozenset({"admin"})
READERS = CONTRACT_MANAGERS | {"admin", "regional_lead", "ep_lead"}


def _methodology(world: World) -> dict[str, Any]:
    """The shared 2025/26 methodology, built once even when several rules ask for it."""
    from ratings.models import RatingRound
    from ratings.testing import YEAR, build_qcpm

    round_ = RatingRound.objects.filter(academic_year=YEAR).first()
    methodology = round_.methodology if round_ else build_qcpm(world).methodology
    return {"pk": methodology.pk}


def _with_qcpm(world: World) -> dict[str, Any]:
    """No URL arguments, but a methodology to show on the page."""
    _methodology(world)
    return {}


def _kpi(code: str) -> Any:
    return lambda world: _methodology(world) | {"code": code}


RULES = {
    "ratings:methodology_list": Rule(allowed=READERS, kwargs=_with_qcpm),
    "ratings:methodology_kpi_definitions": Rule(allowed=READERS, kwargs=_with_qcpm),
    "ratings:methodology_detail": Rule(allowed=READERS, kwargs=_methodology),
    "ratings:methodology_create": Rule(allowed=ADMIN, kwargs=_with_qcpm),
    "ratings:methodology_clone": Rule(allowed=ADMIN, kwargs=_methodology),
    "ratings:methodology_edit": Rule(allowed=ADMIN, kwargs=_methodology),
    "ratings:methodology_kpis_edit": Rule(allowed=ADMIN, kwargs=_methodology),
    "ratings:methodology_kpi_add": Rule(allowed=ADMIN, kwargs=_methodology),
    # The confirmation page is plain; the matrix checks the removal itself.
    "ratings:methodology_kpi_remove": Rule(
        allowed=ADMIN, kwargs=_kpi("DATA"), method="POST", ok_status=302, sweep=False
    ),
}
