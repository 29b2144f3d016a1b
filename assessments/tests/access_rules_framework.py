"""Access rules of the self-assessment pages: framework."""

from core.testing.access import Rule  # noqa: F401

RULES: dict = {}
