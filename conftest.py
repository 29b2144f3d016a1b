"""Fixtures every test can use: fast hashing, tasks run at once, the persona world."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.tasks import task_backends
from django.test import Client
from django.utils.connection import BaseConnectionHandler

from core.testing.world import World, build_world


@receiver(setting_changed)
def _reset_task_backends(*, setting: str, **kwargs: Any) -> None:
    # Django caches task backends; drop them when a test changes TASKS.
    if setting == "TASKS":
        task_backends.__dict__.pop("settings", None)
        BaseConnectionHandler.__init__(task_backends)


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = True


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    """A test client signed in as the named persona ("anonymous" for nobody)."""

    def make(persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.user(persona))
        return client

    return make
