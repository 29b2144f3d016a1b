"""Counts shared by the demo data builders."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Tally:
    """How many planned rows were created and how many were there already."""

    created: int = 0
    unchanged: int = 0
