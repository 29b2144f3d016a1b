"""E-mail in tests: the service queues e-mail when a change commits, and a test runs inside
a transaction that never commits, so a test says where the change "commits"."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.test import TestCase


@contextmanager
def committed() -> Iterator[None]:
    """Run the block, then what it queued for after commit (e-mail, tasks), as a real
    commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield
