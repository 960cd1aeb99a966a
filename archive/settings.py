"""Settings for Statement Archive. Every value comes from the environment.

Bad values stop start-up with a message naming the variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", "true")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-secret-key-not-for-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
for origin in CSRF_TRUSTED_ORIGINS:
    if not origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS entries must start with http:// or https://, not {origin!r}."
        )

ARCHIVE_DATA_DIR = Path(env_str("ARCHIVE_DATA_DIR", str(BASE_DIR / "var"))).resolve()

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except Exception as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at a PostgreSQL server (postgres://…).")
else:
    # The embedded server under ARCHIVE_DATA_DIR, started by the backend at the first
    # connection, which fills in HOST and PORT.
    DATABASES = {
        "default": {
            "ENGINE": "archive.embedded_backend",
            "NAME": "archive",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
        }
    }

# Two test runs against one server need different test databases.
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME") or None}
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
CONN_HEALTH_CHECKS = True

# Streaming replicas of the primary: public reading goes to them (archive/replicas.py).
DATABASE_REPLICAS = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS", ""), start=1):
    try:
        replica = dj_database_url.parse(url, conn_max_age=60)
    except Exception as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URLS: {url!r} is not valid: {exc}") from None
    # Tests read the primary's test database through the replica's name.
    DATABASES[f"replica{number}"] = {**replica, "TEST": {"MIRROR": "default"}}
    DATABASE_REPLICAS.append(f"replica{number}")
DATABASE_ROUTERS = ["archive.replicas.PrimaryReplicaRouter"]

# Live sync of public channels: where the web preview lives, and how politely to read it.
TELEGRAM_PREVIEW_URL = env_str("TELEGRAM_PREVIEW_URL", "https://t.me/s/")
SYNC_DELAY_SECONDS = float(env_int("SYNC_DELAY_MS", 1500)) / 1000
SYNC_RETRIES = env_int("SYNC_RETRIES", 4)

# The import worker says it is alive on the run it works on every HEARTBEAT seconds; a
# running import silent for longer than ABANDONED_AFTER seconds was interrupted (its worker
# was killed) and is marked so, to be re-queued from the admin.
IMPORT_HEARTBEAT_SECONDS = env_int("IMPORT_HEARTBEAT_SECONDS", 10)
IMPORT_ABANDONED_AFTER_SECONDS = env_int("IMPORT_ABANDONED_AFTER_SECONDS", 120)

# Which review statuses the public sees: "published", or "published,new" for an archive
# whose editors review after publication.
PUBLIC_STATUSES = env_list("PUBLIC_STATUSES", "published")
for status in PUBLIC_STATUSES:
    if status not in ("published", "new"):
        raise ImproperlyConfigured(f"PUBLIC_STATUSES may hold published and new, not {status!r}.")

# Public searches that run longer than this are cancelled with a friendly message.
SEARCH_TIMEOUT_MS = env_int("SEARCH_TIMEOUT_MS", 10000)
# Results up to this size have exact facets, timeline and relevance order; bigger ones have
# their facets counted on a sample (marked as estimates). Every count is exact.
SEARCH_EXACT_COUNT_CAP = env_int("SEARCH_EXACT_COUNT_CAP", 100_000)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_filters",
    "statements",
]

MIDDLEWARE = [
    "archive.health.DatabaseUnavailableMiddleware",
    "archive.replicas.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "archive.middleware.RateLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

# Logins are throttled after repeated failures (statements/throttle.py).
AUTHENTICATION_BACKENDS = ["statements.throttle.ThrottledModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Files editors upload for import (served to nobody; the import worker reads them).
# Counts of the whole archive and its unfiltered facets, computed every few minutes: on disk,
# so that every worker of a machine shares them. Each search's kept result, facets and
# ranking have a cache of their own (statements/search/totals.py), which holds more entries
# and, when full, drops a third of them without touching the archive's numbers.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(ARCHIVE_DATA_DIR / "cache"),
    },
    "searches": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(ARCHIVE_DATA_DIR / "search-cache"),
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

MEDIA_ROOT = ARCHIVE_DATA_DIR / "uploads"
MEDIA_URL = "uploads/"
# Big imports enrich in a second process while the database writes (set false to keep one).
IMPORT_PARALLEL = env_bool("IMPORT_PARALLEL", "true")
# Uploads up to this size are imported during the request; bigger ones by the worker.
IMPORT_INLINE_MAX_BYTES = env_int("IMPORT_INLINE_MAX_BYTES", 2 * 1024 * 1024)
# The largest file an editor may upload for import (bigger ones: manage.py import_statements).
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 2 * 1024**3)
# Bulk corrections of up to this many statements are applied at once; bigger ones go to the worker.
BULK_INLINE_MAX = env_int("BULK_INLINE_MAX", 1000)
# Per client address: API requests a minute, exports an hour (0: no limit).
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 300)
EXPORTS_PER_HOUR = env_int("EXPORTS_PER_HOUR", 60)
# Where the client's address is, for the rate limits and the logins' throttle: behind a
# proxy that adds it to a header, that header as Django names it (HTTP_X_FORWARDED_FOR);
# the last address there counts, the one the proxy added.
RATE_LIMIT_CLIENT_HEADER = env_str("RATE_LIMIT_CLIENT_HEADER", "REMOTE_ADDR")
if RATE_LIMIT_CLIENT_HEADER != "REMOTE_ADDR" and not RATE_LIMIT_CLIENT_HEADER.startswith("HTTP_"):
    raise ImproperlyConfigured(
        "RATE_LIMIT_CLIENT_HEADER must be REMOTE_ADDR or a header as Django names it "
        f"(HTTP_X_FORWARDED_FOR), not {RATE_LIMIT_CLIENT_HEADER!r}."
    )
# Alerts by e-mail (statements/alerts/): sign-ups and requests for deletion per client
# address an hour (0: no limit); mails of either kind to one address a day.
ALERT_SIGNUPS_PER_HOUR = env_int("ALERT_SIGNUPS_PER_HOUR", 20)
ALERT_MAILS_PER_ADDRESS_PER_DAY = env_int("ALERT_MAILS_PER_ADDRESS_PER_DAY", 5)
# How often the worker looks for digests that are due.
DIGEST_CHECK_SECONDS = env_int("DIGEST_CHECK_SECONDS", 300)

# Mail: SMTP when EMAIL_HOST is set; else printed on the console (development). Tests use
# Django's in-memory outbox. Links in mails sent by the worker start with SITE_URL.
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}.")
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
if EMAIL_HOST and not DEBUG and "SITE_URL" not in os.environ:
    raise ImproperlyConfigured("SITE_URL must be set when mail is sent (EMAIL_HOST is set).")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", "true")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", "false")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Statement Archive <alerts@localhost>")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if not DEBUG:
    # Production sits behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", "true")
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", "true")
    # A year of HTTPS only; HSTS_SECONDS=0 while trying a deployment out.
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", "true")
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", "true")
    # Health checks from the load balancer come over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"
# Pages load scripts, styles and images from the site only; no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
