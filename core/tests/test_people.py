"""check_actor: check, then execute; the system (None) may, a refused actor hears who may."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied

from core.people import check_actor


def test_the_system_and_an_allowed_actor_pass_and_anyone_else_is_refused_by_name() -> None:
    allowed = SimpleNamespace(ok=True)
    refused = SimpleNamespace(ok=False)

    check_actor(None, lambda actor: actor.ok, "Only administrators")
    check_actor(allowed, lambda actor: actor.ok, "Only administrators")  # type: ignore[arg-type]  # a stand-in user
    with pytest.raises(PermissionDenied, match="Only administrators"):
        check_actor(refused, lambda actor: actor.ok, "Only administrators")  # type: ignore[arg-type]  # a stand-in user
