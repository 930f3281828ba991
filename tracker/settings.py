"""Settings for Commitment Tracker, read from the environment (see .env.example)."""

import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it, or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-not-for-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "simple_history",
    "tracker",
    "corpus_import",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETags and 304 answers for API lists and pages (streamed CSV is left alone).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records which user made each change in the models' history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "tracker.wsgi.application"


def database_settings(url: str | None) -> dict:
    """The database `DATABASE_URL` names (unset: the SQLite file); a URL that names none is a
    configuration error in one line, not a traceback from the URL parser."""
    if url is None:
        url = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    if not url.strip():
        raise ImproperlyConfigured(
            "DATABASE_URL is empty: unset it to use the SQLite file db.sqlite3, or set it to "
            "e.g. postgres://user@host:5432/name."
        )
    try:
        return dj_database_url.parse(
            url.strip(), conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
        )
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL {url!r} names no database ({str(error).split('.')[0]}); use e.g. "
            "postgres://user@host:5432/name or sqlite:////path/to/file.sqlite3."
        ) from None


DATABASES = {"default": database_settings(os.environ.get("DATABASE_URL"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers (the API) work while an import writes; IMMEDIATE transactions take the
    # write lock up front, so two writers wait for each other instead of failing mid-transaction
    # with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parallel workers for one query: starting them cost a filtered list page about 15 ms,
    # and while the web workers keep every core busy they only take turns with them.
    # Set above 0 where the cores outnumber the web workers.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c max_parallel_workers_per_gather=" + os.environ.get("DJANGO_PG_PARALLEL_WORKERS", "0")
    )


def cache_settings(url: str, database: dict) -> dict:
    """The cache that `DJANGO_CACHE_URL` names, kept apart per database.

    `file:///folder` (the default, a folder in the project) is shared by the processes of one
    machine, so gunicorn's workers fill one cache and count one throttle per client;
    `redis://host:port/db` is shared by several machines; `locmem://` is one per process.
    """
    identity = "|".join(str(database.get(key, "")) for key in ("ENGINE", "HOST", "PORT", "NAME"))
    digest = hashlib.sha256(identity.encode()).hexdigest()[:12]
    parts = urlsplit(url)
    if parts.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if parts.scheme == "file":
        return {
            "BACKEND": "tracker.cache.FolderCache",
            "LOCATION": str(Path(parts.path or BASE_DIR / ".cache") / f"db-{digest}"),
        }
    if parts.scheme in {"redis", "rediss"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": digest,
        }
    raise ImproperlyConfigured(
        f"DJANGO_CACHE_URL {url!r}: use locmem://, file:///folder or redis://host:port/db."
    )


CACHES = {
    "default": cache_settings(
        os.environ.get("DJANGO_CACHE_URL", f"file://{BASE_DIR / '.cache'}"), DATABASES["default"]
    )
}


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "tracker" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security. Production (DJANGO_DEBUG off) is HTTPS-only with HSTS and secure cookies; behind a
# TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=1 so Django trusts X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A pasted article may be as large as an article file (`corpus_import.reading`, 5,000,000 bytes),
# with room for the form's other fields; beyond that Django refuses the request itself.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_500_000
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # The admin and the browsable API set a few inline style attributes.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Brute-force protection for logins: lock a username from one client address after repeated
# failures, so curators sharing an office address do not lock each other out. Behind a proxy,
# name the header that carries the client address (DJANGO_CLIENT_IP_HEADER=HTTP_X_FORWARDED_FOR)
# and how many proxies append to it (DJANGO_PROXY_COUNT).
AXES_ENABLED = env_bool("DJANGO_AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("DJANGO_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_META_PRECEDENCE_ORDER = tuple(
    [*env_list("DJANGO_CLIENT_IP_HEADER", "REMOTE_ADDR"), "REMOTE_ADDR"]
)
if os.environ.get("DJANGO_PROXY_COUNT"):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["DJANGO_PROXY_COUNT"])

# How long anonymous API answers may be reused, by clients and by the server's cache.
API_CACHE_SECONDS = int(os.environ.get("DJANGO_API_CACHE_SECONDS", "60"))

# The API is read-only for everyone; staff log in (session or HTTP Basic over HTTPS) only to
# see items still under review. DRF's defaults (anyone, unpaginated, unthrottled) are replaced.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "tracker.api.csv_export.CSVRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "tracker.api.negotiation.FormatAwareNegotiation",
    # Basic first: DRF takes the first class's challenge, so a wrong password answers 401 with
    # `WWW-Authenticate: Basic` (session authentication has no challenge and gave 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.BasicAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "tracker.api.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "tracker.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "tracker.api.throttles.AnonymousRateThrottle",
        "tracker.api.throttles.LoggedInRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("DJANGO_API_ANON_RATE", "120/minute"),
        "user": os.environ.get("DJANGO_API_USER_RATE", "1200/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "tracker.api.schema.ReadApiSchema",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Commitment Tracker API",
    "DESCRIPTION": "Read-only access to meetings, participants, commitments and follow-ups "
    "extracted from Vietnamese diplomatic news and reviewed by curators. Every operation works "
    "without credentials; staff sign in with HTTP Basic or a session to see items under review.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from our own static files: the CSP allows no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CommitmentKindEnum": "tracker.models.Commitment.Kind",
        "MeetingKindEnum": "tracker.models.Meeting.Kind",
        "PartyKindEnum": "tracker.models.Party.Kind",
        "StatusEnum": "tracker.models.Status",
        "ReviewStateEnum": "tracker.models.ReviewState",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    # Django's own "django" logger has a console handler for debug mode and also passes its
    # records up to the root's: every 4xx and error was printed twice. Its records go to the
    # root's console only; in debug mode its informational lines still show, as before.
    "loggers": {
        "django": {
            "handlers": [],
            "propagate": True,
            "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO" if DEBUG else "WARNING"),
        }
    },
}
