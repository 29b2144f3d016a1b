from core.testing.access import Rule

RULES: dict[str, Rule] = {}
