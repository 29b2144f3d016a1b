from core.testing.access import Rule
from core.testing.world import WITH_ROLE

RULES = {
    "organisations:list": Rule(allowed=WITH_ROLE),
    "organisations:detail": Rule(
        allowed=WITH_ROLE,
        kwargs=lambda w: {"pk": w.london_pp.pk},
        # An education provider's lead sees only its own organisation, not the trust.
        status_for={"ep_lead": 404},
        foreign=lambda w: {"pk": w.midlands_pp.pk},
    ),
}
