"""Typed reading of environment variables: a bad value stops start-up with a clear message."""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env:
    """Reads settings from a mapping (the process environment by default)."""

    def __init__(self, source: Mapping[str, str] | None = None) -> None:
        self.source = os.environ if source is None else source

    def text(self, name: str, default: str | None = None) -> str:
        value = self.source.get(name)
        if value is None:
            if default is None:
                raise ImproperlyConfigured(f"Set the environment variable {name}.")
            return default
        return value

    def flag(self, name: str, default: bool) -> bool:
        raw = self.source.get(name)
        if raw is None:
            return default
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"{name} must be true or false (1/0, yes/no, on/off), not {raw!r}."
        )

    def integer(self, name: str, default: int, *, minimum: int | None = None) -> int:
        raw = self.source.get(name)
        if raw is None:
            return default
        try:
            value = int(raw.strip())
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
        if minimum is not None and value < minimum:
            raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
        return value

    def items(self, name: str, default: list[str]) -> list[str]:
        raw = self.source.get(name)
        if raw is None:
            return list(default)
        return [item.strip() for item in raw.split(",") if item.strip()]

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.source.get(name, default).strip().lower()
        if value not in choices:
            allowed = ", ".join(choices)
            raise ImproperlyConfigured(f"{name} must be one of {allowed}, not {value!r}.")
        return value
