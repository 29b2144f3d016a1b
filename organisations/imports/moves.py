"""Moving organisations to another region: what a confirmation must say, and what moves.

An organisation's region decides who sees its self-assessments, ratings and people, so a
file that moves one (a changed extract, or a code that now belongs to someone else) must
not do it quietly. The preview lists each move with what is live there, and the import is
applied only when the confirmation ticks the box below (``acknowledgements``, which the
pipeline checks against the plan it applies).
"""

from __future__ import annotations

from organisations.imports.plan import ImportPlan, Update

# The acknowledgement a confirmation needs when the file moves organisations between regions.
MOVE_REGIONS = "move_regions"
MOVE_REGIONS_LABEL = "Move these organisations to another region"
# A refusal names this many codes and counts the rest.
CODES_NAMED = 5


def count_organisations(number: int) -> str:
    return "1 organisation" if number == 1 else f"{number:,} organisations"


def named_codes(moves: list[Update]) -> str:
    codes = ", ".join(update.code for update in moves[:CODES_NAMED])
    if len(moves) > CODES_NAMED:
        codes += f" and {len(moves) - CODES_NAMED:,} more"
    return codes


def acknowledgements(plan: ImportPlan) -> dict[str, str]:
    """A plan that moves organisations to another region is applied only when the
    confirmation says so: their people, ratings and self-assessments move with them."""
    moves = plan.region_moves()
    if not moves:
        return {}
    return {
        MOVE_REGIONS: f"This import moves {count_organisations(len(moves))} to another region "
        f"({named_codes(moves)}). Tick “{MOVE_REGIONS_LABEL}” to confirm the moves, or upload "
        "a file without them"
    }
