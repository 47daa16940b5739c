"""Django settings, driven by environment variables through small typed helpers.

One module for every deployment (healthchecks-style): a variable that is set but
malformed fails loudly at start-up instead of silently falling back. SQLite is the
default because a county workspace is small and a single file is easy to back up;
``DATABASE_URL`` switches to PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
import warnings
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

# Lets ModelAdmin[Model], QuerySet[Model] etc. be subscripted at run time (typing only).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parents[2]


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)
# Without SECRET_KEY: a fixed development key under DEBUG, otherwise a random key per
# process (secure, but sessions end at restart) and a system-check warning (orgs.checks).
SECRET_KEY_FROM_ENV = bool(os.environ.get("SECRET_KEY"))
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "django-insecure-jixiao-development-only" if DEBUG else secrets.token_urlsafe(50)
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_htmx",
    "axes",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "jixiao.web.orgs",
    "jixiao.web.common",
    "jixiao.web.people",
    "jixiao.web.jobs",
    "jixiao.web.plans",
    "jixiao.web.monitoring",
    "jixiao.web.documents",
    "jixiao.web.rectification",
    "jixiao.web.selfeval",
    "jixiao.web.api",
    "jixiao.web.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the application server itself (compressed, cached forever by
    # hashed name): no separate file server is needed behind the reverse proxy.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jixiao.web.common.middleware.UploadLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jixiao.web.common.middleware.BusyDatabaseMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # AxesMiddleware must be last: it turns a lock-out into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jixiao.web.urls"
WSGI_APPLICATION = "jixiao.web.wsgi.application"
ASGI_APPLICATION = "jixiao.web.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jixiao.web.plans.context_processors.notifications",
            ],
        },
    },
]

DATA_DIR = Path(env_str("JIXIAO_DATA_DIR", str(REPO_DIR / "var")))
DATABASE_URL = env_str("DATABASE_URL", "")
if not DATABASE_URL:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
# PostgreSQL keeps each worker's connection for DB_CONN_MAX_AGE seconds (default 600,
# health-checked before reuse): a new connection per request cost 1.3–1.7× throughput.
_PG = DATABASE_URL.startswith(("postgres://", "postgresql://"))
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{DATA_DIR / 'jixiao.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 600 if _PG else 0),
        conn_health_checks=_PG,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers while one request writes (WAL); a writer waits for the lock up
    # to the busy timeout instead of failing at once, and takes it when its transaction
    # begins (IMMEDIATE: no deadlock between two readers upgrading). The file lives
    # under var/.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    options["transaction_mode"] = "IMMEDIATE"
    options["timeout"] = env_int("SQLITE_BUSY_TIMEOUT", 20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Lock-out after repeated failed logins (django-axes), per user name + IP.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(REPO_DIR / "staticfiles")))
# Without ``collectstatic`` WhiteNoise finds the apps' static files itself (make run),
# and an absent STATIC_ROOT is expected, not worth a warning.
WHITENOISE_USE_FINDERS = not env_bool("STATIC_MANIFEST", False)
if WHITENOISE_USE_FINDERS:
    warnings.filterwarnings("ignore", message="No directory at")
if not DEBUG and env_bool("STATIC_MANIFEST", False):
    # After ``collectstatic`` (production): hashed, compressed names, cached forever.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Background jobs (jixiao.web.jobs): Celery with Redis as the broker in production
# (CELERY_BROKER_URL=redis://…); without a broker, jobs run eagerly in the web process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "jixiao")
CELERY_TASK_IGNORE_RESULT = True  # results live in the Job row
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long jobs: a worker takes one at a time
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Uploads: the import page and the API refuse files above this size (bytes).
JIXIAO_MAX_UPLOAD_BYTES = env_int("JIXIAO_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = JIXIAO_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = JIXIAO_MAX_UPLOAD_BYTES + 1024 * 1024
# What one uploaded document may contain (the [limits] keys of jixiao.toml, see
# jixiao.core.readers.limits): e.g. {"max_indicators": 1000, "max_archive_mb": 100}.
JIXIAO_READ_LIMITS: dict[str, int] = {}

NINJA_PAGINATION_PER_PAGE = 100
# Every paginated API list uses the bounded limit/offset pages of the common app.
NINJA_PAGINATION_CLASS = "jixiao.web.common.api.Page"

# E-mail (催报 and invitations): sent only when a county configures a mail server
# (EMAIL_HOST, SMTP) or a backend (EMAIL_BACKEND; `jixiao demo` prints mails on the
# console). Without either the reminders stay in-app notifications only.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "jixiao@localhost")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.dummy.EmailBackend",
)
JIXIAO_SEND_EMAIL = env_bool("JIXIAO_SEND_EMAIL", bool(EMAIL_HOST) or "EMAIL_BACKEND" in os.environ)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "jixiao.web.common.logging.RefusalWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
