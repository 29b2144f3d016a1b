"""A tiny import on the pipeline, for testing the flow without any app.

Its run model gets a table for the tests that ask for ``fake_runs``; its "data" is a dict
the tests change between a preview and a confirmation, and what it applied is a list.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from django.db import connection, models

from core.imports.errors import ErrorList
from core.imports.importer import Importer, Progress, Wording, register, unregister
from core.imports.models import ImportRunBase


class FakeRun(ImportRunBase):
    """A run of the fake import."""

    upload_folder = "fake-imports"
    objects: ClassVar[models.Manager[FakeRun]] = models.Manager()

    class Meta:
        app_label = "core"


@dataclass
class FakePlan:
    """Each line of the file is a row; a line starting with "=" is an error."""

    rows: int = 0
    errors: ErrorList = field(default_factory=ErrorList)
    lines: list[str] = field(default_factory=list)
    state: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.errors and self.rows > 0

    def counts(self) -> dict[str, int]:
        return {"rows": self.rows, "written": len(self.lines)}

    def summary(self) -> dict[str, Any]:
        return self.counts() | {"state": self.state}


DATA: dict[str, Any] = {}


def _check(data: bytes, *, run: FakeRun, actor: Any, progress: Progress | None) -> FakePlan:
    plan = FakePlan()
    for number, line in enumerate(data.decode().splitlines(), start=1):
        if line.startswith("="):
            plan.errors.add(number, "1", "the cell is a formula.")
        plan.rows += 1
        plan.lines.append(line)
        if progress is not None and number % 2 == 0:
            progress(number)
            DATA["progress"].append(FakeRun.objects.get(pk=run.pk).rows_done)
    return plan


def _compare(plan: FakePlan) -> FakePlan:
    plan.state = DATA["state"]
    return plan


def _fingerprint(plan: FakePlan) -> str:
    return hashlib.sha256(repr((plan.lines, plan.state)).encode()).hexdigest()


def _apply(plan: FakePlan, *, actor: Any, run: FakeRun) -> None:
    if DATA["crash"]:
        raise RuntimeError("the worker stopped")
    DATA["applied"].extend(plan.lines)


def fake_importer(background_rows: int | None = None) -> Importer[FakePlan, FakeRun]:
    return Importer(
        run_model=FakeRun,
        check=_check,
        compare=_compare,
        apply=_apply,
        fingerprint=_fingerprint,
        max_bytes=lambda: 10_000,
        wording=Wording(plan_changed="The data moved.", already_imported="{file_name} is done."),
        background_rows=background_rows,
    )


@pytest.fixture(scope="module")
def fake_table(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The fake run model's table, for the module's tests."""
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(FakeRun)
        yield
        with connection.schema_editor() as editor:
            editor.delete_model(FakeRun)


@pytest.fixture
def fake_data(fake_table: None, db: None) -> Iterator[dict[str, Any]]:
    """The fake import's data, fresh for each test; its importer is registered meanwhile."""
    DATA.clear()
    DATA.update(state="a", crash=False, applied=[], progress=[])
    importer = fake_importer()
    register(importer)
    yield DATA
    unregister(importer)
