"""What an app hands the pipeline: an ``Importer`` with its planner, applier and run model.

The app's planner reads the file (``check``) and compares it with the database (``compare``);
its applier writes the plan. Everything else (storing the file, preview, fingerprint check,
confirmation, background apply, progress, recovery) is the pipeline's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from core.imports.errors import ErrorList
from core.imports.models import ImportRunBase

Progress = Callable[[int], None]


class Plan(Protocol):
    """What the pipeline needs of an app's plan."""

    rows: int
    errors: ErrorList

    @property
    def is_valid(self) -> bool: ...

    def counts(self) -> dict[str, int]: ...

    def summary(self) -> dict[str, Any]: ...


class Check[P: Plan, R: ImportRunBase](Protocol):
    """Read and check a file's bytes for a run (saved or not; it names the file and its kind).

    Called outside the confirming transaction, so ``progress`` (rows read so far) is seen at
    once; it is None except when the worker applies a queued run.
    """

    def __call__(self, data: bytes, *, run: R, actor: Any, progress: Progress | None) -> P: ...


class Apply[P: Plan, R: ImportRunBase](Protocol):
    """Write a valid plan; the pipeline holds the transaction and ``acting_as``."""

    def __call__(self, plan: P, *, actor: Any, run: R) -> None: ...


def _as_checked[P: Plan](plan: P) -> P:
    return plan


def _nothing_to_acknowledge(plan: Any) -> Mapping[str, str]:
    return {}


@dataclass(frozen=True)
class Wording:
    """The sentences an import words its own way."""

    # The data moved between preview and confirmation, so nothing was imported.
    plan_changed: str = (
        "The data has changed since this file was previewed, so nothing was imported. "
        "Check what the file would change now and confirm again."
    )
    # ``{file_name}``: a run confirmed a second time.
    already_imported: str = "{file_name} has already been imported; nothing was changed this time."
    # A background apply stopped by an unexpected error, or its worker died.
    stopped: str = "The import stopped with an unexpected error; nothing was changed."
    # A background check stopped by an unexpected error, or its worker died.
    check_stopped: str = (
        "The check of the file stopped with an unexpected error, so it was not imported. "
        "Upload it again."
    )


@dataclass(frozen=True)
class Importer[P: Plan, R: ImportRunBase]:
    """One kind of import, as the pipeline runs it.

    ``compare`` brings a checked plan up to date with the database inside the confirming
    transaction (the default: ``check`` did it all); ``fingerprint`` hashes every decision
    of a compared plan. ``background_rows``: a confirmed run with more rows than this is
    applied by the worker (None: always at once). ``acknowledgements`` names what a
    confirmation of a plan must acknowledge explicitly (a key, such as a box the user ticks,
    and the sentence refusing it when it was not): the pipeline applies nothing without them.
    """

    run_model: type[R]
    check: Check[P, R]
    apply: Apply[P, R]
    fingerprint: Callable[[P], str]
    max_bytes: Callable[[], int]
    compare: Callable[[P], P] = _as_checked
    wording: Wording = field(default_factory=Wording)
    background_rows: int | None = None
    acknowledgements: Callable[[P], Mapping[str, str]] = _nothing_to_acknowledge

    @property
    def label(self) -> str:
        return self.run_model._meta.label

    def plan(self, data: bytes, *, run: R, actor: Any, progress: Progress | None = None) -> P:
        """Check the file and compare it with the database: what the preview shows."""
        return self.compare(self.check(data, run=run, actor=actor, progress=progress))


_registry: dict[str, Importer[Any, Any]] = {}


def register(importer: Importer[Any, Any]) -> None:
    """Hand an importer to the pipeline (in the app's ``AppConfig.ready()``), so the worker
    can apply its queued runs and recovery can find its runs."""
    _registry[importer.label] = importer


def unregister(importer: Importer[Any, Any]) -> None:
    _registry.pop(importer.label, None)


def importer_for(label: str) -> Importer[Any, Any]:
    """The importer of a run model, by its label (``app_label.ModelName``)."""
    return _registry[label]


def importers() -> Iterator[Importer[Any, Any]]:
    return iter(list(_registry.values()))
