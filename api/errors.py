"""Refusals of bad input: a 400 whose message names the parameter and what is wrong."""

from __future__ import annotations

from ninja.errors import HttpError


def bad_parameter(name: str, problem: str) -> HttpError:
    """A 400 naming the query parameter and what is wrong with it."""
    return HttpError(400, f"{name}: {problem}")
