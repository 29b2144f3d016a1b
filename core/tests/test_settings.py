"""Production refuses unsafe settings; the defaults suit trying the service out."""

import os
import subprocess
import sys

from django.conf import settings


def _load_settings(
    show: str = "DATABASES['default']['ENGINE']", **env: str
) -> subprocess.CompletedProcess[str]:
    ours = (
        *("EDQUALITY_", "DEBUG", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "PORT"),
        *("TRUSTED_PROXY_COUNT", "CACHE", "SIGN_IN_", "RESET_"),
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ours) and k != "SERVICE_URL"}
    clean.update(env)
    code = f"import edquality.settings as s; print(s.{show})"
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "-c", code],
        env=clean,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_production_needs_a_secret_key():
    result = _load_settings(EDQUALITY_ENV="production", ALLOWED_HOSTS="edquality.example")
    assert result.returncode != 0
    assert "Set the environment variable SECRET_KEY" in result.stderr


def test_production_refuses_debug_and_demo_mode():
    key = "k" * 50
    debug = _load_settings(EDQUALITY_ENV="production", SECRET_KEY=key, DEBUG="true")
    assert "DEBUG cannot be true" in debug.stderr
    demo = _load_settings(
        EDQUALITY_ENV="production", SECRET_KEY=key, ALLOWED_HOSTS="x", EDQUALITY_DEMO="1"
    )
    assert "EDQUALITY_DEMO cannot be true" in demo.stderr


def test_database_url_switches_to_postgresql():
    result = _load_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/test")
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_a_database_url_that_is_not_an_address_is_refused():
    result = _load_settings(DATABASE_URL="not a url")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_the_default_database_is_sqlite_under_var():
    result = _load_settings()
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_e_mailed_links_follow_the_port_the_service_is_served_on():
    assert _load_settings("SERVICE_URL").stdout.strip() == "http://127.0.0.1:8000"
    assert _load_settings("SERVICE_URL", PORT="8123").stdout.strip() == "http://127.0.0.1:8123"
    named = _load_settings("SERVICE_URL", PORT="8123", SERVICE_URL="https://edquality.example")
    assert named.stdout.strip() == "https://edquality.example"
    refused = _load_settings("SERVICE_URL", PORT="eighty")
    assert refused.returncode != 0 and "PORT" in refused.stderr


def test_no_proxy_is_trusted_unless_one_is_configured():
    assert _load_settings("TRUSTED_PROXY_COUNT").stdout.strip() == "0"
    assert _load_settings("TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT="2").stdout.strip() == "2"
    refused = _load_settings("TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT="-1")
    assert refused.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be at least 0" in refused.stderr


def test_rate_limits_are_shared_through_the_database_in_production():
    backend = "CACHES['default']['BACKEND']"
    production = {"EDQUALITY_ENV": "production", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "x"}

    assert _load_settings(backend).stdout.strip().endswith("locmem.LocMemCache")
    assert _load_settings(backend, **production).stdout.strip().endswith("db.DatabaseCache")
    assert (
        _load_settings(backend, CACHE="memory", **production)
        .stdout.strip()
        .endswith("locmem.LocMemCache")
    )
