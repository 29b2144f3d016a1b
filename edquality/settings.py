"""The one settings module: every value that differs between machines comes from the environment."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from edquality.env import Env

env = Env()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.text("EDQUALITY_VAR_DIR", str(BASE_DIR / "var")))

# "development" (the default, for make run and tests) or "production" (strict checks).
ENVIRONMENT = env.choice("EDQUALITY_ENV", ("development", "production"), "development")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env.flag("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG cannot be true when EDQUALITY_ENV is production.")

if PRODUCTION:
    SECRET_KEY = env.text("SECRET_KEY")
    if len(SECRET_KEY) < 40:
        raise ImproperlyConfigured("SECRET_KEY must be at least 40 characters in production.")
else:
    SECRET_KEY = env.text("SECRET_KEY", "development-only-key-never-used-in-production-0123456789")

ALLOWED_HOSTS = env.items("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated) in production.")

# Demo mode allows the demo users and seed_demo; never on in production.
DEMO_MODE = env.flag("EDQUALITY_DEMO", default=False)
if PRODUCTION and DEMO_MODE:
    raise ImproperlyConfigured("EDQUALITY_DEMO cannot be true when EDQUALITY_ENV is production.")

HTTPS = env.flag("HTTPS", default=PRODUCTION)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "auditlog",
    "axes",
    "core",
    "accounts",
    "organisations",
    "programmes",
    "access",
    "ratings",
    "assessments",
    "register",
    "web",
    "demo",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.DemoSessionMiddleware",
    "access.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "edquality.urls"
WSGI_APPLICATION = "edquality.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "core.jinja.AppTemplatesJinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "edquality.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.messages.context_processors.messages",
                "web.context_processors.service",
            ],
        },
    },
]

DATABASE_URL = env.text("DATABASE_URL", f"sqlite:///{VAR_DIR / 'edquality.sqlite3'}")
# How long a write on SQLite waits for another process's write (the worker applying a large
# import holds SQLite's one write lock for the whole import) before it gives up; see
# docs/decisions/0026-sqlite-requests-wait-for-the-worker.md.
SQLITE_BUSY_TIMEOUT = env.integer("SQLITE_BUSY_TIMEOUT", 60, minimum=1)
try:
    DATABASES = {
        # Health checks: a kept connection that the database dropped (a restart, a fail-over)
        # is replaced before it is used, rather than failing the request or the worker.
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes; a write waits its turn.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_BUSY_TIMEOUT,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # invitations use the same token: three days

# Five failures lock the account and address pair for an hour.
AXES_FAILURE_LIMIT = env.integer("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Lockouts, rate limits and the audit trail all take the client's address from here.
AXES_CLIENT_IP_CALLABLE = "core.client.client_address"

# How many proxies of our own stand in front of the service, each adding the address it saw
# to X-Forwarded-For. 0: none, the header is ignored and the connection's address is the
# client's. Counting from the right, so entries a client writes itself are never believed.
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0, minimum=0)

# Rate limits, each counted in a window of an hour from the first request (core.ratelimit).
RATE_LIMIT_WINDOW = 60 * 60
# Failed sign-ins from one client address, whichever accounts they name.
SIGN_IN_ADDRESS_LIMIT = env.integer("SIGN_IN_ADDRESS_LIMIT", 30, minimum=1)
# Password-reset e-mails to one account.
RESET_EMAIL_LIMIT = env.integer("RESET_EMAIL_LIMIT", 3, minimum=1)
# Password-reset requests from one client address, whichever addresses they name.
RESET_ADDRESS_LIMIT = env.integer("RESET_ADDRESS_LIMIT", 10, minimum=1)

# The rate limits' counters. "memory" is each process's own; "database" is shared by every
# web process (run `manage.py createcachetable` once per database).
CACHE = env.choice("CACHE", ("memory", "database"), "database" if PRODUCTION else "memory")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "edquality_cache"}
        if CACHE == "database"
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Two-step verification (access/second_factor.py): staff roles must use it in production;
# elsewhere it is optional unless SECOND_FACTOR_REQUIRED is set.
SECOND_FACTOR_REQUIRED = PRODUCTION or env.flag("SECOND_FACTOR_REQUIRED", default=False)
OTP_TOTP_ISSUER = "edquality"

SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    # The NHS design system's Frutiger web fonts are served only from this NHS address.
    "font-src": [CSP.SELF, "https://assets.nhs.uk"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [("nhsuk", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the source folders when collectstatic has not run (tests, development).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

TASKS = {
    "default": {
        "BACKEND": env.text("TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# E-mail: "console" prints messages, "file" writes them under var/mail, "smtp" sends them.
EMAIL_MODE = env.choice(
    "EMAIL_MODE", ("console", "file", "smtp"), "smtp" if PRODUCTION else "console"
)
if EMAIL_MODE == "smtp":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env.text("EMAIL_HOST", "localhost"),
                "port": env.integer("EMAIL_PORT", 25, minimum=1),
                "username": env.text("EMAIL_HOST_USER", ""),
                "password": env.text("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env.flag("EMAIL_USE_TLS", default=False),
            },
        }
    }
elif EMAIL_MODE == "file":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": env.text("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))},
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "edquality <no-reply@edquality.invalid>")
SERVICE_NAME = "edquality"
# The port `make run` serves on (PORT); e-mailed links follow it unless SERVICE_URL says
# where the service is reached.
PORT = env.integer("PORT", 8000, minimum=1)
SERVICE_URL = env.text("SERVICE_URL", f"http://127.0.0.1:{PORT}")

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Import files larger than this are refused before they are read.
IMPORT_MAX_BYTES = env.integer("IMPORT_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
# Self-assessment evidence files larger than this are refused.
EVIDENCE_MAX_BYTES = env.integer("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Larger uploads are spooled to files here while a request reads them. Django removes them when
# the request ends; the import recovery sweeps away any a killed process left behind.
FILE_UPLOAD_TEMP_DIR = str(VAR_DIR / "uploads")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}
CSRF_FAILURE_VIEW = "web.views.csrf_failure"
AUDITLOG_USE_FK_STRING_REPRESENTATION = True
