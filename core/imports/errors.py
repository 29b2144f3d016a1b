"""What goes wrong in an import: a row's error, the list of them, and a refused file or run.

Every problem in a file is collected, not just the first, so a user can fix a file in one go.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# The organisation import keeps this many errors and counts the rest.
KEEP_ERRORS = 200
SPLIT_ADVICE = "Split it into smaller files."


@dataclass(frozen=True, order=True)
class RowError:
    """A problem with the file: ``row`` and ``column`` are None when it is about the whole file."""

    row: int | None
    column: str | None
    message: str

    @property
    def sentence(self) -> str:
        """The message on its own, as a sentence."""
        return self.message[:1].upper() + self.message[1:]

    def __str__(self) -> str:
        if self.row is None:
            return self.sentence
        where = f"Row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass
class ErrorList:
    """Errors in the order found: the first ``keep`` (all when None) and a count of them all.

    A page shows the first ``show`` of those kept (all when None); ``not_shown`` counts the rest.
    """

    keep: int | None = KEEP_ERRORS
    show: int | None = None
    items: list[RowError] = field(default_factory=list)
    total: int = 0

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.total += 1
        if self.keep is None or len(self.items) < self.keep:
            self.items.append(RowError(row, column, message))

    def extend(self, other: ErrorList) -> None:
        for error in other.items:
            self.add(error.row, error.column, error.message)
        self.total += other.total - len(other.items)

    @property
    def shown(self) -> list[RowError]:
        return self.items if self.show is None else self.items[: self.show]

    @property
    def not_shown(self) -> int:
        return self.total - len(self.shown)

    def __bool__(self) -> bool:
        return self.total > 0

    def __iter__(self) -> Iterator[RowError]:
        return iter(self.items)

    def __len__(self) -> int:
        return self.total


def errors_summary(errors: ErrorList, keep: int) -> dict[str, Any]:
    """What a refused run keeps of its errors: the first ``keep`` and how many there were."""
    return {
        "errors": [[error.row, error.column, error.message] for error in errors.items[:keep]],
        "error_total": errors.total,
    }


def errors_from_summary(summary: dict[str, Any], show: int | None = None) -> ErrorList:
    """The errors a refused run kept, to show as if the file had just been checked."""
    errors = ErrorList(keep=None, show=show)
    for row, column, message in summary.get("errors", []):
        errors.items.append(RowError(row, column, message))
    errors.total = max(int(summary.get("error_total", 0)), len(errors.items))
    return errors


class FileRefused(Exception):
    """The file cannot be read at all (too big, empty, binary or not text); ``error`` says why."""

    def __init__(self, error: RowError) -> None:
        super().__init__(str(error))
        self.error = error


class ImportRefused(Exception):
    """A confirmation that cannot go ahead; the message says why."""


class AlreadyImported(ImportRefused):
    """The run has been imported (or is being imported) already."""


class PlanChanged(ImportRefused):
    """The data changed after the preview: ``plan`` is what the file would do now."""

    def __init__(self, message: str, plan: Any) -> None:
        super().__init__(message)
        self.plan = plan


class NotAcknowledged(ImportRefused):
    """The plan does something its confirmation must acknowledge, and it was not: ``key``
    names the acknowledgement (the box to tick), ``plan`` is the plan that needs it."""

    def __init__(self, message: str, key: str, plan: Any) -> None:
        super().__init__(message)
        self.key = key
        self.plan = plan


def describe_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def check_size(size: int, limit: int, advice: str = SPLIT_ADVICE) -> None:
    """Refuse a file over the limit before any of it is read; ``advice`` ends the message."""
    if size > limit:
        raise FileRefused(
            RowError(
                None,
                None,
                f"The file is {describe_size(size)}; the largest file accepted is "
                f"{describe_size(limit)}. {advice}",
            )
        )
