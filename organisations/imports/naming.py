"""Turn the upper-case names and addresses of ODS extracts into the way people write them."""

from __future__ import annotations

import re

# Kept in capitals wherever they appear.
ACRONYMS = frozenset({"NHS", "UK", "GP", "HQ", "CIC", "LLP", "PLC", "ICB", "CCG"})

# Written in lower case unless they start the name (or follow an opening bracket).
SMALL_WORDS = frozenset(
    {"and", "of", "the", "upon", "on", "for", "in", "under", "super", "le", "de", "la", "by", "at"}
)

_WORD = re.compile(r"[A-Za-z0-9']+")


def _case_word(word: str, *, first: bool) -> str:
    upper = word.upper()
    if upper in ACRONYMS:
        return upper
    lower = word.lower()
    if not first and lower in SMALL_WORDS:
        return lower
    # O'NEILL -> O'Neill; GUY'S -> Guy's; THOMAS' -> Thomas'.
    if len(lower) > 2 and lower.startswith("o'"):
        return "O'" + lower[2:].capitalize()
    return lower.capitalize()


def _case_part(part: str, *, first: bool) -> str:
    """Case one space-separated part, which may be hyphenated and carry punctuation."""
    seen = 0

    def case(match: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        return _case_word(match.group(0), first=first and seen == 1)

    return "-".join(_WORD.sub(case, piece) for piece in part.split("-"))


def proper_case(text: str) -> str:
    """ "GUY'S AND ST THOMAS' NHS FOUNDATION TRUST" -> "Guy's and St Thomas' NHS Foundation Trust".

    Text that already has lower-case letters was written by a person and is kept as it is,
    apart from runs of spaces, which are collapsed.
    """
    parts = text.split()
    if any(ch.islower() for ch in text):
        return " ".join(parts)
    cased = []
    for index, part in enumerate(parts):
        first = index == 0 or parts[index - 1].endswith(("(", ":"))
        cased.append(_case_part(part, first=first or part.startswith("(")))
    return " ".join(cased)
