from core.testing.access import Rule
from core.testing.personas import WITH_ROLE
from organisations.tests.import_helpers import previewed_run

ADMIN = frozenset({"admin"})

RULES = {
    "organisations:list": Rule(allowed=WITH_ROLE),
    "organisations:detail": Rule(
        allowed=WITH_ROLE,
        kwargs=lambda w: {"pk": w.london_pp.pk},
        # An education provider's lead sees only its own organisation, not the trust; the
        # Midlands contract manager sees the Midlands' organisations, not London's.
        status_for={"ep_lead": 404, "midlands_contract_manager": 404},
        foreign=lambda w: {"pk": w.midlands_pp.pk},
        foreign_allowed=frozenset({"midlands_contract_manager"}),
    ),
    "organisations:imports": Rule(allowed=ADMIN),
    "organisations:import_upload": Rule(allowed=ADMIN),
    "organisations:import_detail": Rule(
        allowed=ADMIN, kwargs=lambda w: {"pk": previewed_run(w).pk}
    ),
    # Confirming sends the administrator back to the import's page, whatever the outcome.
    "organisations:import_confirm": Rule(
        allowed=ADMIN,
        kwargs=lambda w: {"pk": previewed_run(w).pk},
        method="POST",
        data=lambda w: {"fingerprint": ""},
        ok_status=302,
        sweep=False,
    ),
}
